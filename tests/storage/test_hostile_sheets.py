"""Hostile spreadsheets sent as meetings or letters: wrong columns, formulas, 100,000 rows, huge cells, zip bombs,
a lying entry, not a zip at all, an entity bomb, parts that would cost openpyxl dearly. Each is one clear
Vietnamese error, nothing is stored, and memory stays bounded (measured by bench/bench_hostile_sheets.py, which
runs these same files through `gopy import meetings` in a child process).

The files are built here as the hostile sender would: the template's own parts with one part replaced, written
as a zip by hand where the zip itself is the attack (tests/drafts/test_hostile_drafts.py's writer)."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import clock
from core.messages import t
from storage import sheets
from storage.db import Database
from storage.models import Comment, MeetingRecord, SheetImport
from tests.drafts.test_hostile_drafts import MB, Entry, deflated, repeated, write_zip
from tests.factories import build_consultation
from tests.storage.sheet_build import meetings_book

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(sheets.template(sheets.MEETINGS))) as package:
        return {name: package.read(name) for name in package.namelist()}


def _sheet_part(parts: dict[str, bytes], title: str) -> str:
    """The part of the sheet called `title` (the template's order: guide, lists, meetings, opinions, votes)."""
    order = ["Hướng dẫn", "Danh mục", "Hội nghị", "Ý kiến", "Biểu quyết"]
    name = f"xl/worksheets/sheet{order.index(title) + 1}.xml"
    assert name in parts
    return name


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, values: Sequence[object]) -> bytes:
    cells = "".join(_cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values) if v != "")
    return f'<row r="{number}">{cells}</row>'.encode()


MEETING_HEADER = [c.header for c in sheets.MEETING_SHEETS[0].columns]
OPINION_HEADER = [c.header for c in sheets.MEETING_SHEETS[1].columns]


def _day() -> str:
    return (clock.today() - timedelta(days=2)).strftime("%d/%m/%Y")


def _with_sheet(title: str, body: bytes, *, head: bytes = SHEET_HEAD, tail: bytes = SHEET_TAIL) -> bytes:
    """The template with sheet `title`'s XML replaced by `body` (between the usual head and tail)."""
    parts = _parts()
    parts[_sheet_part(parts, title)] = head + body + tail
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _hand_zip(path: Path, replaced: dict[str, Entry]) -> bytes:
    """The template's parts deflated as they are, those in `replaced` as given (a declared size that lies, a bomb),
    written as a zip by hand."""
    parts = _parts()
    entries = [replaced.get(name) or deflated(name, data) for name, data in parts.items()]
    entries += [e for name, e in replaced.items() if name not in parts]
    write_zip(path, entries)
    return path.read_bytes()


# --- the hostile files ---------------------------------------------------------------------------------------


def wrong_columns(_folder: Path) -> bytes:
    return _with_sheet("Hội nghị", _row(1, ["Họ tên", "Địa chỉ", "Số điện thoại"]) + _row(2, ["A", "B", "C"]))


def formulas(_folder: Path) -> bytes:
    row = _row(2, ["1", "", "Sinh hoạt chi bộ", "", _day()]).replace(b"</row>", b"")
    row += b'<c r="F2"><f>SUM(20,25)</f><v>45</v></c><c r="G2"><f>WEBSERVICE("http://x")</f><v>1</v></c></row>'
    return _with_sheet("Hội nghị", _row(1, MEETING_HEADER) + row)


def rows_100k(_folder: Path) -> bytes:
    """100,000 opinions (one row of the meetings sheet is valid): ~0.4 MB, refused at the first row over the cap."""
    body = _row(1, OPINION_HEADER) + b"".join(_row(n, ["1", "Nhất trí", "", "", "", "", 1]) for n in range(2, 100_002))
    parts = _parts()
    parts[_sheet_part(parts, "Hội nghị")] = SHEET_HEAD + _row(1, MEETING_HEADER) + _row(
        2, ["1", "", "Sinh hoạt chi bộ", "", _day(), 45, 5, ""]) + SHEET_TAIL  # fmt: skip
    parts[_sheet_part(parts, "Ý kiến")] = SHEET_HEAD + body + SHEET_TAIL
    return _zip(parts)


def one_far_row(_folder: Path) -> bytes:
    """A single cell at the last row Excel has (1,048,576): one row, not a million empty ones before it."""
    far = _row(1_048_576, ["1", "", "Sinh hoạt chi bộ", "", _day(), 45, 5, "Ở dòng cuối"])
    return _with_sheet("Hội nghị", _row(1, MEETING_HEADER) + far)


def huge_cell(_folder: Path) -> bytes:
    """A 1.2 MB atmosphere of letters that do not compress much (inside the 2 MB file, the 16 MB unpacked)."""
    rng = random.Random(11)
    text = "".join(rng.choice("abcdeghiklmnopqrstuvxyđơưăâêô ") for _ in range(1_200_000))
    row = _row(2, ["1", "", "Sinh hoạt chi bộ", "", _day(), 45, 5, text])
    return _with_sheet("Hội nghị", _row(1, MEETING_HEADER) + row)


def huge_shared_string(_folder: Path) -> bytes:
    """15 MB of one shared string: within the unpacked bound only because it compresses 1,000:1, so refused as a
    bomb before openpyxl reads the string table."""
    parts = _parts()
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>'.encode()
        + b"x" * (15 * MB)
        + b"</t></si></sst>"
    )
    return _zip(parts)


def zip_bomb(folder: Path) -> bytes:
    """The meetings sheet inflates to 256 MB of rows (a 1.2 MB file)."""
    chunk = _row(2, ["1", "", "Sinh hoạt chi bộ", "", _day(), 45, 5, "x"]) * 20
    body = chunk * (MB // len(chunk))
    bomb = repeated("xl/worksheets/sheet3.xml", SHEET_HEAD, body, 256, SHEET_TAIL)
    return _hand_zip(folder / "bomb.xlsx", {"xl/worksheets/sheet3.xml": bomb})


def lying_size(folder: Path) -> bytes:
    """The meetings sheet declares 1 KB and inflates to 256 MB: stopped at the declared size, its CRC fails."""
    chunk = b"<row/>" * (MB // 6)
    entry = repeated("xl/worksheets/sheet3.xml", SHEET_HEAD, chunk, 256, SHEET_TAIL, crc=False)
    return _hand_zip(folder / "lying.xlsx", {"xl/worksheets/sheet3.xml": Entry(entry.name, entry.data, 0, 1024)})


def many_entries(folder: Path) -> bytes:
    extra = {f"xl/media/image{i}.png": Entry(f"xl/media/image{i}.png", b"", 0, 0, zipfile.ZIP_STORED)
             for i in range(5_000)}  # fmt: skip
    return _hand_zip(folder / "entries.xlsx", extra)


def big_styles(_folder: Path) -> bytes:
    """3 MB of cell formats (openpyxl builds an object for each), varied so that they do not compress like a bomb: a
    part no filled-in template comes near."""
    parts = _parts()
    rng = random.Random(7)
    xfs = b"".join(
        f'<xf numFmtId="{rng.randrange(200)}" fontId="{rng.randrange(9)}" fillId="{rng.randrange(9)}" '
        f'borderId="{rng.randrange(9)}" xfId="0" applyNumberFormat="{rng.randrange(2)}"/>'.encode()
        for _ in range(3 * MB // 100)
    )
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(b"</cellXfs>", xfs + b"</cellXfs>")
    return _zip(parts)


def entity_bomb(_folder: Path) -> bytes:
    """A billion laughs in the meetings sheet (refused before parsing: expat would stop the amplification, but only
    after ~150 MB of expanded text)."""
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(f'<!ENTITY lol{i} "{"&lol" + (str(i - 1) if i > 1 else "") + ";" * 1}'.encode()
                   + (f"&lol{i - 1};" * 9 if i > 1 else "&lol;" * 9).encode() + b'">' for i in range(1, 10))
        + b"]>"
    )  # fmt: skip
    head = doctype + f'<worksheet xmlns="{NS}"><sheetData>'.encode()
    body = _row(1, MEETING_HEADER) + b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return _with_sheet("Hội nghị", body, head=head)


def not_a_zip(_folder: Path) -> bytes:
    return b"%PDF-1.4\n" + bytes(random.Random(3).randrange(256) for _ in range(50_000))


def old_xls(_folder: Path) -> bytes:
    """The header of an Excel 97 workbook (an OLE compound file), as Excel's «.xls» saves it."""
    return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 4096


def too_large(_folder: Path) -> bytes:
    rng = random.Random(5)
    return b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(3 * MB))


# name → (builder, the catalog key of the refusal)
HOSTILE_SHEETS: dict[str, tuple[Callable[[Path], bytes], str]] = {
    "wrong_columns": (wrong_columns, "sheet.wrong_columns"),
    "formulas": (formulas, "sheet.refused"),
    "rows_100k": (rows_100k, "sheet.too_many_rows"),
    "huge_cell": (huge_cell, "sheet.refused"),
    "huge_shared_string": (huge_shared_string, "sheet.zip_ratio"),
    "zip_bomb": (zip_bomb, "sheet.zip_too_large"),
    "lying_size": (lying_size, "sheet.not_xlsx"),
    "many_entries": (many_entries, "sheet.zip_entries"),
    "big_styles": (big_styles, "sheet.part_too_large"),
    "entity_bomb": (entity_bomb, "sheet.entities"),
    "not_a_zip": (not_a_zip, "sheet.not_xlsx"),
    "old_xls": (old_xls, "sheet.not_xlsx"),
    "too_large": (too_large, "sheet.too_large"),
}


def control(_folder: Path) -> bytes:
    """A filled-in template at the caps: 200 meetings, 3,000 opinions (15 each, some on sections and
    paragraphs), 500 votes; accepted."""
    day = clock.today() - timedelta(days=1)
    meetings = [[str(i), "", "Sinh hoạt chi bộ", "", day - timedelta(days=i % 300), 40 + i % 7, 10, "Sôi nổi."]
                for i in range(1, 201)]  # fmt: skip
    kinds = ["Nhất trí", "Không nhất trí", "Ý kiến khác"]
    text = "Ý kiến số {} về nội dung dự thảo, viết như biên bản ghi lại."
    opinions = [[str(1 + i // 15), kinds[i % 3], "", "I.1" if i % 2 else "", 2 if i % 4 == 1 else "",
                 text.format(i), 1 + i % 5] for i in range(3000)]  # fmt: skip
    votes = [[str(1 + i % 200), f"Biểu quyết {i}", 30, 5, 2] for i in range(500)]
    return meetings_book(meetings, opinions, votes)


# --- the tests ----------------------------------------------------------------------------------------------


def _counts(db: Database) -> tuple[int, int, int]:
    with db.unit() as s:
        return tuple(  # type: ignore[return-value]
            int(s.scalar(select(func.count()).select_from(m)) or 0) for m in (MeetingRecord, Comment, SheetImport)
        )


@pytest.mark.parametrize("case", sorted(HOSTILE_SHEETS))
def test_a_hostile_sheet_is_one_clear_error_and_nothing_is_stored(db: Database, tmp_path: Path, case: str) -> None:
    with db.unit() as s:
        build_consultation(s)
    build, code = HOSTILE_SHEETS[case]
    content = build(tmp_path)
    with pytest.raises(sheets.SheetError) as caught, db.unit() as s:
        sheets.take(s, content, f"{case}.xlsx", sheets.Who(None), clock.now(), sheets.MEETINGS)
    assert caught.value.code == code
    text = t(caught.value.code, **caught.value.params)
    assert f"{case}.xlsx" in text
    assert _counts(db) == (0, 0, 0)
    if case == "formulas":
        assert "Trang «Hội nghị», dòng 2, cột «Số người dự»: ô chứa công thức (=SUM(20,25))" in text
    if case == "huge_cell":
        assert "cột «Không khí thảo luận (nguyên văn biên bản)»: dài 1.200.000 ký tự, vượt giới hạn 4.000" in text
    if case == "rows_100k":
        assert "dòng 3.002 vượt giới hạn 3.000 dòng" not in text and "(dòng 3002 vượt giới hạn 3.000 dòng)" in text


def test_a_single_row_far_down_is_one_row(db: Database, tmp_path: Path) -> None:
    with db.unit() as s:
        build_consultation(s)
    with db.unit() as s:
        result = sheets.take(s, one_far_row(tmp_path), "xa.xlsx", sheets.Who(None), clock.now(), sheets.MEETINGS)
    assert result.records == 1
    with db.unit() as s:
        assert s.scalars(select(MeetingRecord.atmosphere)).one() == "Ở dòng cuối"


def test_a_template_filled_to_the_caps_is_taken(db: Database, tmp_path: Path) -> None:
    with db.unit() as s:
        build_consultation(s)
    content = control(tmp_path)
    assert len(content) < sheets.MAX_FILE_BYTES
    with db.unit() as s:
        result = sheets.take(s, content, "day.xlsx", sheets.Who(None), clock.now(), sheets.MEETINGS)
    assert (result.records, result.opinions, result.votes) == (200, 3000, 500)


def test_a_truncated_file_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    """Half a real file: a clear error, not a traceback."""
    with db.unit() as s:
        build_consultation(s)
    content = meetings_book([["1", "", "Sinh hoạt chi bộ", "", _day(), 4, 1, ""]], [], [])
    with pytest.raises(sheets.SheetError) as caught, db.unit() as s:
        sheets.take(s, content[: len(content) // 2], "nua.xlsx", sheets.Who(None), clock.now())
    assert caught.value.code == "sheet.not_xlsx"
