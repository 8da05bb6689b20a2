"""Word drafts: body paragraphs and tables in document order, with pages and lines as LibreOffice prints them.

A DOCX records no pages (Word's own `w:lastRenderedPageBreak` marks are only as fresh as the last save in Word,
explicit breaks only some of the pages), so the file is laid out by LibreOffice and every block is found on the
printed pages (drafts.layout). Without LibreOffice no block has a page or a line, and the outline says so once.

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
from drafts.layout import apply_layout, printed_lines
from drafts.model import Outline
from drafts.zip_guard import check_zip

_P, _TBL, _R = qn("w:p"), qn("w:tbl"), qn("w:r")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
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
    pages, notice = printed_lines(path)  # only now: a file python-docx refused is never handed to LibreOffice
    if pages is not None:
        apply_layout(blocks, pages)
    outline = build_outline(blocks)
    if notice is not None:
        outline.warnings.insert(0, notice)
    return outline


def docx_blocks(document: object) -> Iterator[Block]:
    """Blocks of a python-docx Document, without positions: one per line of each paragraph (soft line breaks
    split a paragraph, as a label and its title often share one), one per table, one per footnote."""
    body = document.element.body  # type: ignore[attr-defined]
    numbering, footnotes = Numbering(document), Footnotes(document)
    for child in body.iterchildren():
        if child.tag == _P:
            label = numbering.label(child)
            lines, notes = _paragraph(child, footnotes)
            if label is not None:
                first = next((i for i, line in enumerate(lines) if line.strip()), None)
                if first is not None:
                    lines[first] = label + lines[first].lstrip()
            for line in lines:
                if line.strip():
                    yield Block(text=line)
            yield from _notes(notes)
        elif child.tag == _TBL:
            for paragraph in child.iter(_P):
                numbering.label(paragraph)  # cells take no labels, but their lists still count
            table = DocxTable(child, document)  # type: ignore[arg-type]
            table_notes = [footnotes.reference(ref) for ref in child.iter(FOOTNOTE_REFERENCE)]
            printed = {
                ref.get(_ID): note[2] for ref, note in zip(child.iter(FOOTNOTE_REFERENCE), table_notes, strict=True)
            }
            rows = [[_cell_text(cell._tc, printed) for cell in row.cells] for row in table.rows]
            yield Block(rows=rows)
            yield from _notes([(mark, text) for mark, text, _ in table_notes])


def _notes(notes: list[tuple[str, str]]) -> Iterator[Block]:
    for mark, text in notes:
        if text:
            yield Block(footnote=(mark, text))


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


def _paragraph(paragraph: etree._Element, footnotes: Footnotes) -> tuple[list[str], list[tuple[str, str]]]:
    """The lines of one paragraph (split at soft line breaks, not at page breaks) and its footnotes."""
    lines = [""]
    notes: list[tuple[str, str]] = []
    for element in paragraph.iter(_T, _TAB, _BR, _CR, FOOTNOTE_REFERENCE):
        if element.tag == FOOTNOTE_REFERENCE:
            mark, text, printed = footnotes.reference(element)
            notes.append((mark, text))
            lines[-1] += printed  # superscript digits, as the text form prints them
        elif element.tag == _T:
            lines[-1] += element.text or ""
        elif element.tag == _TAB:
            lines[-1] += " "
        elif element.tag == _CR or (element.tag == _BR and not _is_page_break(element)):
            lines.append("")
    return lines, notes
