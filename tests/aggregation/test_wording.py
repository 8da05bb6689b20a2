"""The report's wording as a reader meets it: what is counted against what, how places and numbers read, what the
workbook holds. Each test pins a defect found in QA (chart categories and labels, an empty part II heading, numbers
run together, share words of a category over itself, amendments counted twice, NFD text in the workbook,
capitalisation of titles inside sentences)."""

from __future__ import annotations

import io
import unicodedata
from typing import Any, TypedDict

import openpyxl
import pytest

from aggregation.charts import series
from aggregation.pipeline import Report
from aggregation.query import ReportError
from aggregation.text_writer import write_text
from core.kinds import STANCES
from storage.db import Database
from storage.models import Document, GuidedTopic, Level, Section
from tests.aggregation.helpers import (
    SECRET_ID,
    SECRET_NAME,
    CommentKind,
    Seeder,
    Source,
    TargetKind,
    report,
    seeded,
)

A, D, M, OTHER, G, P = (CommentKind.AGREE, CommentKind.DISAGREE, CommentKind.AMEND, CommentKind.OTHER,
                        CommentKind.GENERAL, CommentKind.PROPOSAL)  # fmt: skip


class _Whole(TypedDict):
    target: TargetKind
    section: None


WHOLE: _Whole = {"target": TargetKind.DOCUMENT, "section": None}
PROVINCE_TITLE = "Dự thảo Báo cáo chính trị Đại hội Đảng bộ tỉnh"
REASON = "Cho sát với thực tế của phường"


def chat_amendment(s: Seeder, **kw: Any) -> None:
    """An amendment as the chat records it: the reason in `reason` alone, no text of its own."""
    s.add(M, "", target=TargetKind.PARAGRAPH, section=1, quoted_original="bền vững",
          proposed_text="bền vững, bao trùm", reason=REASON, paragraph_no=2, page=2, line=13, **kw)  # fmt: skip


def fill(s: Seeder) -> None:
    """A ward draft with comments of every kind, and a provincial draft with none."""
    s.person()
    s.s.add(Document(consultation_id=s.b.consultation_id, code="BCCT-TINH", title=PROVINCE_TITLE,
                     level=Level.PROVINCIAL, order=1))  # fmt: skip
    topic = s.s.query(GuidedTopic).filter_by(document_id=s.b.document_id, order=1).one()
    s.many(6, G, "Dự thảo được chuẩn bị công phu", **WHOLE)
    s.many(30, A, "Nhất trí", area_id=s.b.unit_ids["KP1"])
    s.many(4, A, "Nhất trí gợi ý 1", target=TargetKind.TOPIC, section=None, topic_id=topic.id)
    s.many(3, D, "Không nhất trí", section=1)
    for _ in range(3):
        chat_amendment(s)
    s.add(M, "Cho rõ", target=TargetKind.PARAGRAPH, section=1, quoted_original="xanh", proposed_text="",
          reason="Cho rõ", paragraph_no=1)  # fmt: skip
    s.add(M, "Đề nghị thêm một đoạn về chuyển đổi số", section=0)
    s.add(P, "Đề nghị kéo dài thời gian lấy ý kiến", **WHOLE)
    s.add(OTHER, unicodedata.normalize("NFD", "Giữ vững hoà bình, ổn định"), source=Source.WRITTEN)


@pytest.fixture
def built(db: Database) -> Report:
    seeded(db, fill, with_topics=True)
    return report(db)


def docx_texts(built: Report) -> list[str]:
    import docx

    assert built.docx is not None
    return [p.text for p in docx.Document(io.BytesIO(built.docx)).paragraphs]


def workbook(built: Report) -> openpyxl.Workbook:
    assert built.xlsx is not None
    return openpyxl.load_workbook(io.BytesIO(built.xlsx))


# --- 1. the chart -----------------------------------------------------------------------------------------


def test_chart_draws_general_remarks_as_their_own_category(built: Report) -> None:
    whole = built.summary.chart[0]
    assert whole.counts["general"] == 6 and whole.counts["other"] == 0  # was drawn as 6 "Ý kiến khác"
    drawn = {kind: (legend, sum(values)) for kind, legend, _colour, _hatch, values in series(built.summary.chart)}
    assert drawn["general"] == ("Nhận xét chung", 6)
    assert drawn["other"] == ("Ý kiến khác", 1)  # the one written "other" comment, nothing more
    assert "general" not in STANCES


def test_chart_labels_are_readable_headings(built: Report) -> None:
    labels = [row.label for row in built.summary.chart]
    assert labels == ["Dự thảo 1 – Chung (toàn văn, gợi ý)", "Dự thảo 1 – I. MỤC LỚN 1"]
    assert not any("DH-TEST" in label for label in labels)
    texts = docx_texts(built)  # the prefix is read against part 2's numbering
    assert f"(Dự thảo 1: Dự thảo Báo cáo chính trị; Dự thảo 2: {PROVINCE_TITLE})" in texts


def test_chart_of_one_draft_has_no_prefix(db: Database) -> None:
    seeded(db, lambda s: s.add(A, "Nhất trí"))
    assert [row.label for row in report(db, document_code="DH-TEST").summary.chart] == ["I. MỤC LỚN 1"]


# --- 2. a draft without comments ----------------------------------------------------------------------------


def test_a_draft_without_comments_says_so_everywhere(built: Report) -> None:
    none = "Chưa có ý kiến góp ý về nội dung dự thảo này."
    texts = docx_texts(built)
    heading = texts.index(f"2. {PROVINCE_TITLE}")
    assert texts[heading + 1] == none  # was an empty heading
    lines = write_text(built.summary).splitlines()
    assert lines[lines.index(f"2. {PROVINCE_TITLE}") + 1] == none
    digest = "\n".join(built.digest)
    assert "Chưa có ý kiến góp ý về nội dung: dự thảo Báo cáo chính trị Đại hội Đảng bộ tỉnh." in digest


# --- 3. numbers do not run together ---------------------------------------------------------------------------


def test_unit_and_count_are_separated(built: Report) -> None:
    expected = "Khu phố 1: 30 ý kiến"
    assert any(expected in line for line in docx_texts(built))
    assert expected in write_text(built.summary)
    assert "Khu phố 1 30" not in write_text(built.summary)


# --- 4. no share of a category over itself; a neutral heading for general remarks -----------------------------


def test_general_remarks_and_proposals_are_counted_plainly(built: Report) -> None:
    summary = built.summary
    whole = summary.part2[0].issues[0]
    (general,) = whole.views
    assert general.sentence == "6 ý kiến nêu nhận xét chung về dự thảo"  # was "Hầu hết ý kiến (6/6) …"
    (_title, quality) = summary.part1.quality[0]
    assert quality.sentence == "6 ý kiến nêu nhận xét chung về dự thảo" and quality.level == ""
    (props,) = summary.part3
    assert props.views[0].sentence == "1 ý kiến đề xuất, kiến nghị"
    text = write_text(summary)
    assert "(6/6)" not in text and "(1/1) đề xuất" not in text


def test_trend_is_over_stances_only(built: Report) -> None:
    p1 = built.summary.part1
    stances = 30 + 4 + 3 + 5 + 1  # agree, disagree, amend, other; not the 6 general remarks nor the proposal
    assert p1.trend_total == stances
    assert {v.kind for v in p1.trend} == set(STANCES)
    assert all(v.total == stances for v in p1.trend)
    assert p1.trend[0].sentence == f"Hầu hết ý kiến (34/{stances}) nhất trí với nội dung các dự thảo"
    assert [v.sentence for v in p1.besides_trend] == [
        "6 ý kiến nêu nhận xét chung về các dự thảo",
        "1 ý kiến đề xuất, kiến nghị",
    ]
    texts = docx_texts(built)
    assert any(x.startswith(f"Xu hướng chung (trên {stances} ý kiến nhất trí") for x in texts)
    assert (
        "Ngoài ra (không tính vào xu hướng chung): 6 ý kiến nêu nhận xét chung về các dự thảo; 1 ý kiến đề xuất, "
        "kiến nghị." in texts
    )


def test_a_share_compares_the_stances_of_an_issue(db: Database) -> None:
    def fill_issue(s: Seeder) -> None:
        s.many(5, G, "Nhận xét về mục")
        s.many(3, A, "Nhất trí")
        s.add(D, "Không nhất trí")

    seeded(db, fill_issue)
    (sec,) = report(db).summary.part2[0].issues
    assert [v.sentence for v in sec.views] == [
        "5 ý kiến nêu nhận xét chung về mục I “MỤC LỚN 1”",
        "Hầu hết ý kiến (3/4) nhất trí với nội dung mục I “MỤC LỚN 1”",  # was 3/9: general remarks are no stance
        "Có ý kiến (1/4) không nhất trí với nội dung mục I “MỤC LỚN 1”",
    ]
    assert sec.opinions == 9


def test_general_remarks_are_not_classified_for_the_commenters(built: Report) -> None:
    texts = docx_texts(built)
    assert not any("quá trình chuẩn bị" in x for x in texts)
    assert "Nhận xét chung về dự thảo Báo cáo chính trị:" in texts
    assert "Nhận xét chung về dự thảo Báo cáo chính trị:" in write_text(built.summary)


# --- 5. the digest says what it counts --------------------------------------------------------------------------


def test_digest_counts_amendment_opinions_and_distinct_amendments(built: Report) -> None:
    assert built.summary.amendment_count == 3 and built.summary.amendment_opinions == 5
    digest = "\n".join(built.digest)
    assert (
        "5 ý kiến đề nghị sửa đổi, bổ sung (3 đề nghị khác nhau, trích nguyên văn trong báo cáo); 1 ý kiến đề xuất, "
        "kiến nghị." in digest
    )


def test_digest_without_amendments(db: Database) -> None:
    seeded(db, lambda s: s.add(A, "Nhất trí"))
    assert "Không có ý kiến đề nghị sửa đổi, bổ sung; 0 ý kiến đề xuất, kiến nghị." in report(db).digest[-1]


# --- 6. the workbook ----------------------------------------------------------------------------------------


def test_xlsx_amendment_reason_only_once(built: Report) -> None:
    rows = list(workbook(built)["Ý kiến"].iter_rows(values_only=True))
    by = {h: i for i, h in enumerate(rows[0])}
    amendments = [r for r in rows[1:] if r[by["Loại ý kiến"]] == "Đề nghị sửa đổi, bổ sung"]
    from_chat = [r for r in amendments if r[by["Lý do"]] == REASON]
    assert len(from_chat) == 3
    assert all(r[by["Nội dung (nguyên văn)"]] is None for r in from_chat)
    typed = next(r for r in amendments if r[by["Lý do"]] is None)
    assert typed[by["Nội dung (nguyên văn)"]] == "Đề nghị thêm một đoạn về chuyển đổi số"


def test_a_quote_not_found_in_the_draft_is_never_passed_off_as_its_words(db: Database) -> None:
    def fill(s: Seeder) -> None:
        chat_amendment(s)  # its quote was found in the paragraph
        s.add(M, "", target=TargetKind.PARAGRAPH, section=1, quoted_original="vãn hoá", quote_found=False,
              proposed_text="văn hoá", reason="Sai chính tả", paragraph_no=1)  # fmt: skip

    seeded(db, fill)
    built = report(db)
    mark = "(câu chữ do người góp ý trích, không tìm thấy nguyên văn trong đoạn này của dự thảo)"
    for text in (write_text(built.summary), "\n".join(docx_texts(built))):
        line = next(x for x in text.splitlines() if "vãn hoá" in x)
        assert "đề nghị sửa “vãn hoá” thành “văn hoá”" in line and mark in line
        assert all(mark not in x for x in text.splitlines() if "bền vững, bao trùm" in x)  # found quotes: no mark
    rows = list(workbook(built)["Ý kiến"].iter_rows(values_only=True))
    by = {h: i for i, h in enumerate(rows[0])}
    quoted = [r[by["Câu chữ dự thảo đề nghị sửa"]] for r in rows[1:] if r[by["Câu chữ dự thảo đề nghị sửa"]]]
    assert sorted(quoted) == ["bền vững", f"vãn hoá {mark}"]


def test_xlsx_says_when_an_amendment_deletes(built: Report) -> None:
    rows = list(workbook(built)["Ý kiến"].iter_rows(values_only=True))
    by = {h: i for i, h in enumerate(rows[0])}
    deleting = next(r for r in rows[1:] if r[by["Câu chữ dự thảo đề nghị sửa"]] == "xanh")
    assert deleting[by["Đề nghị sửa thành"]] == "(đề nghị bỏ đoạn trích)"
    typed = next(r for r in rows[1:] if r[by["Nội dung (nguyên văn)"]] == "Đề nghị thêm một đoạn về chuyển đổi số")
    assert typed[by["Đề nghị sửa thành"]] is None  # no proposal given: an empty cell, not a deletion


def test_docx_amendment_reason_only_once(built: Report) -> None:
    texts = docx_texts(built)
    assert sum(x.count(REASON) for x in texts) == 1
    assert (
        "+ Tại mục I.1 “Mục con của 1”, đoạn 2, trang 2, dòng 13: đề nghị sửa “bền vững” thành “bền vững, bao trùm”. "
        f"Lý do: “{REASON}”. (3 ý kiến)" in texts
    )
    assert "+ Tại mục I.1 “Mục con của 1”, đoạn 1: đề nghị bỏ “xanh”. Lý do: “Cho rõ”." in texts
    assert not any("None" in x for x in texts)


def test_xlsx_text_is_nfc_and_says_so(built: Report) -> None:
    book = workbook(built)
    rows = list(book["Ý kiến"].iter_rows(values_only=True))
    by = {h: i for i, h in enumerate(rows[0])}
    texts = [r[by["Nội dung (nguyên văn)"]] for r in rows[1:] if r[by["Nội dung (nguyên văn)"]]]
    assert "Giữ vững hoà bình, ổn định" in texts  # same words, composed: Excel's search finds it
    assert all(unicodedata.is_normalized("NFC", x) for x in texts)
    notes = [r[0] for r in book["Ghi chú"].iter_rows(values_only=True)]
    assert any("NFC" in x for x in notes)


def test_xlsx_sections_sheet_names_topics_and_whole_draft(built: Report) -> None:
    rows = list(workbook(built)["Theo mục"].iter_rows(values_only=True))
    assert [(r[1], r[2]) for r in rows[1:]] == [
        ("Toàn văn", "Dự thảo Báo cáo chính trị"),
        ("Gợi ý 1", "Về mục tiêu tổng quát"),  # was "1", read as section 1
        ("I", "MỤC LỚN 1"),
        ("1", "Mục con của 1"),
    ]


# --- 7. titles inside sentences ---------------------------------------------------------------------------


def test_draft_titles_are_lower_case_inside_sentences(db: Database) -> None:
    def fill_one(s: Seeder) -> None:
        s.add(P, "Đề nghị kéo dài thời gian lấy ý kiến", **WHOLE)
        s.add(M, "Đề nghị bổ sung phần kết luận", **WHOLE)

    seeded(db, fill_one)
    built = report(db, document_code="DH-TEST")
    texts = docx_texts(built)
    assert "Tổng hợp ý kiến góp ý vào dự thảo Báo cáo chính trị" in texts
    assert "Đối với dự thảo Báo cáo chính trị:" in texts  # was "Đối với Dự thảo …"
    assert "+ Tại toàn văn dự thảo Báo cáo chính trị: “Đề nghị bổ sung phần kết luận”." in texts
    assert "1. Dự thảo Báo cáo chính trị" in texts  # a heading keeps its capital


# --- while there: places, argued dissent, privacy ---------------------------------------------------------


def test_places_without_label_or_unknown_parts(db: Database) -> None:
    def fill_unlabelled(s: Seeder) -> None:
        sec = s.s.get(Section, s.b.section_ids[0])
        assert sec is not None
        sec.label = ""
        s.add(M, "Bổ sung cụm từ", section=0, proposed_text="và hội nhập", page=3)

    seeded(db, fill_unlabelled)
    built = report(db)
    (sec,) = built.summary.part2[0].issues
    assert sec.heading == "Phần “MỤC LỚN 1”"  # the draft's part as a reference, never like the report's own
    (amend,) = sec.views[0].amendments
    assert amend.location == "phần “MỤC LỚN 1”, trang 3"
    assert amend.wording == "đề nghị bổ sung “và hội nhập”"


def test_nothing_private_in_the_text_report(built: Report) -> None:
    text = write_text(built.summary)
    for secret in (SECRET_NAME, SECRET_ID, "Bảo Mật"):
        assert secret not in text


def test_argued_disagreement_on_the_whole_draft_quoted_in_full(db: Database) -> None:
    argued = "Tôi không nhất trí với cách đặt vấn đề của dự thảo, vì " + "số liệu chưa sát thực tế phường, " * 7

    def fill_argued(s: Seeder) -> None:
        s.add(D, argued, **WHOLE)
        s.many(12, D, "Không nhất trí", **WHOLE)

    seeded(db, fill_argued)
    built = report(db)
    assert len(argued) >= 200
    assert any(f"“{argued}”" in x for x in docx_texts(built))
    assert f"“{argued}”" in write_text(built.summary)


def test_part1_of_a_report_without_comments_is_not_a_row_of_zeros(db: Database) -> None:
    seeded(db, lambda s: None)
    text = write_text(report(db).summary)
    assert "Chưa có ý kiến góp ý trong phạm vi báo cáo." in text
    assert "0 lượt góp ý" not in text and "0 người" not in text


def test_document_codes_in_any_case_and_unknown_ones_listed(db: Database) -> None:
    seeded(db, lambda s: s.add(A, "Nhất trí"))
    assert report(db, document_code="dh-test").summary.part1.comments == 1
    with pytest.raises(ReportError) as info:
        report(db, document_code="KHONG-CO")
    assert str(info.value) == "Không tìm thấy dự thảo có mã KHONG-CO. Các mã dự thảo: DH-TEST."
