"""The draft reader: a draft document (.txt/.md, .docx, .pdf) → its section tree (Outline).

Pure functions, no database. Errors raise DraftError with a message-catalog key; warnings are DraftNotice
strings in Outline.warnings. A Word draft is laid out by LibreOffice when it is installed (drafts.layout), so
that pages and lines are the printed ones; `position_of` gives the page and line of any character of a paragraph.
"""

from drafts import layout
from drafts.assemble import Block, build_outline
from drafts.docx_reader import read_docx
from drafts.errors import DEFAULT_MAX_BYTES, DraftError
from drafts.model import (
    DraftNotice,
    Footnote,
    HasLines,
    LineStart,
    Outline,
    Paragraph,
    Position,
    Section,
    Table,
    position_of,
)
from drafts.pdf_reader import read_pdf
from drafts.reader import read_draft
from drafts.text_reader import parse_text, read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Block",
    "DraftError",
    "DraftNotice",
    "Footnote",
    "HasLines",
    "LineStart",
    "Outline",
    "Paragraph",
    "Position",
    "Section",
    "Table",
    "build_outline",
    "layout",
    "parse_text",
    "position_of",
    "read_docx",
    "read_draft",
    "read_pdf",
    "read_text",
]
