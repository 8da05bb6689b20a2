"""The text layer of a PDF as printed: glyphs with their positions (PDFium, through pypdfium2), rebuilt into lines.

Each glyph comes with the box of its advance and its baseline, so a line is rebuilt from geometry alone, never
from the order of the drawing operators: justified text (every word placed on its own), bold and italic runs
inside a line and superscript marks come out in the order they are printed. A word gap is a gap between two glyph
boxes wider than WORD_GAP of the font size (or a space glyph); a gap wider than CELL_GAP is a new segment (a table
cell, a tab stop). A glyph set smaller and raised above its line is a superscript: digits become "¹²³", the way
the text form prints footnote references. PDFium is the extractor chosen by measuring (bench/README.md).

`lines_from_glyphs` is independent of PDFium, so the benchmark can feed other extractors' glyphs to the same
rebuilding and compare the extractors alone.
"""

from __future__ import annotations

import ctypes
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafts.text import SUPERSCRIPT_DIGITS

WORD_GAP = 0.15  # of the font size: no letter pair is set this far apart, a justified word gap always is
CELL_GAP = 1.2  # of the font size: wider than any justified word gap; a tab stop or a table column
_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_SMALL = 0.8  # a superscript is set at most this share of its line's size…
_RAISE = 0.6  # …with its baseline at most this share of the line's size above the line's


@dataclass
class Glyph:
    """One printed character: its text, the left and right of its advance box, its baseline and font size."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    superscript: bool = False


@dataclass
class Segment:
    """A run of words on a line; `first_word` is the printed width of its first word (what a line above with
    that much room left would have taken, had the line been wrapped there)."""

    x0: float
    x1: float
    text: str
    first_word: float = 0.0


@dataclass
class PdfLine:
    """A printed line: its page (1-based), baseline, body font size and segments, left to right. `number` is its
    line number on the page once running headers, footers and page numbers are taken out (drafts.pdf_reader)."""

    page: int
    y: float
    size: float
    segments: list[Segment] = field(default_factory=list)
    number: int = 0

    @property
    def x(self) -> float:
        return self.segments[0].x0

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments).strip()


@dataclass
class _Run:
    """Glyphs drawn one after another on one baseline; `y` and `size` are those of its body glyphs."""

    y: float
    size: float
    glyphs: list[Glyph]

    @property
    def only_superscript(self) -> bool:
        return all(glyph.superscript for glyph in self.glyphs)


def _joins(run: _Run, glyph: Glyph) -> bool:
    """Whether `glyph`, drawn right after `run`, continues it (raising it to a superscript if it is one)."""
    last = run.glyphs[-1]
    if glyph.x0 < last.x1 - 0.3 * max(run.size, glyph.size):
        return False  # drawn back to the left: another line or column
    if abs(glyph.y - run.y) <= 0.15 * max(glyph.size, run.size):
        return True
    if glyph.size <= _SMALL * run.size and run.y < glyph.y <= run.y + _RAISE * run.size and not run.only_superscript:
        glyph.superscript = True
        return True
    if run.only_superscript and run.size <= _SMALL * glyph.size and glyph.y < run.y <= glyph.y + _RAISE * glyph.size:
        run.y, run.size = glyph.y, glyph.size  # the superscript began the run: the body sets the baseline
        return True
    return False


def _runs(glyphs: Sequence[Glyph]) -> list[_Run]:
    runs: list[_Run] = []
    for glyph in glyphs:
        if glyph.text in ("\r", "\n", ""):
            continue
        if runs and _joins(runs[-1], glyph):
            runs[-1].glyphs.append(glyph)
            if not glyph.superscript and not runs[-1].only_superscript:
                runs[-1].size = max(runs[-1].size, glyph.size)
            continue
        runs.append(_Run(glyph.y, glyph.size, [glyph]))
    for run in runs:  # a run that stayed superscript-only is a mark of its own: its glyphs are its body
        if run.only_superscript:
            for glyph in run.glyphs:
                glyph.superscript = False
    return runs


def lines_from_glyphs(glyphs: Sequence[Glyph], page: int) -> list[PdfLine]:
    """The lines of one page, top to bottom, from its glyphs in drawing order."""
    runs = _runs(_attach_marks(glyphs))
    runs.sort(key=lambda run: -run.y)
    groups: list[list[_Run]] = []
    for run in runs:
        if groups and abs(groups[-1][0].y - run.y) <= 0.3 * max(groups[-1][0].size, run.size):
            groups[-1].append(run)
        else:
            groups.append([run])
    lines: list[PdfLine] = []
    for group in groups:
        ordered = sorted((glyph for run in group for glyph in run.glyphs), key=lambda glyph: glyph.x0)
        sizes = Counter(round(g.size * 2) / 2 for g in ordered if not g.superscript and not g.text.isspace())
        size = sizes.most_common(1)[0][0] if sizes else max(run.size for run in group)  # most of its letters'
        lines.append(PdfLine(page=page, y=group[0].y, size=size, segments=_segments(ordered, size)))
    return [line for line in lines if line.segments]


def _attach_marks(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """Combining marks drawn as glyphs of their own join the letter before them (sorting by x could put a mark
    before its letter)."""
    out: list[Glyph] = []
    for glyph in glyphs:
        if out and glyph.text and unicodedata.combining(glyph.text[0]):
            out[-1].text += glyph.text
        else:
            out.append(glyph)
    return out


def _segments(glyphs: list[Glyph], size: float) -> list[Segment]:
    segments: list[Segment] = []
    parts: list[str] = []
    start = end = 0.0
    first_word: float | None = None
    pending_space = False
    for glyph in glyphs:
        if glyph.text.isspace():
            pending_space = True
            continue
        gap = glyph.x0 - end
        if parts and gap > CELL_GAP * size:
            segments.append(Segment(start, end, _finish(parts), end - start if first_word is None else first_word))
            parts, first_word = [], None
        if not parts:
            start = end = glyph.x0
        elif pending_space or gap > WORD_GAP * size:
            parts.append(" ")
            if first_word is None:
                first_word = end - start
        pending_space = False
        parts.append(glyph.text.translate(_SUPERSCRIPT) if glyph.superscript else glyph.text)
        end = max(end, glyph.x1)
    if parts:
        segments.append(Segment(start, end, _finish(parts), end - start if first_word is None else first_word))
    return segments


def _finish(parts: list[str]) -> str:
    return unicodedata.normalize("NFC", "".join(parts)).strip()


# --- PDFium ---------------------------------------------------------------------------------------------------


def pdfium_pages(path: Path, expected: int | None = None) -> Iterator[list[PdfLine]]:
    """The lines of every page of the PDF at `path`, page by page (raises pypdfium2's PdfiumError). `expected`:
    the page count the budget was checked for; a file PDFium reads otherwise (a damaged cross-reference table
    repaired differently) raises ValueError rather than being read unchecked."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        if expected is not None and len(document) != expected:
            raise ValueError(f"PDFium sees {len(document)} pages, pypdf {expected}")
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    glyphs = list(_pdfium_glyphs(textpage.raw))
                finally:
                    textpage.close()
            finally:
                page.close()
            yield lines_from_glyphs(glyphs, index + 1)
    finally:
        document.close()


def _pdfium_glyphs(textpage: Any) -> Iterator[Glyph]:
    import pypdfium2.raw as raw

    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, index) == 1:
            continue  # spaces and line ends PDFium guesses: the geometry below decides
        code = raw.FPDFText_GetUnicode(textpage, index)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        if not raw.FPDFText_GetLooseCharBox(textpage, index, box):
            continue
        raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        size = raw.FPDFText_GetFontSize(textpage, index) or abs(box.top - box.bottom)
        text = "-" if code == 0x02 else chr(code)  # PDFium reports a hyphen at a line end as STX
        yield Glyph(text, min(box.left, box.right), max(box.left, box.right), y.value, size)
