"""`gopy template meeting|letter` and `gopy import meetings|letters` through the real command: the template with
the plan's codes, a filled-in copy taken once (the second time recognised), a wrong one refused with every row and
column named and nothing stored, a hostile one refused in one line."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from core import clock
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Comment, Letter, MeetingRecord, Vote
from tests.cli.conftest import Run
from tests.factories import build_consultation


def _plan(tmp_path: Path) -> Database:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    db = Database(url)
    with db.unit() as s:
        build_consultation(s)
    return db


def _counts(db: Database) -> tuple[int, ...]:
    with db.unit() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0) for m in (MeetingRecord, Comment, Vote, Letter)
        )


def _filled(template: Path, rows: dict[str, list[list[object]]]) -> Path:
    """The template the command wrote, filled in as a secretary would (openpyxl, as Excel saves it)."""
    book = openpyxl.load_workbook(template)
    for title, values in rows.items():
        for r, row in enumerate(values, start=2):
            for c, value in enumerate(row, start=1):
                if value != "":
                    book[title].cell(row=r, column=c, value=value)
    out = template.with_name("da-dien-" + template.name)
    book.save(out)
    return out


def test_template_then_import_once(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path)
    try:
        made = gopy("template", "meeting", "--out", "mau.xlsx")
        assert made.returncode == 0, made.stderr
        assert "Đã tạo mẫu: mau.xlsx" in made.stdout
        book = openpyxl.load_workbook(tmp_path / "mau.xlsx")
        assert book.sheetnames == ["Hướng dẫn", "Danh mục", "Hội nghị", "Ý kiến", "Biểu quyết"]
        guide = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
        assert "CB01: Chi bộ khu phố 1" in guide and "DH-TEST: Dự thảo Báo cáo chính trị" in guide
        day = clock.today() - timedelta(days=2)
        filled = _filled(
            tmp_path / "mau.xlsx",
            {
                "Hội nghị": [["1", "CB01", "Sinh hoạt chi bộ", "", day, 30, 6, "Sôi nổi."],
                             ["2", "", "Phiên thảo luận tại đại hội", "DH-TEST", day, 120, 14, ""]],
                "Ý kiến": [["1", "Nhất trí", "", "", "", "", 28], ["2", "Ý kiến khác", "", "II", "", "Rõ hơn", 9]],
                "Biểu quyết": [["2", "Thông qua dự thảo", 118, 0, 2]],
            },
        )  # fmt: skip
        first = gopy("import", "meetings", str(filled))
        assert first.returncode == 0, first.stderr
        assert "2 hội nghị, 2 ý kiến, 1 lần biểu quyết" in first.stdout
        again = gopy("import", "meetings", str(filled))
        assert again.returncode == 0, again.stderr
        assert "đã được nhập lúc" in again.stdout and "không nhập lại" in again.stdout
        assert _counts(db) == (2, 2, 1, 0)
        with db.unit() as s:
            assert {m for m in s.scalars(select(MeetingRecord.unit_id))} == {1, None}  # CB01, and the ward itself
    finally:
        db.dispose()


def test_a_wrong_file_names_its_rows_and_stores_nothing(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path)
    try:
        assert gopy("template", "meeting", "--out", "mau.xlsx").returncode == 0
        future = clock.today() + timedelta(days=3)
        filled = _filled(
            tmp_path / "mau.xlsx",
            {
                "Hội nghị": [["1", "CB01", "Sinh hoạt chi bộ", "", future, 30, 40, ""],
                             ["2", "CB01", "Sinh hoạt chi bộ", "", clock.today(), 30, 4, ""]],
                "Ý kiến": [["2", "Nhất trí", "", "", "", "", 31]],
            },
        )  # fmt: skip
        result = gopy("import", "meetings", str(filled))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        err = result.stderr
        assert err.startswith("Lỗi: Bảng tính «da-dien-mau.xlsx» có 3 lỗi, chưa có gì được ghi:")
        assert "• Trang «Hội nghị», dòng 2, cột «Ngày họp»: ngày" in err
        assert "• Trang «Hội nghị», dòng 2, cột «Số người phát biểu»: 40 người phát biểu, nhiều hơn 30 người dự." in err
        assert "• Trang «Ý kiến», dòng 2, cột «Số người cùng ý kiến»: 31 người, nhiều hơn 30 người dự hội nghị." in err
        assert _counts(db) == (0, 0, 0, 0)
        (tmp_path / "bom.xlsx").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
        hostile = gopy("import", "meetings", "bom.xlsx")
        assert hostile.returncode == 1 and len(hostile.stderr.strip().splitlines()) == 1
        assert "không phải bảng tính Excel .xlsx đọc được" in hostile.stderr
        missing = gopy("import", "letters", "khong-co.xlsx")
        assert missing.returncode == 1 and "không tìm thấy tệp" in missing.stderr
    finally:
        db.dispose()


def test_letters_from_their_template(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path)
    try:
        assert gopy("template", "letter", "--out", "thu.xlsx").returncode == 0
        day = clock.today() - timedelta(days=1)
        filled = _filled(
            tmp_path / "thu.xlsx",
            {
                "Văn bản": [["T1", "Tổ chức", day, "", "Số 5-CV/HCCB"], ["T2", "Người dân", day, "KP1", ""]],
                "Ý kiến": [["T1", "", "Nhất trí", "", "I", "", ""], ["T1", "", "Ý kiến khác", "", "", "", "Thêm"],
                           ["T2", "", "Đề xuất, kiến nghị", "", "", "", "Họp thêm"]],
            },
        )  # fmt: skip
        result = gopy("import", "letters", str(filled))
        assert result.returncode == 0, result.stderr
        assert "2 văn bản, 3 ý kiến" in result.stdout
        assert _counts(db) == (0, 3, 0, 2)
        # A meetings file given as letters: the sheets it lacks are named.
        assert gopy("template", "meeting", "--out", "mau.xlsx").returncode == 0
        wrong = gopy("import", "letters", "mau.xlsx")
        assert wrong.returncode == 1 and "thiếu trang «Văn bản»" in wrong.stderr
    finally:
        db.dispose()


def test_the_template_without_a_database(gopy: Run, tmp_path: Path) -> None:
    made = gopy("template", "letter", "--out", "thu.xlsx")  # the fixture's database was never created
    assert made.returncode == 0, made.stderr
    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "thu.xlsx").read_bytes()))
    assert book.sheetnames == ["Hướng dẫn", "Danh mục", "Văn bản", "Ý kiến"]
