"""DOCX (format, fonts, LibreOffice), XLSX, digest, privacy, `gopy report` and `build_chat_report`."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from aggregation.api import build_chat_report
from aggregation.digest import pack
from aggregation.pipeline import Report
from storage.db import Database
from tests.aggregation.helpers import (
    SECRET_ID,
    SECRET_NAME,
    SECRET_PHONE,
    CommentKind,
    Seeder,
    Source,
    TargetKind,
    all_zip_text,
    docx_xml,
    meeting,
    report,
    seeded,
)

if TYPE_CHECKING:
    from docx.shared import Length

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fill(s: Seeder) -> None:
    s.person()  # the distinctive name and channel id of the helpers
    s.many(36, CommentKind.AGREE, "Nhất trí hoà bình")
    s.many(5, CommentKind.DISAGREE, "Không nhất trí", section=1)
    s.add(CommentKind.AMEND, "sửa", target=TargetKind.PARAGRAPH, section=1, quoted_original="bền vững",
          proposed_text="bền vững, bao trùm", paragraph_no=2, page=2, line=13)  # fmt: skip
    s.add(CommentKind.PROPOSAL, '=HYPERLINK("x")', section=None, target=TargetKind.DOCUMENT)
    s.add(CommentKind.OTHER, "Góp ý bằng văn bản", source=Source.WRITTEN, represents=3)
    meeting(s.s, s.b, attendance=20, speakers=4, atmosphere="Đại biểu trao đổi nhiều ý kiến")


@pytest.fixture
def built(db: Database) -> Report:
    seeded(db, fill)
    return report(db)


def _cm(length: Length | None) -> float:
    assert length is not None
    cm: float = length.cm
    return cm


def test_docx_party_format(built: Report) -> None:
    import docx

    assert built.docx is not None
    document = docx.Document(io.BytesIO(built.docx))
    sec = document.sections[0]
    assert (round(_cm(sec.page_width), 1), round(_cm(sec.page_height), 1)) == (21.0, 29.7)
    assert (round(_cm(sec.top_margin)), round(_cm(sec.bottom_margin)), round(_cm(sec.left_margin))) == (2, 2, 3)
    assert round(_cm(sec.right_margin), 2) == 1.5  # HD 36: 15 mm (test_party_format checks every element)
    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs] + [p.text for p in header.cell(1, 0).paragraphs]
    right = header.cell(0, 1).paragraphs + header.cell(1, 1).paragraphs
    assert left == ["ĐẢNG BỘ TỈNH THỬ NGHIỆM", "ĐẢNG ỦY PHƯỜNG THỬ NGHIỆM", "*", "Số …-BC/ĐU"]
    assert right[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right[0].runs[0].bold and right[0].runs[0].underline
    assert right[1].text == "Thử Nghiệm, ngày 20 tháng 7 năm 2025" and right[1].runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    parts = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert parts == ["I. NHẬN XÉT CHUNG", "II. TỔNG HỢP Ý KIẾN GÓP Ý VỀ NỘI DUNG", "III. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert "- Hầu hết ý kiến (36/39) nhất trí với nội dung mục I “MỤC LỚN 1”:" in texts
    closing = document.tables[1]
    assert closing.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    assert closing.cell(0, 1).paragraphs[0].text == "T/M BAN THƯỜNG VỤ"
    assert len(document.inline_shapes) == 1  # the stance chart
    assert len(document.tables) == 2 + 4  # header, closing, four appendix tables
    assert document.tables[2].rows[1].cells[0].text == "Nhân dân"


def test_every_run_and_style_is_times_new_roman(built: Report) -> None:
    from lxml import etree

    assert built.docx is not None
    for part in ("word/document.xml", "word/styles.xml"):
        root = etree.fromstring(docx_xml(built.docx, part).encode())
        fonts = root.iter(f"{W}rFonts")
        for element in fonts:
            assert not any("Theme" in k or "theme" in k for k in element.attrib), (part, element.attrib)
            for script in ("ascii", "hAnsi", "cs", "eastAsia"):
                assert element.get(f"{W}{script}") == "Times New Roman", (part, script)
        if part == "word/document.xml":
            runs = list(root.iter(f"{W}r"))
            assert runs
            for run in runs:
                assert run.find(f"{W}rPr/{W}rFonts") is not None
                size = run.find(f"{W}rPr/{W}sz")
                # 12 (recipients), 13 (tables), 14 (text), 15 (ĐẢNG CỘNG SẢN VIỆT NAM), 16 (BÁO CÁO)
                assert size is not None and int(size.get(f"{W}val")) in (24, 26, 28, 30, 32)
        else:
            for style in ("Normal", "Heading1", "Heading2", "Heading3", "Heading4"):
                node = root.find(f"{W}style[@{W}styleId='{style}']/{W}rPr/{W}rFonts")
                assert node is not None, style


def test_no_private_data_anywhere(built: Report) -> None:
    assert built.docx is not None and built.xlsx is not None
    blobs = [all_zip_text(built.docx), all_zip_text(built.xlsx), "\n".join(built.digest)]
    for blob in blobs:
        for secret in (SECRET_NAME, SECRET_ID, SECRET_PHONE, "Bảo Mật"):
            assert secret not in blob


def test_xlsx_every_comment_and_counts(built: Report) -> None:
    assert built.xlsx is not None
    book = openpyxl.load_workbook(io.BytesIO(built.xlsx))
    assert book.sheetnames == ["Ý kiến", "Theo mục", "Theo đối tượng", "Theo đơn vị", "Theo kênh", "Hội nghị",
                               "Ghi chú"]  # fmt: skip
    rows = list(book["Ý kiến"].iter_rows(values_only=True))
    head = rows[0]
    assert len(rows) - 1 == 36 + 5 + 1 + 1 + 1
    assert not {"Tên", "Họ tên", "participant_id", "channel_user_id"} & set(head)
    by = {h: i for i, h in enumerate(head)}
    amend = next(r for r in rows if r[by["Loại ý kiến"]] == "Đề nghị sửa đổi, bổ sung")
    assert (amend[by["Câu chữ dự thảo đề nghị sửa"]], amend[by["Đề nghị sửa thành"]]) == (
        "bền vững",
        "bền vững, bao trùm",
    )
    assert (amend[by["Mục"]], amend[by["Đoạn"]], amend[by["Trang"]], amend[by["Dòng"]]) == ("1", 2, 2, 13)
    formula = next(r for r in rows if r[by["Loại ý kiến"]] == "Đề xuất, kiến nghị")
    assert formula[by["Nội dung (nguyên văn)"]] == '=HYPERLINK("x")'  # kept as text, never a formula
    sections = list(book["Theo mục"].iter_rows(values_only=True))
    assert sections[0][-1] == "Tổng"
    assert sum(r[-1] for r in sections[1:]) == 36 + 5 + 1 + 1 + 3


def test_digest_fits_and_pack_splits(built: Report) -> None:
    assert built.digest and all(len(m) <= 4000 for m in built.digest)
    text = "\n".join(built.digest)
    assert "Hầu hết ý kiến" in text and "đề nghị sửa đổi, bổ sung" in text
    messages = pack([f"dòng {i} " + "x" * 300 for i in range(40)], 4000)
    assert len(messages) > 1 and all(len(m) <= 4000 for m in messages)
    assert pack(["y" * 9000], 4000)[0].endswith("…")


def test_build_chat_report(db: Database) -> None:
    seeded(db, fill)
    chat = build_chat_report(db, "DH-TEST")
    assert chat.messages and all(len(m) <= 4000 for m in chat.messages)
    (docx_name, docx_bytes), (xlsx_name, xlsx_bytes) = chat.files
    assert docx_name.endswith(".docx") and docx_bytes[:2] == b"PK"
    assert xlsx_name.endswith(".xlsx") and xlsx_bytes[:2] == b"PK"
    from aggregation.query import ReportError

    with pytest.raises(ReportError, match="KHONG-CO"):
        build_chat_report(db, "KHONG-CO")


def _app() -> typer.Typer:
    """The real `gopy` app when every command module exists; else an app with `report` alone."""
    import bot.cli

    try:
        bot.cli._register()
        return bot.cli.app
    except ModuleNotFoundError:
        from bot.cli import report as report_cli

        app = typer.Typer()
        report_cli.register(app)
        app.callback()(lambda: None)
        return app


def test_cli_report(db: Database, tmp_path: Path) -> None:
    seeded(db, fill)
    runner, app, url = CliRunner(), _app(), str(db.url)
    out = tmp_path / "bc.docx"
    result = runner.invoke(app, ["report", "DH-TEST", "--format", "docx", "--out", str(out), "--db", url])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
    out = tmp_path / "bc.xlsx"
    result = runner.invoke(app, ["report", "--format", "xlsx", "-o", str(out), "--audience", "residents", "--db", url])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "Ý kiến"
    result = runner.invoke(app, ["report", "--format", "text", "--unit", "KP1", "--from", "01/07/2025", "--db", url])
    assert result.exit_code == 0, result.output
    assert "Khu phố 1" in result.output and "BÁO CÁO" in result.output
    assert runner.invoke(app, ["report", "--format", "pdf", "--db", url]).exit_code != 0
    assert runner.invoke(app, ["report", "--audience", "aliens", "--db", url]).exit_code != 0
    bad = runner.invoke(app, ["report", "NOPE", "--format", "text", "--db", url])
    assert bad.exit_code == 1


@pytest.mark.slow
def test_docx_opens_in_libreoffice(built: Report, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (make test installs libreoffice-writer-nogui)")
    assert built.docx is not None
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(built.docx)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "BÁO CÁO" in text and "ĐỀ XUẤT, KIẾN NGHỊ" in text


def test_empty_consultation(db: Database) -> None:
    seeded(db, lambda s: None)
    chat = build_chat_report(db)
    assert chat.messages[-1].endswith("Chưa có ý kiến góp ý nào trong phạm vi báo cáo.")
    assert len(chat.files) == 2
