"""PDF drafts: positioned text from pypdf, rebuilt into paragraphs, then the common grammar.

A PDF has lines, not paragraphs. Lines are grouped by baseline; a line joins the paragraph above unless
something says a new one starts: a heading, item or footnote start, a vertical gap wider than the document's
usual line spacing, a first-line indent, or a short line above (a paragraph's last line). Lines with several
cells far apart are table rows. Running headers/footers (a line repeated at the same height on several pages)
and page numbers at the top or bottom of a page are dropped.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError

from drafts.assemble import Block, build_outline
from drafts.errors import DraftError
from drafts.headings import match_numbered, match_part_or_appendix
from drafts.model import Outline
from drafts.pdf_limits import ContentBudget, Visitor, pypdf_limits
from drafts.text import (
    SUPERSCRIPT_DIGITS,
    clean,
    is_header_line,
    is_page_furniture,
    is_signature,
    is_terminated,
    match_footnote,
    starts_item,
)

# Average glyph width as a share of the font size: only used to tell cells apart from words.
_GLYPH_WIDTH = 0.5
_DIGITS = re.compile(r"\d+")
_HYPHEN_END = re.compile(r"\w-$")
# A label Word list numbering draws before a tab: "II.", "2.1.", "(7)", "a)", a bullet.
_LIST_LABEL = re.compile(r"^([IVXLC]+\.|\d{1,2}(\.\d{1,2}){0,3}\.|\(\d{1,3}\)-?|[a-zđ]\)|[-–+•])$")


@dataclass
class _Line:
    page: int
    y: float
    size: float
    segments: list[tuple[float, str]] = field(default_factory=list)  # (x, text), left to right
    number: int = 0  # 1-based line number on its page, furniture excluded

    @property
    def x(self) -> float:
        return self.segments[0][0]

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.segments).strip()


def read_pdf(path: Path) -> Outline:
    # pypdf logs recoverable damage as warnings; a draft that reads is good enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    budget = ContentBudget(path, path.stat().st_size)  # PDF bombs: drafts.pdf_limits
    try:
        with pypdf_limits():
            reader = PdfReader(str(path))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DraftError("drafts.bad_pdf", path=str(path))
            all_pages = list(reader.pages)
            forms = budget.check_pages(all_pages)
            pages = [
                _page_lines(page, number, budget.visitor(forms[number - 1]))
                for number, page in enumerate(all_pages, start=1)
            ]
    except LimitReachedError as exc:  # one of pypdf's own limits, as tightened by pypdf_limits
        raise budget.refuse() from exc
    except (PdfReadError, PyPdfError, ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
        raise DraftError("drafts.bad_pdf", path=str(path)) from exc
    if budget.exceeded:  # crossed inside a form, where pypdf swallows errors, on the last operator of the file
        raise budget.refuse()
    if not any(pages):
        raise DraftError("drafts.pdf_no_text", path=str(path))
    pages = _drop_furniture(pages)
    return build_outline(pdf_blocks(pages))


def _page_lines(page: object, number: int, visitor: Visitor | None = None) -> list[_Line]:
    fragments: list[tuple[float, float, float, str]] = []  # (y, x, size, text)

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (abs(tm[3]) or abs(tm[0]) or 1.0) * (abs(cm[3]) or abs(cm[0]) or 1.0)
        height = max(size * scale, 1.0)
        # Some producers put several lines in one call: lay them out one line height apart.
        for offset, part in enumerate(text.split("\n")):
            if part.strip():
                fragments.append((y - offset * height * 1.2, x, height, part))

    page.extract_text(visitor_text=visit, visitor_operand_before=visitor)  # type: ignore[attr-defined]
    fragments.sort(key=lambda f: (-f[0], f[1]))
    lines: list[_Line] = []
    for y, x, size, text in fragments:
        line = lines[-1] if lines else None
        if line is None or abs(line.y - y) > 0.5 * max(size, line.size):
            line = _Line(page=number, y=y, size=size)
            lines.append(line)
        line.size = max(line.size, size)
        line.segments.append((x, text))
    for line in lines:
        line.segments = _join_list_label(_merge_segments(sorted(line.segments), line.size), line.size)
    return lines


def _join_list_label(segments: list[tuple[float, str]], size: float) -> list[tuple[float, str]]:
    """A list label and its text, kept a tab stop apart, are one line of text, not a two-cell table row."""
    if len(segments) != 2 or not _LIST_LABEL.match(segments[0][1]) or not segments[1][1][:1].isalpha():
        return segments
    (x, label), (next_x, text) = segments
    if next_x - (x + len(label) * size * _GLYPH_WIDTH) > 3 * size:
        return segments
    return [(x, f"{label} {text}")]


def _merge_segments(segments: list[tuple[float, str]], size: float) -> list[tuple[float, str]]:
    """Join pieces of one run of text; keep pieces separated by a wide gap apart (table cells)."""
    merged: list[tuple[float, str]] = []
    for x, text in segments:
        if merged:
            last_x, last_text = merged[-1]
            end = last_x + len(last_text) * size * _GLYPH_WIDTH
            if len(text.strip()) <= 3 and x < end and _fill_placeholder(merged, x, text.strip(), size):
                continue
            if x - end < size * 1.2:
                glue = "" if last_text.endswith(" ") or text.startswith(" ") else " "
                merged[-1] = (last_x, f"{last_text}{glue}{text}")
                continue
        merged.append((x, text))
    return [(x, " ".join(text.split())) for x, text in merged]


def _fill_placeholder(merged: list[tuple[float, str]], x: float, glyph: str, size: float) -> bool:
    """Put a glyph drawn from a fallback font (a "⁰" missing from the text font) back into the run it
    belongs to. The run holds a space where the glyph was drawn; prefer one right after a superscript digit
    when the glyph is one, else the space nearest to where the glyph sits."""
    last_x, last_text = merged[-1]
    estimate = (x - last_x) / (size * _GLYPH_WIDTH)
    spaces = [i for i, ch in enumerate(last_text) if ch == " " and i > 0]
    if glyph[0] in SUPERSCRIPT_DIGITS:
        spaces = [i for i in spaces if last_text[i - 1] in SUPERSCRIPT_DIGITS] or spaces
    if not spaces:
        return False
    best = min(spaces, key=lambda i: abs(i - estimate))
    merged[-1] = (last_x, f"{last_text[:best]}{glyph}{last_text[best + 1 :]}")
    return True


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop running headers/footers and page numbers; number the remaining lines of each page."""
    edge_keys: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        for line in lines[:2] + lines[-2:]:
            if len(line.segments) == 1:
                edge_keys[_furniture_key(line)] += 1
    # The same words at the same height on three page edges are a running header or footer, not text.
    repeated = {key for key, count in edge_keys.items() if count >= 3}
    result = []
    for lines in pages:
        edges = {id(line) for line in lines[:2] + lines[-2:]}
        kept = [
            line
            for line in lines
            if id(line) not in edges
            # Congress banners repeat on appendix pages too; drafts.assemble drops them with their context.
            or is_header_line(clean(line.text), after_header=True)
            or (_furniture_key(line) not in repeated and not is_page_furniture(clean(line.text)))
        ]
        for number, line in enumerate(kept, start=1):
            line.number = number
        result.append(kept)
    return result


def _furniture_key(line: _Line) -> tuple[str, int]:
    # Page numbers inside a running footer change from page to page; the height does not.
    return _DIGITS.sub("#", clean(line.text)), round(line.y / 3)


def pdf_blocks(pages: list[list[_Line]]) -> list[Block]:
    """Paragraph and table blocks from the lines of all pages, in reading order."""
    ratio = _line_spacing_ratio(pages)
    sizes = Counter(round(line.size) for lines in pages for line in lines)
    body = float(sizes.most_common(1)[0][0]) if sizes else 0.0  # the size of running text
    blocks: list[Block] = []
    paragraph: list[_Line] = []
    rows: list[list[str]] = []
    table_start: _Line | None = None

    def close_paragraph() -> None:
        if paragraph:
            text = paragraph[0].text
            for line in paragraph[1:]:
                # "2026-" at a line end then "2031)": the layout broke a hyphenated token, not two words.
                glue = "" if _HYPHEN_END.search(text) else " "
                text = f"{text}{glue}{line.text}"
            blocks.append(Block(text=text, page=paragraph[0].page, line=paragraph[0].number))
            paragraph.clear()

    def close_table() -> None:
        nonlocal table_start
        if rows and table_start is not None:
            blocks.append(Block(rows=[list(row) for row in rows], page=table_start.page, line=table_start.number))
        rows.clear()
        table_start = None

    for lines in pages:
        left = _left_margin(lines)
        full = _full_lengths(lines)
        for line in lines:
            if len(line.segments) > 1 or (rows and _inside_table(line, left) and not _starts_block(line)):
                close_paragraph()
                if not rows:
                    table_start = line
                rows.append([text for _, text in line.segments])
                continue
            close_table()
            if paragraph and not _continues(paragraph, line, ratio, full, left, body):
                close_paragraph()
            paragraph.append(line)
    close_paragraph()
    close_table()
    return blocks


def _line_spacing_ratio(pages: list[list[_Line]]) -> float:
    """The usual baseline distance inside a paragraph, as a multiple of the font size."""
    ratios: Counter[float] = Counter()
    for lines in pages:
        for above, below in pairwise(lines):
            if len(above.segments) == len(below.segments) == 1 and above.size == below.size:
                ratios[round((above.y - below.y) / below.size, 2)] += 1
    common = [ratio for ratio, _ in ratios.most_common(3) if ratio > 0.8]
    return min(common) if common else 1.2


def _left_margin(lines: list[_Line]) -> float:
    """Where running text starts on this page (wrapped table cells do not count: they are short)."""
    xs = Counter(round(line.x) for line in lines if len(line.segments) == 1 and len(line.text) >= 30)
    return float(xs.most_common(1)[0][0]) if xs else 0.0


def _full_lengths(lines: list[_Line]) -> dict[int, int]:
    """The length in characters of a full line of running text on this page, per font size (footnotes are
    set smaller and fit more characters on a line)."""
    by_size: dict[int, list[int]] = {}
    for line in lines:
        if len(line.segments) == 1:
            by_size.setdefault(round(line.size), []).append(len(line.text))
    return {size: sorted(lengths)[int(len(lengths) * 0.8)] for size, lengths in by_size.items()}


def _inside_table(line: _Line, left: float) -> bool:
    """A one-cell line under a table row: wrapped cell text, unless it starts at the margin with prose."""
    return line.x > left + 2 or len(line.text) <= 12


def _starts_block(line: _Line) -> bool:
    """Lines that begin a block whatever the layout: headings, footnotes, page banners."""
    text = clean(line.text)
    return bool(
        match_numbered(text)
        or match_part_or_appendix(line.text)
        or match_footnote(text)
        or is_header_line(text, after_header=True)
        or is_signature(text)
        or is_page_furniture(text)
    )


def _continues(
    paragraph: list[_Line], line: _Line, ratio: float, full: dict[int, int], left: float, body: float
) -> bool:
    previous = paragraph[-1]
    above = clean(previous.text)
    if _starts_block(line) or is_header_line(above, after_header=True) or is_page_furniture(above):
        return False
    if abs(line.size - previous.size) > 0.15 * previous.size:
        return False  # body text and footnotes are set in different sizes
    if line.page != previous.page and match_footnote(clean(paragraph[0].text)) and line.size >= body:
        # Body-size text at the top of a page after a footnote resumes the body above the footnotes:
        # drafts.assemble joins it to the right paragraph, with the whole sequence in view.
        return False
    if line.page == previous.page and previous.y - line.y > ratio * line.size * 1.25 + 1:
        return False  # paragraph spacing
    if line.x > previous.x + 0.8 * line.size and line.x > left + 0.8 * line.size:
        return False  # first-line indent, or a centred title line
    if len(previous.text) < 0.75 * full.get(round(previous.size), 80):
        return False  # a short line above ends its paragraph
    # An item label or a bullet at the start of a wrapped line is only a new item after a finished one.
    return not (starts_item(clean(line.text)) and is_terminated(above))
