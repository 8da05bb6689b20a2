"""PDF drafts: the printed lines (drafts.pdf_text, PDFium), rebuilt into paragraphs, then the common grammar.

A PDF has lines, not paragraphs. A line joins the paragraph above unless something says a new one starts: a
heading, item or footnote start, a vertical gap wider than the document's usual line spacing, a first-line
indent, or a short line above (a paragraph's last line). Lines with several cells far apart are table rows.
Running headers/footers (a line repeated at the same height on several pages) and page numbers at the top or
bottom of a page are dropped; the other lines of a page are numbered from 1, as a reader counts them.

The file is first checked by drafts.pdf_limits (pypdf parses it and inflates what PDFium would interpret,
against a budget), and only then handed to PDFium: a bomb is refused before any page is laid out.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError

from drafts.assemble import Block, build_outline
from drafts.errors import DraftError
from drafts.headings import match_numbered, match_part_or_appendix
from drafts.model import Outline
from drafts.pdf_limits import ContentBudget, pypdf_limits
from drafts.pdf_text import PdfLine, Segment, pdfium_pages
from drafts.text import (
    SUPERSCRIPT_DIGITS,
    clean,
    is_header_line,
    is_page_furniture,
    is_signature,
    is_terminated,
    key_length,
    lead_of,
    match_footnote,
    starts_item,
)

_DIGITS = re.compile(r"\d+")
_NOTE_MARK = re.compile(r"^(\d{1,3}) (?=\S)")
_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_HYPHEN_END = re.compile(r"\w-$")
# A label Word list numbering draws before a tab: "II.", "2.1.", "(7)", "a)", a bullet.
_LIST_LABEL = re.compile(r"^([IVXLC]+\.|\d{1,2}(\.\d{1,2}){0,3}\.|\(\d{1,3}\)-?|[a-zđ]\)|[-–+•])$")


def read_pdf(path: Path) -> Outline:
    pages = pdf_lines(path)
    if not any(pages):
        raise DraftError("drafts.pdf_no_text", path=str(path))
    return build_outline(pdf_blocks(pages))


def pdf_lines(path: Path) -> list[list[PdfLine]]:
    """The printed lines of every page, furniture dropped and numbered. Raises DraftError."""
    count = check_pdf(path)
    try:
        pages = list(pdfium_pages(path, count))
    except Exception as exc:  # pypdfium2 raises PdfiumError (a RuntimeError) and, on odd input, ctypes errors
        raise DraftError("drafts.bad_pdf", path=str(path)) from exc
    return tidy_lines(pages)


def tidy_lines(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Raw printed lines (any extractor's) → list labels joined to their text, furniture dropped, numbered."""
    return drop_furniture([_join_list_labels(lines) for lines in pages])


def check_pdf(path: Path) -> int:
    """Refuse a PDF that is broken, locked or costs more than its budget (drafts.pdf_limits); its page count."""
    # pypdf logs recoverable damage as warnings; a draft that reads is good enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    budget = ContentBudget(path, path.stat().st_size)  # PDF bombs: drafts.pdf_limits
    try:
        with pypdf_limits():
            reader = PdfReader(str(path))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DraftError("drafts.bad_pdf", path=str(path))
            pages = list(reader.pages)
            budget.check_pages(pages)
    except LimitReachedError as exc:  # one of pypdf's own limits, as tightened by pypdf_limits
        raise budget.refuse() from exc
    except (PdfReadError, PyPdfError, ValueError, TypeError, KeyError, AttributeError, OSError) as exc:
        raise DraftError("drafts.bad_pdf", path=str(path)) from exc
    return len(pages)


def _join_list_labels(lines: list[PdfLine]) -> list[PdfLine]:
    for line in lines:
        line.segments = _join_list_label(line.segments, line.size)
    return lines


def _join_list_label(segments: list[Segment], size: float) -> list[Segment]:
    """A list label and its text, kept a tab stop apart, are one line of text, not a two-cell table row."""
    if len(segments) != 2 or not _LIST_LABEL.match(segments[0].text) or not segments[1].text[:1].isalpha():
        return segments
    label, text = segments
    if text.x0 - label.x1 > 3 * size:
        return segments
    return [Segment(label.x0, text.x1, f"{label.text} {text.text}")]


def drop_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
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


def _furniture_key(line: PdfLine) -> tuple[str, int]:
    # Page numbers inside a running footer change from page to page; the height does not.
    return _DIGITS.sub("#", clean(line.text)), round(line.y / 3)


def pdf_blocks(pages: list[list[PdfLine]]) -> list[Block]:
    """Paragraph and table blocks from the lines of all pages, in reading order."""
    ratio = _line_spacing_ratio(pages)
    sizes = Counter(round(line.size) for lines in pages for line in lines)
    body = float(sizes.most_common(1)[0][0]) if sizes else 0.0  # the size of running text
    blocks: list[Block] = []
    paragraph: list[PdfLine] = []
    rows: list[list[str]] = []
    table_start: PdfLine | None = None

    def close_paragraph() -> None:
        if paragraph:
            text = paragraph[0].text
            marks = [(0, paragraph[0].page, paragraph[0].number, lead_of(text))]
            for line in paragraph[1:]:
                marks.append((key_length(text), line.page, line.number, lead_of(line.text)))
                # "2026-" at a line end then "2031)": the layout broke a hyphenated token, not two words.
                glue = "" if _HYPHEN_END.search(text) else " "
                text = f"{text}{glue}{line.text}"
            blocks.append(Block(text=text, page=paragraph[0].page, line=paragraph[0].number, marks=marks))
            paragraph.clear()

    def close_table() -> None:
        nonlocal table_start
        if rows and table_start is not None:
            blocks.append(Block(rows=[list(row) for row in rows], page=table_start.page, line=table_start.number))
        rows.clear()
        table_start = None

    margins = _margins(pages)
    for lines in pages:
        _mark_footnotes(lines, body)
        for line in lines:
            if len(line.segments) > 1 or (rows and _inside_table(line, margins) and not _starts_block(line)):
                close_paragraph()
                if not rows:
                    table_start = line
                rows.append([segment.text for segment in line.segments])
                continue
            close_table()
            if paragraph and not _continues(paragraph, line, ratio, margins, body):
                close_paragraph()
            paragraph.append(line)
    close_paragraph()
    close_table()
    return blocks


def _line_spacing_ratio(pages: list[list[PdfLine]]) -> float:
    """The usual baseline distance inside a paragraph, as a multiple of the font size."""
    ratios: Counter[float] = Counter()
    for lines in pages:
        for above, below in pairwise(lines):
            if len(above.segments) == len(below.segments) == 1 and above.size == below.size:
                ratios[round((above.y - below.y) / below.size, 2)] += 1
    common = [ratio for ratio, _ in ratios.most_common(3) if ratio > 0.8]
    return min(common) if common else 1.2


Margins = dict[int, tuple[float, float]]


def _margins(pages: list[list[PdfLine]]) -> Margins:
    """Where running text starts and ends on each page (wrapped table cells do not count: they are short); a
    page with too little prose to tell takes the most common margins of the document."""
    found: Margins = {}
    for lines in pages:
        prose = [line for line in lines if len(line.segments) == 1 and len(line.text) >= 30]
        if len(prose) >= 3:
            xs = Counter(round(line.x) for line in prose)
            found[lines[0].page] = (float(xs.most_common(1)[0][0]), max(line.segments[-1].x1 for line in prose))
    usual = Counter(found.values()).most_common(1)
    default = usual[0][0] if usual else (0.0, 0.0)
    return {lines[0].page: found.get(lines[0].page, default) for lines in pages if lines}


def _mark_footnotes(lines: list[PdfLine], body: float) -> None:
    """A line of the footnote area (set smaller than running text, below it) that starts with a number set
    apart from its text is a footnote: its mark becomes superscript digits, as Word prints it and the text form
    writes it ("¹ …"). LibreOffice prints the marks of a Word file's notes at full size on the baseline."""
    last_body = max((i for i, line in enumerate(lines) if line.size >= 0.95 * body), default=-1)
    for line in lines[last_body + 1 :]:
        found = _NOTE_MARK.match(line.segments[0].text)
        if line.size < 0.95 * body and found:
            first = line.segments[0]
            first.text = found.group(1).translate(_SUPERSCRIPT) + first.text[found.end(1) :]


def _ends_short(previous: PdfLine, line: PdfLine, margins: Margins) -> bool:
    """The line above left room for the first word of this one: it ended its paragraph rather than being
    wrapped. A centred line counts its room on both sides."""
    left, right = margins[previous.page]
    above = previous.segments[-1]
    room = right - above.x1
    if previous.x > left + 3 * previous.size:  # centred (or set far in): the room is what the measure leaves
        room = (right - left) - (above.x1 - previous.x)
    return room > line.segments[0].first_word + 0.5 * line.size


def _inside_table(line: PdfLine, margins: Margins) -> bool:
    """A one-cell line under a table row: wrapped cell text, unless it starts at the margin with prose."""
    return line.x > margins[line.page][0] + 2 or len(line.text) <= 12


def _starts_block(line: PdfLine) -> bool:
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


def _continues(paragraph: list[PdfLine], line: PdfLine, ratio: float, margins: Margins, body: float) -> bool:
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
    if line.x > previous.x + 0.8 * line.size and line.x > margins[line.page][0] + 0.8 * line.size:
        return False  # first-line indent, or a centred title line
    if _ends_short(previous, line, margins):
        return False  # a short line above ends its paragraph
    # An item label or a bullet at the start of a wrapped line is only a new item after a finished one.
    return not (starts_item(clean(line.text)) and is_terminated(above))
