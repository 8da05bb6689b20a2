"""Spreadsheets of meetings and letters as a secretary fills in the template: the template's own workbook with rows
written into its data sheets (openpyxl), so that the tests read what people send."""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl

from storage import sheets


def fill(kind: str, rows: dict[str, Sequence[Sequence[object]]]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(sheets.template(kind)))
    for key, values in rows.items():
        sheet = book[_name(kind, key)]
        for r, row in enumerate(values, start=2):
            for c, value in enumerate(row, start=1):
                if value not in ("", None):
                    sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _name(kind: str, key: str) -> str:
    return next(s.name for s in sheets.SPECS[kind] if s.key == key)


def meetings_book(
    meetings: Sequence[Sequence[object]], opinions: Sequence[Sequence[object]], votes: Sequence[Sequence[object]]
) -> bytes:
    """Rows in the template's column order: meetings (key, unit, kind, draft, day, attendance, speakers,
    atmosphere), opinions (meeting, kind, topic, section, paragraph, text, how many), votes (meeting, question,
    for, against, not voting)."""
    return fill(sheets.MEETINGS, {"meetings": meetings, "opinions": opinions, "votes": votes})


def letters_book(letters: Sequence[Sequence[object]], opinions: Sequence[Sequence[object]]) -> bytes:
    """Letters (key, sender, day received, unit, reference), opinions (letter, draft, kind, topic, section,
    paragraph, text)."""
    return fill(sheets.LETTERS, {"letters": letters, "letter_opinions": opinions})
