"""Word drafts: body paragraphs and tables in document order, with pages from the file's page breaks.

Pages come from what the file records: rendered page breaks (`w:lastRenderedPageBreak`, written by Word when
it last laid the document out) when present, else explicit breaks (`w:br w:type="page"`, "page break before",
section breaks). A file with neither has no page numbers (None): the layout is not ours to guess.

Word list numbering is rendered into the text (drafts.docx_numbering), so the grammar sees "II. …" as printed;
real footnotes become footnote blocks right after the paragraph that references them (drafts.docx_footnotes).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from lxml import etree

from drafts.assemble import Block, build_outline
from drafts.docx_footnotes import FOOTNOTE_REFERENCE, Footnotes
from drafts.docx_numbering import Numbering
from drafts.errors import DraftError
from drafts.model import Outline
from drafts.zip_guard import check_zip

_P, _TBL, _R = qn("w:p"), qn("w:tbl"), qn("w:r")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_RENDERED = qn("w:lastRenderedPageBreak")
_TYPE, _ID = qn("w:type"), qn("w:id")


def read_docx(path: Path) -> Outline:
    if not zipfile.is_zipfile(path):
        raise DraftError("drafts.bad_docx", path=str(path))
    # A broken package fails in zipfile (bad directory, bad CRC, truncated data, an unknown compression method),
    # zlib (corrupt deflate data) or lxml (bad XML; an entity expansion beyond libxml2's amplification limit).
    try:
        check_zip(path)  # before anything is inflated: zip bombs (drafts.zip_guard)
        document = Document(str(path))
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        EOFError,
        NotImplementedError,
        zipfile.BadZipFile,
        zlib.error,
        etree.XMLSyntaxError,
    ) as exc:
        raise DraftError("drafts.bad_docx", path=str(path)) from exc
    blocks = list(docx_blocks(document))
    if not any(block.text.strip() or block.rows for block in blocks):
        raise DraftError("drafts.empty", path=str(path))
    return build_outline(blocks)


def docx_blocks(document: object) -> Iterator[Block]:
    """Blocks of a python-docx Document: one per line of each paragraph (soft line breaks split a
    paragraph, as a label and its title often share one), one per table."""
    body = document.element.body  # type: ignore[attr-defined]
    rendered = any(True for _ in body.iter(_RENDERED))
    explicit = rendered or any(_is_page_break(el) for el in body.iter(_BR)) or _has_section_breaks(body)
    numbering, footnotes = Numbering(document), Footnotes(document)
    page = 1
    for child in body.iterchildren():
        if child.tag == _P:
            label = numbering.label(child)
            lines, breaks, notes = _paragraph(child, rendered, footnotes)
            if label is not None:
                first = next((i for i, (_, line) in enumerate(lines) if line.strip()), None)
                if first is not None:
                    lines[first] = (lines[first][0], label + lines[first][1].lstrip())
            last = page
            for offset, line in lines:
                if line.strip():
                    last = page + offset
                    yield Block(text=line, page=last if explicit else None)
            yield from _notes(notes, last if explicit else None)
            page += breaks
        elif child.tag == _TBL:
            for paragraph in child.iter(_P):
                numbering.label(paragraph)  # cells take no labels, but their lists still count
            table = DocxTable(child, document)  # type: ignore[arg-type]
            table_notes = [footnotes.reference(ref) for ref in child.iter(FOOTNOTE_REFERENCE)]
            printed = {
                ref.get(_ID): note[2] for ref, note in zip(child.iter(FOOTNOTE_REFERENCE), table_notes, strict=True)
            }
            rows = [[_cell_text(cell._tc, printed) for cell in row.cells] for row in table.rows]
            yield Block(rows=rows, page=page if explicit else None)
            yield from _notes([(mark, text) for mark, text, _ in table_notes], page if explicit else None)
            if rendered:
                page += sum(1 for _ in child.iter(_RENDERED))


def _notes(notes: list[tuple[str, str]], page: int | None) -> Iterator[Block]:
    for mark, text in notes:
        if text:
            yield Block(footnote=(mark, text), page=page)


def _cell_text(cell: etree._Element, printed: dict[str | None, str]) -> str:
    """A cell's text with its footnote marks (python-docx's cell.text drops them); paragraphs joined by a space."""
    parts: list[str] = []
    for paragraph in cell.iterchildren(_P):
        for element in paragraph.iter(_T, _TAB, _BR, _CR, FOOTNOTE_REFERENCE):
            if element.tag == FOOTNOTE_REFERENCE:
                parts.append(printed.get(element.get(_ID), ""))
            else:
                parts.append(element.text or "" if element.tag == _T else " ")
        parts.append(" ")
    return " ".join("".join(parts).split())


def _is_page_break(element: etree._Element) -> bool:
    break_type: str | None = element.get(_TYPE)
    return break_type == "page"


def _has_section_breaks(body: etree._Element) -> bool:
    return any(True for _ in body.iterfind(f"{_P}/{qn('w:pPr')}/{qn('w:sectPr')}"))


def _paragraph(
    paragraph: etree._Element, rendered: bool, footnotes: Footnotes
) -> tuple[list[tuple[int, str]], int, list[tuple[str, str]]]:
    """The lines of one paragraph, each with the number of page breaks met before its first character, the
    number of page breaks in the whole paragraph (what moves the next block on), and its footnotes."""
    breaks = 0
    properties = paragraph.find(qn("w:pPr"))
    section = properties.find(qn("w:sectPr")) if properties is not None and not rendered else None
    if properties is not None and not rendered and properties.find(qn("w:pageBreakBefore")) is not None:
        breaks += 1
    lines: list[list[int | str]] = [[breaks, ""]]
    notes: list[tuple[str, str]] = []
    for element in paragraph.iter(_T, _TAB, _BR, _CR, _RENDERED, FOOTNOTE_REFERENCE):
        if element.tag == FOOTNOTE_REFERENCE:
            mark, text, printed = footnotes.reference(element)
            notes.append((mark, text))
            lines[-1][1] = f"{lines[-1][1]}{printed}"  # superscript digits, as the text form prints them
        elif element.tag == _T:
            if not lines[-1][1]:
                lines[-1][0] = breaks  # the line starts here, after any break met so far
            lines[-1][1] = f"{lines[-1][1]}{element.text or ''}"
        elif element.tag == _TAB:
            lines[-1][1] = f"{lines[-1][1]} "
        elif element.tag == _CR or (element.tag == _BR and not _is_page_break(element)):
            lines.append([breaks, ""])
        elif (element.tag == _RENDERED) if rendered else _is_page_break(element):
            breaks += 1
    if section is not None:
        kind = section.find(qn("w:type"))
        if kind is None or kind.get(qn("w:val")) != "continuous":
            breaks += 1  # a section break (next page, odd/even page) ends the page
    return [(int(offset), str(text)) for offset, text in lines], breaks, notes
