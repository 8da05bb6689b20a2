"""Issue 13: the report ready to sign. Every element of the party format (Hướng dẫn 36-HD/VPTW) read back from the
generated DOCX; the report number and the signer per report; the counts and words (letters, distinct people,
zero clauses, doubled words and stops, references with their parent); the digest; the chart; the XLSX features.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy import update
from typer.testing import CliRunner

from aggregation.charts import HATCHES, figure, series, wrap_label
from aggregation.digest import LIMIT, build_digest
from aggregation.model import ChartRow
from aggregation.participation import Signing, join_names, recipients_list, report_number
from aggregation.pipeline import Report, build_report
from aggregation.query import Scope
from aggregation.text_writer import write_text
from storage.db import Database
from storage.models import Consultation, Document, Level, Section
from tests.aggregation.helpers import AS_OF, CommentKind, Seeder, Source, TargetKind, meeting, report, seeded

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A, D, M, P = CommentKind.AGREE, CommentKind.DISAGREE, CommentKind.AMEND, CommentKind.PROPOSAL


def fill(s: Seeder) -> None:
    s.person()
    s.many(6, A, "Nhất trí")
    s.many(2, D, "Không nhất trí", section=1)
    s.add(M, "", target=TargetKind.PARAGRAPH, section=1, quoted_original="bền vững",
          proposed_text="phát triển bền vững.", reason="Cho rõ.", paragraph_no=2, page=2, line=13)  # fmt: skip
    s.add(P, "Đề nghị kéo dài thời gian lấy ý kiến", section=None, target=TargetKind.DOCUMENT)


def with_plan(db: Database, **report: Any) -> None:
    """The plan's number and date (the opening line) and report settings, as the plan loader stores them."""
    with db.unit() as s:
        s.execute(update(Consultation).values(issued_on=date(2025, 7, 3),
                                              settings={"report": {"plan_number": "02-KH/ĐU", **report}}))  # fmt: skip


def open_docx(built: Report) -> Any:
    assert built.docx is not None
    return docx.Document(io.BytesIO(built.docx))


def runs_of(par: Any) -> list[Any]:
    return [r for r in par.runs if r.text.strip()]


def size(run: Any) -> float:
    return float(run.font.size.pt)


def body_paragraphs(document: Any) -> list[Any]:
    return list(document.paragraphs)


# --- the party format, element by element -----------------------------------------------------------------


def test_docx_party_format_hd36(any_db: Database) -> None:
    seeded(any_db, fill)
    with_plan(any_db)
    before = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    document = open_docx(report(any_db))
    sec = document.sections[0]
    assert len(document.sections) == 1  # the appendix starts with a page break, not a section break
    # page: A4, margins 20 / 20 / 30 / 15 mm, the header 10 mm from the top edge
    cm = {k: round(getattr(sec, k).cm, 2) for k in ("page_width", "page_height", "top_margin", "bottom_margin",
                                                     "left_margin", "right_margin", "header_distance")}  # fmt: skip
    assert cm == {"page_width": 21.0, "page_height": 29.7, "top_margin": 2.0, "bottom_margin": 2.0,
                  "left_margin": 3.0, "right_margin": 1.5, "header_distance": 1.0}  # fmt: skip
    # page numbers: a PAGE field, centred at the top, 14 pt, from page 2 (first page different, its header empty)
    assert sec.different_first_page_header_footer
    number = sec.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    xml = number._p.xml
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml) and 'w:fldCharType="begin"' in xml
    assert {int(s) for s in re.findall(r'<w:sz w:val="(\d+)"/>', xml)} == {28}
    assert "PAGE" not in "".join(p._p.xml for p in sec.first_page_header.paragraphs)
    assert not "".join(p.text for p in sec.first_page_header.paragraphs).strip()

    # the header block
    head = document.tables[0]
    parent, organisation, star = (runs_of(p)[0] for p in head.cell(0, 0).paragraphs)
    assert (parent.text, size(parent), bool(parent.bold)) == ("ĐẢNG BỘ TỈNH THỬ NGHIỆM", 14, False)
    assert (organisation.text, size(organisation), organisation.bold) == ("ĐẢNG ỦY PHƯỜNG THỬ NGHIỆM", 14, True)
    assert star.text == "*"
    party = runs_of(head.cell(0, 1).paragraphs[0])[0]
    assert (party.text, size(party), party.bold, party.underline) == ("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True, True)
    num = runs_of(head.cell(1, 0).paragraphs[0])[0]
    assert (num.text, size(num), bool(num.bold), bool(num.italic)) == ("Số …-BC/ĐU", 14, False, False)
    place = runs_of(head.cell(1, 1).paragraphs[0])[0]
    assert (place.text, size(place), place.italic) == ("Thử Nghiệm, ngày 20 tháng 7 năm 2025", 14, True)

    paragraphs = body_paragraphs(document)
    texts = [p.text for p in paragraphs]
    title = paragraphs[texts.index("BÁO CÁO")]
    assert (size(title.runs[0]), title.runs[0].bold) == (16, True)  # 15–16, bold
    subject = paragraphs[texts.index("BÁO CÁO") + 1]
    assert subject.text == "Tổng hợp ý kiến góp ý vào dự thảo Báo cáo chính trị" and subject.runs[0].bold
    assert size(subject.runs[0]) == 14 and paragraphs[texts.index("BÁO CÁO") + 2].text == "-----"
    # the opening line: the plan's number and date, not the consultation's title
    assert "Thực hiện Kế hoạch số 02-KH/ĐU ngày 03/7/2025, kết quả tổng hợp ý kiến góp ý như sau:" in texts
    assert not any("Lấy ý kiến dự thảo (thử nghiệm)" in x for x in texts)
    # the body: 14 pt upright
    body = paragraphs[texts.index("I. NHẬN XÉT CHUNG") + 1]
    assert size(body.runs[0]) == 14 and not body.runs[0].italic
    # "./." once, closing the text (the last paragraph of part III)
    ends = [x for x in texts if x.endswith("./.")]
    assert ends == ["- 1 ý kiến đề xuất, kiến nghị: “Đề nghị kéo dài thời gian lấy ý kiến”./."]
    assert texts.index(ends[0]) > texts.index("III. ĐỀ XUẤT, KIẾN NGHỊ")
    assert all("./." not in x for x in texts if x != ends[0])

    # "Nơi nhận": the words underlined (not Decree 30's bold italic), 14; recipients 12, "," each, "." after "Lưu"
    closing = document.tables[1]
    label = closing.cell(0, 0).paragraphs[0]
    assert label.text == "Nơi nhận:"
    words = label.runs[0]
    assert (words.text, words.underline, bool(words.bold), bool(words.italic), size(words)) == (
        "Nơi nhận", True, False, False, 14)  # fmt: skip
    recipients = [p for p in closing.cell(0, 0).paragraphs[1:] if p.text]
    assert [p.text for p in recipients] == ["- Lưu VP."]
    assert all(size(r) == 12 for p in recipients for r in p.runs)
    # the signature block: "T/M BAN THƯỜNG VỤ" 14 bold, then visible blanks for what the plan does not give
    sign = [p for p in closing.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in sign] == ["T/M BAN THƯỜNG VỤ", "(chức vụ)", "(họ và tên)"]
    assert sign[0].runs[0].bold and size(sign[0].runs[0]) == 14
    assert all(p.runs[0].italic and not p.runs[0].bold for p in sign[1:])

    # lead-in lines ending in ":" keep with what they introduce; the draft's own sections read as references
    for par in paragraphs:
        if par.text.rstrip().endswith(":"):
            assert par.paragraph_format.keep_with_next, par.text
    quoted = [p for p in paragraphs if p.style.name.startswith("Heading") and p.text.startswith("Mục ")]
    assert [p.text for p in quoted] == ["Mục I “MỤC LỚN 1”", "Mục I.1 “Mục con của 1”"]
    assert all(r.italic and r.bold is False for p in quoted for r in p.runs)
    parts = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert parts == ["I. NHẬN XÉT CHUNG", "II. TỔNG HỢP Ý KIẾN GÓP Ý VỀ NỘI DUNG", "III. ĐỀ XUẤT, KIẾN NGHỊ"]
    # the appendix on a new page of the same section (no empty section-break paragraph, no blank page)
    appendix = paragraphs[texts.index("PHỤ LỤC")]
    assert appendix.paragraph_format.page_break_before
    assert "w:sectPr" not in "".join(p._p.xml for p in paragraphs)

    # the core properties: the report's title, the issuing body, now
    props = document.core_properties
    assert props.title == "BÁO CÁO Tổng hợp ý kiến góp ý vào dự thảo Báo cáo chính trị"
    assert props.author == props.last_modified_by == "ĐẢNG ỦY PHƯỜNG THỬ NGHIỆM"
    for stamp in (props.created, props.modified):
        assert before - timedelta(seconds=5) <= stamp.replace(tzinfo=None) <= before + timedelta(minutes=5)
    assert "python-docx" not in " ".join(str(getattr(props, k)) for k in ("author", "comments", "title", "subject"))


def test_the_signer_and_number_given_per_report(db: Database) -> None:
    seeded(db, fill)
    with_plan(db, number="-BC/ĐU", signer={"title": "Bí thư"}, recipients=["Ban Tuyên giáo Tỉnh ủy;",
                                                                          "- Các chi bộ"])  # fmt: skip
    first = build_report(db, Scope(), as_of=AS_OF, signing=Signing(number="15", signer_name="Nguyễn Văn A"))
    second = build_report(db, Scope(), as_of=AS_OF, signing=Signing(number="16-BC/ĐU", signer_title="Phó Bí thư"))
    numbers = [open_docx(r).tables[0].cell(1, 0).paragraphs[0].text for r in (first, second)]
    assert numbers == ["Số 15-BC/ĐU", "Số 16-BC/ĐU"]  # each report its own number
    sign = [p for p in open_docx(first).tables[1].cell(0, 1).paragraphs if p.text]
    assert [p.text for p in sign] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"]
    assert not sign[1].runs[0].bold and sign[2].runs[0].bold  # the title upright, the name bold
    sign = [p.text for p in open_docx(second).tables[1].cell(0, 1).paragraphs if p.text]
    assert sign == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "(họ và tên)"]
    recipients = [p.text for p in open_docx(first).tables[1].cell(0, 0).paragraphs[1:] if p.text]
    assert recipients == ["- Ban Tuyên giáo Tỉnh ủy,", "- Các chi bộ,", "- Lưu VP."]
    text = write_text(first.summary)
    assert "Số 15-BC/ĐU" in text and "Nguyễn Văn A" in text and "./." in text


def test_report_number_rules() -> None:
    assert report_number("15", "02-BC/ĐU") == ("15-BC/ĐU", False)  # a bare number takes the plan's symbol
    assert report_number(None, "02-BC/ĐU") == ("02-BC/ĐU", False)  # the plan's default
    assert report_number(None, "-BC/ĐU") == ("…-BC/ĐU", True)  # a symbol alone: a visible blank
    assert report_number(None, "     -BC/ĐU") == ("…-BC/ĐU", True)
    assert report_number(None, None) == ("…-BC/ĐU", True)
    assert report_number("7-BC/CB", None) == ("7-BC/CB", False)
    assert recipients_list([]) == ["Lưu VP."]
    assert recipients_list(["A;", "Lưu VPĐU"]) == ["A,", "Lưu VPĐU."]


def test_opening_line_blank_when_the_plan_gives_no_number(db: Database) -> None:
    seeded(db, fill)
    with db.unit() as s:
        s.execute(update(Consultation).values(issued_on=None))
    assert report(db).summary.header.intro == "Thực hiện Kế hoạch số … ngày …, kết quả tổng hợp ý kiến góp ý như sau:"


def test_plan_number_from_the_plan_file_reaches_the_report_settings() -> None:
    from storage.plan_schema import ConsultationSpec

    spec = ConsultationSpec.model_validate({"code": "K", "title": "Kế hoạch", "plan_number": "02-KH/ĐU"})
    assert spec.report.model_dump(exclude_none=True)["plan_number"] == "02-KH/ĐU"


# --- counts and words -------------------------------------------------------------------------------------


def test_a_letter_is_counted_once_and_not_as_a_person(any_db: Database) -> None:
    def fill_letters(s: Seeder) -> None:
        me, writer, other = s.person(uid="1"), s.person(uid="2"), s.person(uid="3")
        s.add(A, "Nhất trí", who=me)
        day = datetime(2025, 7, 10, 3, tzinfo=UTC)
        for section in (0, 1, 2):  # one letter, three opinions on three sections
            s.add(A, "Nhất trí", who=writer, section=section, source=Source.WRITTEN, created_at=day)
        s.add(D, "Không nhất trí", who=other, source=Source.WRITTEN, created_at=day, represents=3)
        s.add(D, "Thư thứ hai", who=writer, source=Source.WRITTEN, created_at=day + timedelta(days=2))

    seeded(any_db, fill_letters)
    p1 = report(any_db).summary.part1
    assert (p1.comments, p1.letters, p1.individuals, p1.participants) == (6, 3, 1, 1)
    text = write_text(report(any_db).summary)
    assert "so với 1 người tham gia và 3 văn bản góp ý." in text
    assert "0 lượt người dự" not in text and "0 hội nghị" not in text  # no zero clause


def test_appendix_total_counts_a_person_in_two_groups_once(any_db: Database) -> None:
    def fill_two(s: Seeder) -> None:
        one = s.person()
        s.add(A, "Nhất trí", who=one, channel="telegram")
        s.add(A, "Nhất trí", who=one, channel="zalo", section=1)

    seeded(any_db, fill_two)
    built = report(any_db)
    by_channel = built.summary.part1.by_channel
    assert sorted(r.participants for r in by_channel) == [1, 1]
    table = open_docx(built).tables[4]  # audience, unit, channel, source
    assert [c.text for c in table.rows[-1].cells] == ["Tổng", "2", "2", "1"]  # not 1 + 1
    assert built.xlsx is not None
    rows = list(openpyxl.load_workbook(io.BytesIO(built.xlsx))["Theo kênh"].iter_rows(values_only=True))
    assert rows[-1] == ("Tổng", 2, 2, 1)


def test_words_doubled_stops_reasons_and_zero_clauses(any_db: Database) -> None:
    def fill_words(s: Seeder) -> None:
        s.person()
        for reason in ("Cho sát thực tế.", "cho sát thực tế", "Cho rõ hơn"):  # three merged, two reasons
            s.add(M, "", target=TargetKind.PARAGRAPH, section=1, quoted_original="bền vững",
                  proposed_text="phát triển bền vững.", reason=reason, paragraph_no=2)  # fmt: skip
        meeting(s.s, s.b, kind="cell_meeting", attendance=0, speakers=0, atmosphere="Sôi nổi")

    seeded(any_db, fill_words)
    text = write_text(report(any_db).summary)
    assert "Sinh hoạt Chi bộ khu phố 1 ngày 10/07/2025: “Sôi nổi”" in text  # not "chi bộ Chi bộ", no "(0 người dự"
    line = next(x for x in text.splitlines() if "phát triển bền vững" in x)
    assert "“phát triển bền vững.”." not in line and "”.." not in line  # no double stop
    assert line.count("Lý do:") == 1 and "Lý do: “Cho sát thực tế.”; “Cho rõ hơn”." in line
    assert "mục I.1 “Mục con của 1”" in line  # the draft has three "1": the parent says which
    assert "0 lượt người dự" not in text and "1 hội nghị, cuộc họp có biên bản" in text
    assert join_names("Sinh hoạt chi bộ", "Chi bộ khu phố 1") == "Sinh hoạt Chi bộ khu phố 1"
    assert join_names("Hội nghị", "Chi bộ khu phố 1") == "Hội nghị Chi bộ khu phố 1"


def test_references_are_qualified_only_when_the_label_is_ambiguous(db: Database) -> None:
    def fill_refs(s: Seeder) -> None:
        s.add(A, "Nhất trí", section=0)  # "I": unique
        s.add(A, "Nhất trí", section=3)  # "1" under II: three "1" in the draft

    seeded(db, fill_refs)
    headings = [i.heading for i in report(db).summary.part2[0].issues]
    assert headings == ["Mục I “MỤC LỚN 1”", "Mục II “MỤC LỚN 2”", "Mục II.1 “Mục con của 2”"]


# --- the digest -------------------------------------------------------------------------------------------


def test_digest_tie_shows_both_sides_and_fits_one_message(any_db: Database) -> None:
    def fill_tie(s: Seeder) -> None:
        s.many(10, A, "Nhất trí", section=0)
        s.many(10, D, "Không nhất trí", section=0)

    seeded(any_db, fill_tie)
    digest = report(any_db).digest
    assert len(digest) == 1 and len(digest[0]) <= LIMIT
    line = next(x for x in digest[0].splitlines() if x.startswith("• Mục I"))
    assert "Nhiều ý kiến (10/20) nhất trí" in line and "Nhiều ý kiến (10/20) không nhất trí" in line
    assert line.count("MỤC LỚN 1") == 1  # the heading names the issue once


def test_digest_names_the_draft_and_shortens_to_fit(db: Database) -> None:
    long_title = ("Dự thảo Báo cáo chính trị của Ban Chấp hành Đảng bộ phường trình Đại hội đại biểu lần thứ I, "
                  "nhiệm kỳ 2025 - 2030, về phát triển kinh tế - xã hội bền vững")  # fmt: skip

    def fill_two_drafts(s: Seeder) -> None:
        second = Document(consultation_id=s.b.consultation_id, code="DH-2", title="Dự thảo Báo cáo kiểm điểm",
                          level=Level.WARD, order=1)  # fmt: skip
        s.s.add(second)
        s.s.flush()
        s.many(3, A, "Nhất trí", section=None, target=TargetKind.DOCUMENT)
        for _ in range(2):
            s.add(A, "Nhất trí", section=None, target=TargetKind.DOCUMENT).document_id = second.id
        for i in range(40):  # many sections with long titles
            sec = Section(document_id=s.b.document_id, order=100 + i, label=f"{i + 10}", depth=1,
                          title="Nội dung rất dài " * 12)  # fmt: skip
            s.s.add(sec)
            s.s.flush()
            s.add(A, "Nhất trí " + "x" * i, section=None).section_id = sec.id

    seeded(db, fill_two_drafts)
    with db.unit() as s:
        s.execute(update(Document).where(Document.code == "DH-TEST").values(title=long_title))
    built = report(db)
    assert len(built.digest) == 1 and len(built.digest[0]) <= LIMIT
    text = built.digest[0]
    wholes = [x for x in text.splitlines() if "Những vấn đề chung của dự thảo" in x]
    assert len(wholes) == 2 and any("Dự thảo 1 (" in x for x in wholes) and any("Dự thảo 2 (" in x for x in wholes)
    assert all(x.count("Đảng bộ phường trình") <= 1 for x in text.splitlines())  # a long title once a line
    assert build_digest(built.summary) == built.digest


def test_cli_text_is_the_report_and_digest_the_digest(db: Database, tmp_path: Path) -> None:
    from tests.aggregation.test_outputs import _app

    seeded(db, fill)
    runner, app, url = CliRunner(), _app(), str(db.url)
    full = runner.invoke(app, ["report", "--format", "text", "--number", "21", "--db", url])
    assert full.exit_code == 0, full.output
    assert "III. ĐỀ XUẤT, KIẾN NGHỊ" in full.output and "Số 21-BC/ĐU" in full.output
    short = runner.invoke(app, ["report", "--format", "text", "--digest", "--db", url])
    assert short.exit_code == 0, short.output
    assert short.output.startswith("BÁO CÁO NHANH:") and "III. ĐỀ XUẤT" not in short.output
    assert runner.invoke(app, ["report", "--format", "docx", "--digest", "--db", url]).exit_code == 2
    out = tmp_path / "bc.docx"
    result = runner.invoke(app, ["report", "-o", str(out), "--number", "22", "--signer-name", "Trần B", "--db", url])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.tables[0].cell(1, 0).paragraphs[0].text == "Số 22-BC/ĐU"
    assert "Trần B" in [p.text for p in document.tables[1].cell(0, 1).paragraphs]


# --- the chart ----------------------------------------------------------------------------------------------


def test_chart_integer_axis_hatches_values_and_whole_labels() -> None:
    long = "II. NHIỆM VỤ, GIẢI PHÁP PHÁT TRIỂN KINH TẾ - XÃ HỘI, BẢO ĐẢM QUỐC PHÒNG, AN NINH GIAI ĐOẠN 2025 - 2030"
    rows = [ChartRow("I. Tổng quát", {"agree": 1, "disagree": 2, "general": 1}), ChartRow(long, {"amend": 1})]
    fig = figure(rows)
    assert fig is not None
    ax = fig.axes[0]
    assert all(float(x).is_integer() for x in ax.get_xticks())  # no 0.25 … 2.00 on small counts
    hatches = {p.get_hatch() for p in ax.patches}
    assert len(hatches) == len(series(rows)) and len(set(HATCHES)) == len(HATCHES)  # a pattern each, not colour alone
    values = {t.get_text() for t in ax.texts}
    assert {"1", "2"} <= values  # the counts on the bars
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "I. Tổng quát"
    assert labels[1].replace("\n", " ") == long  # wrapped, not cut
    assert "…" in wrap_label("Nội dung rất dài " * 20)


# --- the workbook ---------------------------------------------------------------------------------------------


def test_xlsx_filter_wrap_dates_titles_print_and_guard(any_db: Database) -> None:
    def fill_x(s: Seeder) -> None:
        s.person()
        s.add(A, "Nhất trí " + "rất dài " * 30)
        s.add(P, '=HYPERLINK("http://x")', section=None, target=TargetKind.DOCUMENT)
        s.add(P, "+84 gọi tôi", section=None, target=TargetKind.DOCUMENT)

    seeded(any_db, fill_x)
    built = report(any_db)
    assert built.xlsx is not None
    book = openpyxl.load_workbook(io.BytesIO(built.xlsx))
    ws = book["Ý kiến"]
    head = [c.value for c in ws[1]]
    by = {h: i for i, h in enumerate(head)}
    assert ws.auto_filter.ref == f"A1:U{ws.max_row}"
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"  # the header row on every printed page
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    rows = list(ws.iter_rows(min_row=2))
    text = rows[0][by["Nội dung (nguyên văn)"]]
    assert text.alignment.wrap_text and text.value.startswith("Nhất trí")
    when = rows[0][by["Thời gian"]]
    assert when.data_type == "d" and isinstance(when.value, datetime) and when.is_date
    assert rows[0][by["Dự thảo"]].value == "Dự thảo Báo cáo chính trị"  # the title, not the code
    formula = next(r[by["Nội dung (nguyên văn)"]] for r in rows if str(r[by["Nội dung (nguyên văn)"]].value)[0] == "=")
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://x")' and formula.quotePrefix
    plus = next(r[by["Nội dung (nguyên văn)"]] for r in rows if str(r[by["Nội dung (nguyên văn)"]].value)[0] == "+")
    assert plus.quotePrefix and not text.quotePrefix
    with zipfile.ZipFile(io.BytesIO(built.xlsx)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    for name in book.sheetnames[1:-1]:
        assert book[name].auto_filter.ref and book[name].page_setup.orientation == "landscape"


# --- printed: the PDF LibreOffice makes of it ------------------------------------------------------------------


@pytest.mark.slow
def test_printed_pages_numbered_from_two_and_no_blank_page(db: Database, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (make test installs libreoffice-writer-nogui)")

    def fill_long(s: Seeder) -> None:
        s.person()
        for i in range(60):
            s.add(D, f"Ý kiến không nhất trí số {i}: " + "lập luận dài " * 20, section=i % 6)

    seeded(db, fill_long)
    built = report(db)
    assert built.docx is not None
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(built.docx)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(tmp_path / "bao-cao.pdf").pages]
    assert len(pages) >= 3
    assert all(p.strip() for p in pages)  # no blank page (before the appendix or anywhere)
    assert not pages[0].lstrip()[:1].isdigit() and "ĐẢNG CỘNG SẢN VIỆT NAM" in pages[0]  # no number on page 1
    for n, page in enumerate(pages[1:], start=2):
        assert page.lstrip().startswith(str(n)), (n, page[:40])
    assert sum("PHỤ LỤC" in p for p in pages) == 1
