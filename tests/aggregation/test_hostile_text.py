"""Whatever people typed, every report writer succeeds (control characters, lone surrogates), and the phone
numbers, e-mail addresses and ID numbers typed inside comments are masked where the reports quote them."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from aggregation.api import build_chat_report
from aggregation.charts import stance_chart
from aggregation.digest import build_digest
from aggregation.docx_writer import write_docx
from aggregation.pipeline import Report
from aggregation.query import Scope, load_comments, load_context
from aggregation.safe_text import mask
from aggregation.shares import ShareRule
from aggregation.summary import Options, build_summary, prepare
from aggregation.text_writer import write_text
from aggregation.xlsx_writer import write_xlsx
from core.text import clean
from storage.db import Database
from storage.models import Consultation, Section, Unit
from storage.plan_schema import ReportSpec
from tests.aggregation.helpers import AS_OF, CommentKind, Seeder, TargetKind, meeting, report, seeded
from tests.aggregation.test_outputs import _app


def docx_text(content: bytes) -> str:
    """Every paragraph of the body and of its tables, as Word shows it (a line break as "\\n")."""
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(lines)


def xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value is not None
    )


# --- control characters: stored in the database (SQLite keeps NUL; PostgreSQL refuses it) ----------------

AGREE = "Nhất trí\x01 với mục tiêu"
DISAGREE = "Không\x0bnhất trí\x1f với phần này"
GENERAL = "Nhận xét\x00 chung: dự thảo\x7f ngắn\x85gọn\x9f, rõ ràng"
PROPOSAL = "Đề xuất\x07 mở rộng\r\nđường\x1b ven sông"
ORIGINAL, PROPOSED, REASON = "bền\x01 vững", "bền vững,\x1f bao trùm", "cho\x00 rõ"
ATMOSPHERE = "Sôi nổi\x01, thẳng\x0cthắn"
SECTION_TITLE, UNIT_NAME = "MỤC\x02 LỚN 1", "Chi bộ\x03 khu phố 1"
TYPED = (AGREE, DISAGREE, GENERAL, PROPOSAL, ORIGINAL, PROPOSED, REASON)


def hostile(s: Seeder) -> None:
    s.person()
    unit = s.b.unit_ids["CB01"]
    s.many(3, CommentKind.AGREE, AGREE, unit_id=unit)
    s.add(CommentKind.DISAGREE, DISAGREE, unit_id=unit)
    s.add(CommentKind.GENERAL, GENERAL, target=TargetKind.DOCUMENT, section=None)
    s.add(CommentKind.PROPOSAL, PROPOSAL, target=TargetKind.DOCUMENT, section=None)
    s.add(CommentKind.AMEND, "", target=TargetKind.PARAGRAPH, section=1, quoted_original=ORIGINAL,
          proposed_text=PROPOSED, reason=REASON, paragraph_no=2)  # fmt: skip
    meeting(s.s, s.b, attendance=12, speakers=3, atmosphere=ATMOSPHERE)
    section = s.s.get(Section, s.b.section_ids[0])
    unit_row = s.s.get(Unit, unit)
    assert section is not None and unit_row is not None
    section.title, unit_row.name = SECTION_TITLE, UNIT_NAME


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("a\x00b\x01c\x08d\x1fe", "abcde"),
        ("dòng một\x0bdòng hai\x0cdòng ba\x85dòng bốn", "dòng một\ndòng hai\ndòng ba\ndòng bốn"),
        ("Windows\r\nMac cũ\rxong", "Windows\nMac cũ\nxong"),
        ("tab\tvà\nxuống dòng", "tab\tvà\nxuống dòng"),
        ("xoá\x7f\x80\x9f", "xoá"),
        ("lẻ\ud800 loi\udfff", "lẻ loi"),
        ("cặp \ud83d\ude00 ghép", "cặp 😀 ghép"),
        ("\ufffe\uffffhết", "hết"),
        ("Tiếng Việt có dấu “ngoặc” – và … \u2028", "Tiếng Việt có dấu “ngoặc” – và … \u2028"),
    ],
)
def test_clean(typed: str, shown: str) -> None:
    assert clean(typed) == shown
    clean(typed).encode("utf-8")  # never a surrogate left


def test_control_characters_never_fail_a_report(db: Database, tmp_path: Path) -> None:
    seeded(db, hostile)
    built = report(db)
    assert built.docx is not None and built.xlsx is not None and built.digest
    text = docx_text(built.docx)
    for typed in (*TYPED, ATMOSPHERE, SECTION_TITLE, UNIT_NAME):
        assert clean(typed) in text, typed
    assert "Nhất trí với mục tiêu" in text and "Không\nnhất trí với phần này" in text  # the rest of the comment
    cells = xlsx_text(built.xlsx)
    for typed in (*TYPED, SECTION_TITLE, UNIT_NAME):
        assert clean(typed) in cells, typed
    plain = write_text(built.summary)
    for typed in (*TYPED, ATMOSPHERE, SECTION_TITLE, UNIT_NAME):
        assert clean(typed) in plain, typed
    assert all(c == "\n" or c.isprintable() for c in "\n".join(built.digest))  # no control character
    assert clean(SECTION_TITLE) in "\n".join(built.digest)
    # `/baocao` and `gopy report` in every format
    chat = build_chat_report(db)
    assert chat.messages and len(chat.files) == 2
    runner, app, url = CliRunner(), _app(), str(db.url)
    for fmt in ("docx", "xlsx", "text"):
        out = tmp_path / f"bc.{fmt}"
        result = runner.invoke(app, ["report", "--format", fmt, "--out", str(out), "--db", url])
        assert result.exit_code == 0, result.output
    assert clean(DISAGREE) in (tmp_path / "bc.text").read_text(encoding="utf-8")
    assert clean(DISAGREE) in docx_text((tmp_path / "bc.docx").read_bytes())


def test_lone_surrogates_never_fail_a_writer(db: Database) -> None:
    """SQLite (and PostgreSQL) refuse a lone surrogate, so it is put into the frame and the summary directly."""
    seeded(db, hostile)
    ctx = load_context(db, Scope())
    frame = load_comments(db, ctx)
    texts = frame["text"].astype(object)
    texts[frame["kind"].astype(str) == "disagree"] = "Trước\ud800 sau \ud83d\ude00"
    frame["text"] = texts
    frame["reason"] = frame["reason"].astype(object).where(frame["reason"].isna(), "lý do\udfff")
    summary = build_summary(ctx, prepare(frame), ShareRule.from_settings(ctx.settings), Options(), AS_OF)
    summary.part1.atmosphere.append("Không khí\udc00 tốt")
    issue = next(i for part in summary.part2 for i in part.issues if i.views)
    issue.heading += "\ud801"
    summary.chart[0].label += "\udbff"
    summary.header.recipients.append("Lưu\ud800 VP")
    summary.header.intro += "Kế hoạch\ud800"

    chart = stance_chart(summary.chart)
    assert chart is not None and chart[:4] == b"\x89PNG"
    text = docx_text(write_docx(summary, chart))
    cells = xlsx_text(write_xlsx(ctx, frame, summary))
    plain = write_text(summary)
    plain.encode("utf-8")
    digest = "\n".join(build_digest(summary))
    digest.encode("utf-8")
    for blob in (text, cells, plain):
        assert "Trước sau 😀" in blob and "lý do" in blob
    for blob in (text, plain):
        assert "Không khí tốt" in blob and "Lưu VP" in blob and clean(issue.heading) in blob
    assert clean(issue.heading) in digest


# --- personal data typed inside comments -----------------------------------------------------------------

C_HOUSING = (
    "Đề nghị bổ sung chỉ tiêu nhà ở xã hội: đến năm 2030 có 1.200 căn, vốn 1.200 tỷ đồng, tăng 7,5%/năm "
    "(so với ngày 25/7/2025). Cần trao đổi thêm xin gọi tôi: 0912 345 678 hoặc thư nguyen.van.an@gmail.com."
)
C_ID = (
    "Tôi là đảng viên chi bộ 3, CCCD 001099012345, CMND cũ 012345678; đề nghị sửa khoản 2 Điều 15 và đoạn 3 "
    "mục II cho rõ trách nhiệm."
)
C_PROPOSAL = "Đề xuất lập đường dây nóng; liên hệ tổ trưởng qua +84 912 345 679 hoặc (024) 3825 1234, Zalo 0987654321."
REASON_PHONE = "Ý kiến chung của hộ ông Ba (số 0987.654.321), 5 người trong hộ cùng ký"
ATMOSPHERE_PHONE = "Đồng chí Bí thư (0903 123 456) chủ trì; 45/50 đảng viên dự, đạt 90%, không khí dân chủ"
SECRETS = ("0912 345 678", "nguyen.van.an", "gmail.com", "001099012345", "012345678", "912 345 679",
           "3825 1234", "0987654321", "0987.654.321", "0903 123 456")  # fmt: skip
KEPT = ("năm 2030", "1.200 căn", "1.200 tỷ đồng", "7,5%/năm", "25/7/2025", "chi bộ 3", "khoản 2 Điều 15", "đoạn 3",
        "5 người")  # fmt: skip


def personal(s: Seeder) -> None:
    s.person()
    s.many(2, CommentKind.AGREE, C_HOUSING)
    s.add(CommentKind.DISAGREE, C_ID)
    s.add(CommentKind.PROPOSAL, C_PROPOSAL, target=TargetKind.DOCUMENT, section=None)
    s.add(CommentKind.AMEND, "", target=TargetKind.PARAGRAPH, section=1, quoted_original="bền vững",
          proposed_text="bền vững, bao trùm", reason=REASON_PHONE, paragraph_no=2)  # fmt: skip
    meeting(s.s, s.b, attendance=50, speakers=6, atmosphere=ATMOSPHERE_PHONE)


def _outputs(built: Report) -> dict[str, str]:
    assert built.docx is not None and built.xlsx is not None
    return {
        "docx": docx_text(built.docx),
        "xlsx": xlsx_text(built.xlsx),
        "text": write_text(built.summary),
        "digest": "\n".join(built.digest),
    }


def test_personal_data_typed_in_comments_is_masked(db: Database) -> None:
    seeded(db, personal)
    outputs = _outputs(report(db))
    for name, blob in outputs.items():
        for secret in SECRETS:
            assert secret not in blob, (name, secret)
    for name in ("docx", "xlsx", "text"):
        blob = outputs[name]
        for kept in KEPT:
            assert kept in blob, (name, kept)
        assert "xin gọi tôi: [số điện thoại] hoặc thư [email]." in blob, name
        assert "CCCD [số định danh], CMND cũ [số định danh];" in blob, name
        assert "qua [số điện thoại] hoặc [số điện thoại], Zalo [số điện thoại]." in blob, name
        assert "(số [số điện thoại])" in blob, name
    for name in ("docx", "text"):  # the meeting record, in part 1
        assert "Đồng chí Bí thư ([số điện thoại]) chủ trì; 45/50 đảng viên dự, đạt 90%" in outputs[name], name
    assert "[số điện thoại], [email], [số định danh]" in outputs["xlsx"]  # the notes sheet says so


def test_masking_can_be_turned_off_in_the_plan(db: Database) -> None:
    built = seeded(db, personal)
    with db.unit() as s:
        cons = s.get(Consultation, built.consultation_id)
        assert cons is not None
        off = ReportSpec.model_validate({"mask_personal_data": False})
        cons.settings = {"report": off.model_dump(exclude_none=True)}
    outputs = _outputs(report(db))
    for name in ("docx", "xlsx", "text"):
        assert C_HOUSING in outputs[name] and "CCCD 001099012345" in outputs[name], name
        assert "[số điện thoại]" not in outputs[name], name
    assert "giữ nguyên văn" in outputs["xlsx"]


def test_the_plan_setting() -> None:
    assert ReportSpec().mask_personal_data is True
    assert Options.from_settings(ReportSpec().model_dump(exclude_none=True)).mask_personal_data is True
    assert Options.from_settings({}).mask_personal_data is True  # a plan loaded before the setting existed
    off = ReportSpec.model_validate({"mask_personal_data": "false"}).model_dump(exclude_none=True)
    assert Options.from_settings(off).mask_personal_data is False


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("gọi 0912345678 nhé", "gọi [số điện thoại] nhé"),
        ("gọi 0912 345 678.", "gọi [số điện thoại]."),
        ("số 0912.345.678, hoặc 091-234-5678", "số [số điện thoại], hoặc [số điện thoại]"),
        ("+84 912 345 678; +84912345678; (+84) 912 345 678; 84912345678", "; ".join(["[số điện thoại]"] * 4)),
        ("0084 912 345 678 hay +84 (0) 912 345 678", "[số điện thoại] hay [số điện thoại]"),
        ("máy bàn (024) 3825 1234 hoặc 028.3822.1234", "máy bàn [số điện thoại] hoặc [số điện thoại]"),
        ("số cũ 01689 123 456", "số cũ [số điện thoại]"),
        ("sđt:0987654321, 0987654322", "sđt:[số điện thoại], [số điện thoại]"),
        ("email a.b@c.vn.", "email [email]."),
        ("Thư: Tran_Thi.B+gopy@so-noi-vu.hanoi.gov.vn", "Thư: [email]"),
        ("CCCD 001099012345", "CCCD [số định danh]"),
        ("CCCD 001 099 012 345, 0010 9901 2345", "CCCD [số định danh], [số định danh]"),
        ("CMND 123456789 và 012 345 678", "CMND [số định danh] và [số định danh]"),
        ("mã 778899665544", "mã [số định danh]"),
    ],
)
def test_mask(typed: str, shown: str) -> None:
    assert mask(typed) == shown


@pytest.mark.parametrize(
    "kept",
    [
        "Đến năm 2025 và giai đoạn 2021-2025, 2026–2030",
        "tăng 7,5%, GRDP 8,02%/năm, tỷ lệ 0,5%",
        "vốn 1.200 tỷ đồng; 1.200.000.000 đồng; 100.000.000.000 đồng; 12.345.678.901 đồng",
        "500000000 đồng, 500000000đ, 123456789 người, 1234567890 VNĐ",
        "ngày 25/7/2025, 03.07.2025, 03/07/2025-05/07/2025, 8 giờ 30",
        "Điều 12, khoản 3, điểm a; đoạn 2 mục 1.2.3; trang 45 dòng 13",
        "Nghị định 100/2019/NĐ-CP, Quyết định số 1234/QĐ-UBND, Nghị quyết 57-NQ/TW",
        "dân số 1.234.567 người, 0,912345678 là một tỷ số",
        "tổng 250000000, 100000000 lượt, 987654321 hộ, 912345678 m2",
        "tổ 3 khu phố 12, số nhà 45/6",
    ],
)
def test_mask_keeps_numbers_that_are_not_personal(kept: str) -> None:
    assert mask(kept) == kept


def test_mask_is_linear_on_long_words() -> None:
    import time

    start = time.perf_counter()
    mask("a" * 20_000 + "@" + "b" * 20_000 + " " + "1" * 20_000)
    assert time.perf_counter() - start < 1.0


def test_unit_names_and_draft_titles_are_not_masked(db: Database) -> None:
    """Only what commenters typed is masked: a section title with a number in it stays."""
    built = seeded(db, personal)
    with db.unit() as s:
        section = s.scalars(select(Section).where(Section.id == built.section_ids[0])).one()
        section.title = "MỤC TIÊU ĐẾN NĂM 2030, TẦM NHÌN 2045 (ĐỀ ÁN 123456789)"
    outputs = _outputs(report(db))
    assert "ĐỀ ÁN 123456789" in outputs["docx"] and "ĐỀ ÁN 123456789" in outputs["xlsx"]


def test_a_comment_longer_than_an_excel_cell(db: Database) -> None:
    """Excel calls a file with a cell over 32,767 characters damaged: the XLSX cuts there, the DOCX quotes it whole."""
    long = "Đoạn đầu. " + "Ý kiến rất dài 😀 " * 2500 + "Đoạn cuối."  # 45,000+ UTF-16 units
    seeded(db, lambda s: s.add(CommentKind.DISAGREE, long))
    built = report(db)
    assert built.docx is not None and built.xlsx is not None
    assert long in docx_text(built.docx)
    book = openpyxl.load_workbook(io.BytesIO(built.xlsx))
    rows = list(book["Ý kiến"].iter_rows(values_only=True))
    cell = rows[1][rows[0].index("Nội dung (nguyên văn)")]
    assert isinstance(cell, str) and cell.startswith("Đoạn đầu. ") and cell.endswith("…")
    assert len(cell.encode("utf-16-le")) // 2 <= 32_767
