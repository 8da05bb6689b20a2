"""Exact counts, words and order of the summary, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from aggregation.model import Issue, Summary, View
from storage.db import Database
from storage.models import Moderation
from tests.aggregation.helpers import (
    Audience,
    CommentKind,
    Role,
    Seeder,
    Source,
    TargetKind,
    meeting,
    report,
    seeded,
)

A, D, M, OTHER, G, P = (CommentKind.AGREE, CommentKind.DISAGREE, CommentKind.AMEND, CommentKind.OTHER,
                        CommentKind.GENERAL, CommentKind.PROPOSAL)  # fmt: skip


def issues(summary: Summary) -> list[Issue]:
    return summary.part2[0].issues


def issue(summary: Summary, heading_start: str) -> Issue:
    return next(i for i in issues(summary) if i.heading.startswith(heading_start))


def view(item: Issue, kind: str) -> View:
    return next(v for v in item.views if v.kind == kind)


def test_36_of_41_agree_and_a_single_dissent(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        s.many(36, A, "Nhất trí")
        s.many(4, OTHER, "Cần bổ sung số liệu")
        s.add(D, "Không nhất trí")

    seeded(any_db, fill)
    summary = report(any_db).summary
    sec = issue(summary, "Mục I “MỤC LỚN 1”")
    assert (sec.opinions, sec.comments) == (41, 41)
    assert view(sec, "agree").sentence == "Hầu hết ý kiến (36/41) nhất trí với nội dung mục I “MỤC LỚN 1”"
    assert view(sec, "other").sentence.startswith("Một số ý kiến (4/41)")
    assert view(sec, "disagree").sentence.startswith("Có ý kiến (1/41) không nhất trí")
    assert [v.kind for v in sec.views] == ["agree", "other", "disagree"]  # by weight


def test_exactly_half_and_exactly_a_quarter(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        s.many(20, A, "Nhất trí", section=0)
        s.many(20, D, "Không nhất trí", section=0)
        s.many(10, A, "Nhất trí", section=2)
        s.many(30, OTHER, "Ý khác", section=2)

    seeded(any_db, fill)
    summary = report(any_db).summary
    half = issue(summary, "Mục I “MỤC LỚN 1”")
    assert view(half, "agree").sentence.startswith("Nhiều ý kiến (20/40) nhất trí")
    assert view(half, "disagree").sentence.startswith("Nhiều ý kiến (20/40) không nhất trí")
    quarter = issue(summary, "Mục II “MỤC LỚN 2”")
    assert view(quarter, "agree").sentence.startswith("Một số ý kiến (10/40) nhất trí")
    assert view(quarter, "other").sentence.startswith("Hầu hết ý kiến (30/40)")


def test_order_whole_draft_topics_sections_general_before_specific(any_db: Database) -> None:
    built_ids: dict[str, int] = {}

    def fill(s: Seeder) -> None:
        from storage.models import GuidedTopic

        topics = s.s.query(GuidedTopic).filter_by(document_id=s.b.document_id).order_by(GuidedTopic.order).all()
        built_ids["t2"] = topics[1].id
        s.add(M, "", section=3, target=TargetKind.PARAGRAPH, quoted_original="a", proposed_text="b", paragraph_no=2)
        s.add(A, "Nhất trí mục con", section=3)
        s.add(G, "Nhận xét chung về mục con", section=3)
        s.add(A, "Nhất trí gợi ý 2", target=TargetKind.TOPIC, section=None, topic_id=topics[1].id)
        s.add(A, "Nhất trí gợi ý 1", target=TargetKind.TOPIC, section=None, topic_id=topics[0].id)
        s.add(A, "Nhất trí chung", target=TargetKind.DOCUMENT, section=None)
        s.add(A, "Nhất trí mục 1", section=0)

    seeded(any_db, fill, with_topics=True)
    summary = report(any_db).summary
    headings = [i.heading for i in issues(summary)]
    assert headings == [
        "Những vấn đề chung của dự thảo",
        "Gợi ý thảo luận 1: Về mục tiêu tổng quát",
        "Gợi ý thảo luận 2: Về các khâu đột phá",
        "Mục I “MỤC LỚN 1”",
        "Mục II “MỤC LỚN 2”",  # an ancestor, shown as a heading only
        "Mục II.1 “Mục con của 2”",
    ]
    assert issues(summary)[4].views == []
    assert [v.kind for v in issues(summary)[5].views] == ["general", "agree", "amend"]


def test_amendments_once_each_verbatim_with_location(any_db: Database) -> None:
    original = "Phát triển kinh tế xanh, bền vững"
    proposed = "Phát triển kinh tế xanh, kinh tế số, kinh tế tuần hoàn, bền vững"

    def fill(s: Seeder) -> None:
        for text in (proposed, proposed, proposed.replace("  ", " ")):
            s.add(M, "sửa", section=1, target=TargetKind.PARAGRAPH, quoted_original=original, proposed_text=text,
                  reason="Phù hợp xu thế", paragraph_no=2, page=4, line=17)  # fmt: skip
        s.add(M, "bỏ cụm từ", section=1, target=TargetKind.PARAGRAPH, quoted_original="của mục 1", proposed_text="",
              paragraph_no=1, page=4, line=15)  # fmt: skip
        s.add(M, "Đề nghị thêm một đoạn về chuyển đổi số", section=0)

    seeded(any_db, fill)
    built = report(any_db)
    amend = view(issue(built.summary, "Mục I.1 “Mục con của 1”"), "amend")
    assert amend.sentence.startswith("Đa số ý kiến (4/4)") or amend.sentence.startswith("Hầu hết ý kiến (4/4)")
    assert [a.location for a in amend.amendments] == [
        "mục I.1 “Mục con của 1”, đoạn 1, trang 4, dòng 15",
        "mục I.1 “Mục con của 1”, đoạn 2, trang 4, dòng 17",
    ]
    delete, replace = amend.amendments
    assert delete.wording == "đề nghị bỏ “của mục 1”"
    assert replace.wording == f"đề nghị sửa “{original}” thành “{proposed}”"
    assert (replace.opinions, replace.comments, replace.reasons) == (3, 3, ["Phù hợp xu thế"])
    assert built.summary.amendment_count == 3
    assert built.docx is not None
    from tests.aggregation.helpers import docx_xml

    xml = docx_xml(built.docx)
    assert xml.count(proposed) == 1
    assert xml.count("Đề nghị thêm một đoạn về chuyển đổi số") == 1


def test_near_duplicates_grouped_and_counted(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        s.add(OTHER, "Giữ vững hoà bình")
        s.add(OTHER, "giữ vững  hòa bình.")
        s.add(OTHER, "Giu\u031b\u0303 vu\u031b\u0303ng ho\u0300a bi\u0300nh")  # NFD
        s.add(OTHER, "GIỮ VỮNG HÒA BÌNH", represents=5, source=Source.MEETING)
        s.add(OTHER, "Một ý khác")

    seeded(any_db, fill)
    other = view(issue(report(any_db).summary, "Mục I “MỤC LỚN 1”"), "other")
    assert other.opinions == 9
    assert [(q.text, q.opinions, q.comments) for q in other.quotes] == [
        ("Giữ vững hoà bình", 8, 4),
        ("Một ý khác", 1, 1),
    ]


def test_withdrawn_hidden_and_represents(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        s.many(3, A, "Nhất trí")
        s.add(A, "Nhất trí", withdrawn_at=datetime.now(UTC))
        s.add(A, "Nhất trí", moderation=Moderation.HIDDEN)
        s.add(D, "Không nhất trí (hội nghị)", source=Source.MEETING, represents=7)

    seeded(any_db, fill)
    sec = issue(report(any_db).summary, "Mục I “MỤC LỚN 1”")
    assert (sec.opinions, sec.comments) == (10, 4)
    assert view(sec, "disagree").sentence.startswith("Đa số ý kiến (7/10)")


def test_participants_are_counted_separately(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        a, b = s.person(), s.person(Role.MEMBER)
        s.add(A, "Nhất trí", who=a)
        s.add(A, "Nhất trí", who=a)
        s.add(D, "Không", who=b, audience=Audience.MEMBERS)
        s.add(P, "Thư góp ý", source=Source.WRITTEN, section=None, target=TargetKind.DOCUMENT)
        meeting(s.s, s.b, attendance=30, speakers=6, atmosphere="Các ý kiến trao đổi thẳng thắn")
        meeting(s.s, s.b, attendance=12, speakers=3, atmosphere="")

    seeded(any_db, fill)
    p1 = report(any_db).summary.part1
    assert (p1.comments, p1.individuals, p1.meetings, p1.attendance, p1.speakers, p1.letters) == (4, 2, 2, 42, 9, 1)
    assert p1.participants == 2 + 42  # people; the letter beside them, not as a person
    assert {r.label: r.opinions for r in p1.by_audience} == {"Nhân dân": 3, "Cán bộ, đảng viên": 1}
    assert len(p1.atmosphere) == 1 and "“Các ý kiến trao đổi thẳng thắn”" in p1.atmosphere[0]


def test_scope_filters(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        kp1, kp2 = s.b.unit_ids["KP1"], s.b.unit_ids["KP2"]
        s.many(3, A, "Nhất trí", area_id=kp1, created_at=datetime(2025, 7, 5, 3, tzinfo=UTC))
        s.many(2, D, "Không", area_id=kp2, created_at=datetime(2025, 7, 12, 3, tzinfo=UTC))
        # 00:30 on 25/7 local time: outside a range ending on 24/7
        late = datetime(2025, 7, 24, 17, 30, tzinfo=UTC)
        s.add(A, "Đảng viên nhất trí", audience=Audience.MEMBERS, unit_id=s.b.unit_ids["CB01"], created_at=late)

    seeded(any_db, fill)
    from datetime import date

    assert report(any_db).summary.part1.comments == 6
    assert report(any_db, audience=Audience.MEMBERS).summary.part1.comments == 1
    assert report(any_db, unit_code="KP2").summary.part1.comments == 2
    assert report(any_db, date_from=date(2025, 7, 6), date_to=date(2025, 7, 24)).summary.part1.comments == 2
    assert report(any_db, date_to=date(2025, 7, 25)).summary.part1.comments == 6
    assert {r.label for r in report(any_db).summary.part1.by_unit} == {"Khu phố 1", "Khu phố 2", "Chi bộ khu phố 1"}


def test_part1_quality_and_part3_proposals(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        s.many(2, G, "Dự thảo được chuẩn bị công phu", target=TargetKind.DOCUMENT, section=None)
        s.many(3, P, "Đề nghị kéo dài thời gian lấy ý kiến", section=None, target=TargetKind.DOCUMENT)
        s.add(P, "Đề nghị đăng dự thảo lên cổng thông tin", section=None, target=TargetKind.DOCUMENT)

    seeded(any_db, fill)
    summary = report(any_db).summary
    ((_title, quality),) = summary.part1.quality
    assert quality.quotes[0].text == "Dự thảo được chuẩn bị công phu" and quality.quotes[0].opinions == 2
    whole = issue(summary, "Những vấn đề chung")
    assert whole.views[0].quotes == [] and whole.views[0].note
    (props,) = summary.part3
    assert [(v.sentence, v.quotes[0].text) for v in props.views] == [
        ("3 ý kiến đề xuất, kiến nghị", "Đề nghị kéo dài thời gian lấy ý kiến"),  # proposals are no stance
        ("1 ý kiến đề xuất, kiến nghị", "Đề nghị đăng dự thảo lên cổng thông tin"),
    ]


def test_argued_disagreement_quoted_in_full_and_quotes_capped(any_db: Database) -> None:
    argued = "Tôi không nhất trí với mục tiêu này, vì " + "thực tế địa phương còn nhiều khó khăn, " * 8

    def fill(s: Seeder) -> None:
        s.add(D, argued)
        for i in range(15):
            s.add(D, f"Không nhất trí lý do số {i}")

    with_cap = seeded(any_db, fill)
    del with_cap
    disagree = view(issue(report(any_db).summary, "Mục I “MỤC LỚN 1”"), "disagree")
    assert disagree.quotes[0].text == argued and disagree.quotes[0].argued
    assert len(disagree.quotes) == 1 + 10
    assert (disagree.more_groups, disagree.more_opinions) == (5, 5)
