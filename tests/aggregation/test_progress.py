"""Weekly progress (figures, chat text, chart), a unit's progress note, the scheduler's reports (aggregation.api)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import openpyxl
import pytest

from aggregation.api import build_final_report, build_unit_report, build_weekly_report
from aggregation.progress import WeekCount, unit_progress, units_progress, weekly_figure, weekly_progress
from aggregation.query import ReportError
from core import clock
from core.messages import t
from storage.db import Database
from storage.models import Deadline, MeetingRecord, Moderation, Participant, Submission, Unit, UnitKind
from tests.aggregation.helpers import (
    SECRET_ID,
    SECRET_NAME,
    Audience,
    CommentKind,
    Role,
    Seeder,
    Source,
    all_zip_text,
    seeded,
)

A, D, G = CommentKind.AGREE, CommentKind.DISAGREE, CommentKind.GENERAL
# Monday 21/07/2025 08:00 in Hà Nội: this week is [14/07 08:00, 21/07 08:00), the week before [07/07, 14/07).
AS_OF = datetime(2025, 7, 21, 1, 0, tzinfo=UTC)
THIS_WEEK = AS_OF - timedelta(days=2)
LAST_WEEK = AS_OF - timedelta(days=10)
TWO_WEEKS_AGO = AS_OF - timedelta(days=16)
OTHER_TEXT = "Nội dung riêng của khu phố hai XYZQ"
OTHER_MOOD = "Không khí họp khu phố hai QWEV"
CELL_TEXT = "Ý kiến riêng của chi bộ ABCK"


def _week_fill(s: Seeder) -> None:
    """This week: 6 counted comments by 2 people (+1 letter); last week 3 by 3 people; withdrawn, hidden and later
    comments that never count."""
    kp1, cb01 = s.b.unit_ids["KP1"], s.b.unit_ids["CB01"]
    ann = s.person()  # the helpers' distinctive name and channel id
    bao = s.person(Role.MEMBER, name=f"{SECRET_NAME} Hai", uid="5566778899")
    chi = s.person(name=f"{SECRET_NAME} Ba", uid="1122334455")
    official = s.person(Role.OFFICIAL, name=f"{SECRET_NAME} Bốn", uid="9988776655")
    for hours in (1, 30, 100):  # one person, three comments: one person
        s.add(A, "Nhất trí", who=ann, area_id=kp1, created_at=AS_OF - timedelta(hours=hours))
    s.add(D, "Không nhất trí", who=bao, unit_id=cb01, audience=Audience.MEMBERS, channel="zalo",
          created_at=THIS_WEEK)  # fmt: skip
    # The first instant of the week is in it; the last instant before the week is not.
    s.add(A, "Nhất trí", who=ann, area_id=kp1, created_at=AS_OF - timedelta(days=7))
    s.add(A, "Nhất trí", who=chi, area_id=kp1, created_at=AS_OF - timedelta(days=7, microseconds=1))
    s.add(G, "Thư góp ý", who=official, source=Source.WRITTEN, represents=4, channel="console",
          created_at=THIS_WEEK)  # fmt: skip
    s.add(A, "Nhất trí", who=bao, unit_id=cb01, audience=Audience.MEMBERS, created_at=LAST_WEEK)
    s.add(A, "Nhất trí", who=ann, area_id=kp1, created_at=LAST_WEEK)
    s.add(A, "Đã rút", who=chi, created_at=THIS_WEEK, withdrawn_at=THIS_WEEK + timedelta(hours=1))
    s.add(A, "Bị ẩn", who=chi, created_at=THIS_WEEK, moderation=Moderation.HIDDEN)
    s.add(A, "Sau thời điểm báo cáo", who=chi, created_at=AS_OF)
    s.add(A, "Hai tuần trước", who=ann, area_id=kp1, created_at=TWO_WEEKS_AGO)


def _no_secrets(*texts: str) -> None:
    for text in texts:
        assert SECRET_NAME not in text and SECRET_ID not in text


def test_weekly_figures(any_db: Database) -> None:
    seeded(any_db, _week_fill)
    p = weekly_progress(any_db, as_of=AS_OF)
    assert p.as_of == clock.local(AS_OF) and p.as_of.hour == 8
    # this week: 3 + 1 + the first instant + the letter; withdrawn, hidden and at-as_of ones never count
    assert (p.comments_week, p.opinions_week, p.people_week) == (6, 9, 2)
    assert (p.comments_previous, p.people_previous) == (3, 3)
    assert (p.comments_total, p.opinions_total, p.people_total) == (10, 13, 3)
    assert (p.comments_change, p.people_change) == (3, -1)
    by_unit = {r.label: (r.comments_week, r.comments_total, r.people_week, r.people_total) for r in p.by_unit}
    assert by_unit == {
        "Khu phố 1": (4, 7, 1, 2),
        "Chi bộ khu phố 1": (1, 2, 1, 1),
        "Chưa xác định đơn vị": (1, 1, 0, 0),  # the letter: no unit, no person
    }
    by_audience = {r.label: (r.comments_week, r.comments_total) for r in p.by_audience}
    assert by_audience == {"Nhân dân": (5, 8), "Cán bộ, đảng viên": (1, 2)}
    by_channel = {r.label: (r.comments_week, r.comments_total, r.people_week) for r in p.by_channel}
    assert by_channel == {"Telegram": (4, 8, 1), "Zalo": (1, 1, 1), "Nhập tại bộ phận tổng hợp": (1, 1, 0)}
    assert [(w.comments, w.end) for w in p.weeks] == [
        (1, clock.local(AS_OF - timedelta(days=14))),
        (3, clock.local(AS_OF - timedelta(days=7))),
        (6, clock.local(AS_OF)),
    ]


def test_weekly_scope_by_audience_and_document(any_db: Database) -> None:
    seeded(any_db, _week_fill)
    members = weekly_progress(any_db, as_of=AS_OF, document_code="dh-test", audience=Audience.MEMBERS)
    assert (members.comments_week, members.comments_total, members.people_total) == (1, 2, 1)
    assert [r.label for r in members.by_audience] == ["Cán bộ, đảng viên"]
    assert "Ý kiến của Cán bộ, đảng viên." in members.messages[0]
    with pytest.raises(ReportError, match="NOPE"):
        weekly_progress(any_db, as_of=AS_OF, document_code="NOPE")


def test_weekly_messages(any_db: Database) -> None:
    seeded(any_db, _week_fill)
    p = weekly_progress(any_db, as_of=AS_OF)
    (text,) = p.messages
    lines = text.split("\n")
    assert lines[:3] == [
        "TIẾN ĐỘ LẤY Ý KIẾN GÓP Ý HẰNG TUẦN",
        "Về dự thảo Báo cáo chính trị.",
        "Tuần từ 14/07 đến 21/07/2025 (số liệu tính đến 08:00 ngày 21/07/2025).",
    ]
    assert "Trong tuần: 6 lượt góp ý (9 ý kiến); 2 người góp ý trực tiếp." in lines
    assert (
        "So với tuần trước (3 lượt góp ý; 3 người góp ý trực tiếp): lượt góp ý +3; người góp ý trực tiếp \u22121."
        in lines
    )
    assert "Từ đầu đợt đến nay: 10 lượt góp ý (13 ý kiến); 3 người góp ý trực tiếp." in lines
    assert "• Khu phố 1: 4 / 7 lượt góp ý; 1 / 2 người góp ý trực tiếp" in lines
    assert "Theo kênh tiếp nhận (trong tuần / từ đầu đợt):" in lines
    _no_secrets(text)


def test_weekly_empty_and_unchanged(any_db: Database) -> None:
    seeded(any_db, lambda s: None)
    p = weekly_progress(any_db, as_of=AS_OF)
    assert (p.comments_week, p.comments_total, p.people_total) == (0, 0, 0)
    assert [w.comments for w in p.weeks] == [0]
    assert t("progress.week_empty") in p.messages[0]
    assert "lượt góp ý không đổi; người góp ý trực tiếp không đổi." in p.messages[0]
    assert p.chart.startswith(b"\x89PNG")


def test_weekly_messages_split_within_limit(db: Database) -> None:
    def fill(s: Seeder) -> None:
        s.person()
        for i in range(150):
            unit = Unit(consultation_id=s.b.consultation_id, code=f"KP-{i}", kind=UnitKind.AREA, order=10 + i,
                        name=f"Khu dân cư số {i} thuộc phường thử nghiệm có tên rất dài")  # fmt: skip
            s.s.add(unit)
            s.s.flush()
            s.add(A, "Nhất trí", area_id=unit.id, created_at=THIS_WEEK)

    seeded(db, fill)
    p = weekly_progress(db, as_of=AS_OF)
    assert len(p.messages) > 1 and all(len(m) <= 3500 for m in p.messages)
    assert p.messages[0].startswith("TIẾN ĐỘ LẤY Ý KIẾN GÓP Ý HẰNG TUẦN\nVề dự thảo")
    assert sum(m.count("Khu dân cư số") for m in p.messages) == 150


def _ticks(weeks: list[WeekCount]) -> tuple[list[float], list[str]]:
    fig = weekly_figure(weeks)
    fig.canvas.draw()
    (ax,) = fig.axes
    low, high = ax.get_ylim()
    ticks = [v for v in ax.get_yticks() if low <= v <= high]
    return ticks, [label.get_text() for label in ax.get_yticklabels() if label.get_text()]


@pytest.mark.parametrize("values", [[0], [1], [0, 1, 2], [3, 0, 1, 2, 1, 0, 0, 1], [17, 240, 3]])
def test_chart_axis_is_integer(values: list[int]) -> None:
    end = clock.local(AS_OF)
    weeks = [WeekCount(end - timedelta(days=7 * (len(values) - i)), end - timedelta(days=7 * (len(values) - i - 1)), v)
             for i, v in enumerate(values)]  # fmt: skip
    ticks, labels = _ticks(weeks)
    assert ticks and all(float(v).is_integer() for v in ticks)
    assert labels and all(re.fullmatch(r"[0-9]+", x) for x in labels), labels
    fig = weekly_figure(weeks)
    (ax,) = fig.axes
    bar_labels = [x.get_text() for x in ax.texts]
    assert bar_labels == [str(v) for v in values]  # each bar carries its value
    assert [x.get_text() for x in ax.get_xticklabels()][-1] == "14/07–21/07"


def test_chart_png(any_db: Database) -> None:
    seeded(any_db, _week_fill)
    p = weekly_progress(any_db, as_of=AS_OF)
    assert p.chart.startswith(b"\x89PNG\r\n\x1a\n") and len(p.chart) <= 100_000
    assert p.chart_name() == "tien-do-tat-ca-20250721.png"


def _unit_fill(s: Seeder) -> None:
    b = s.b
    cb01, kp2 = b.unit_ids["CB01"], b.unit_ids["KP2"]
    member = s.person(Role.MEMBER)
    other = s.person(name=f"{SECRET_NAME} Khác", uid="4433221100")
    s.add(A, CELL_TEXT, who=member, unit_id=cb01, audience=Audience.MEMBERS, created_at=THIS_WEEK)
    s.add(D, "Chi bộ không nhất trí", who=member, unit_id=cb01, audience=Audience.MEMBERS, created_at=LAST_WEEK)
    s.add(D, OTHER_TEXT, who=other, area_id=kp2, created_at=THIS_WEEK)
    s.s.add_all([
        MeetingRecord(unit_id=cb01, document_id=b.document_id, held_on=date(2025, 7, 15), attendance=25, speakers=5,
                      atmosphere="Chi bộ thảo luận sôi nổi"),
        MeetingRecord(unit_id=cb01, document_id=None, held_on=date(2025, 7, 18), attendance=20, speakers=3),
        MeetingRecord(unit_id=cb01, document_id=b.document_id, held_on=date(2025, 7, 25), attendance=99),  # later
        MeetingRecord(unit_id=kp2, document_id=b.document_id, held_on=date(2025, 7, 16), attendance=40, speakers=9,
                      atmosphere=OTHER_MOOD, audience=Audience.RESIDENTS),
        Deadline(consultation_id=b.consultation_id, code="cell-CB01", unit_id=cb01, document_id=b.document_id,
                 what="cell_summary_after_congress", due_on=date(2025, 7, 23)),
    ])  # fmt: skip


def test_unit_progress_with_meetings_and_submission(any_db: Database) -> None:
    built = seeded(any_db, _unit_fill)
    cb01 = built.unit_ids["CB01"]
    before = unit_progress(any_db, cb01, as_of=AS_OF)
    assert (before.comments, before.people, before.comments_week) == (2, 1, 1)
    assert (before.meetings, before.attendance, before.speakers) == (2, 45, 8)
    assert (before.deadline, before.days_left, before.submitted) == (date(2025, 7, 23), 2, False)
    assert before.text.split("\n") == [
        "Kính gửi Đồng chí Bí thư Chi bộ khu phố 1,",
        "Tiến độ góp ý dự thảo văn kiện của Chi bộ khu phố 1, số liệu tính đến 08:00 ngày 21/07/2025:",
        "• 2 lượt góp ý (2 ý kiến); 1 người góp ý trực tiếp; trong 7 ngày qua: 1 lượt góp ý.",
        "• 2 hội nghị, cuộc họp có biên bản; 45 lượt người dự, 8 lượt người phát biểu.",
        "• Hạn gửi báo cáo tổng hợp ý kiến: ngày 23/07/2025 (còn 2 ngày).",
        "• Chưa gửi báo cáo tổng hợp ý kiến.",
        "Trân trọng.",
    ]
    with any_db.unit() as s:
        s.add_all([
            Submission(unit_id=cb01, comments=2, submitted_at=datetime(2025, 7, 19, 3, 15, tzinfo=UTC)),
            Submission(unit_id=cb01, comments=2, submitted_at=datetime(2025, 7, 18, 3, 15, tzinfo=UTC)),
            Submission(unit_id=cb01, comments=3, submitted_at=AS_OF + timedelta(hours=1)),  # after as_of
        ])  # fmt: skip
    after = unit_progress(any_db, cb01, as_of=AS_OF)
    assert after.submitted_at == clock.local(datetime(2025, 7, 19, 3, 15, tzinfo=UTC))
    assert "• Hạn gửi báo cáo tổng hợp ý kiến: ngày 23/07/2025." in after.text
    assert "• Đã gửi báo cáo tổng hợp ý kiến lúc 10:15 ngày 19/07/2025." in after.text
    assert len(after.text) < 700  # one phone screen
    _no_secrets(before.text, after.text)


def test_unit_progress_past_deadline_and_area(any_db: Database) -> None:
    built = seeded(any_db, _unit_fill)
    late = unit_progress(any_db, built.unit_ids["CB01"], as_of=datetime(2025, 7, 26, 1, tzinfo=UTC))
    assert late.days_left == -3 and "(đã qua 3 ngày)" in late.text
    assert late.meetings == 3  # the meeting of 25/07 is in by now
    area = unit_progress(any_db, built.unit_ids["KP2"], as_of=AS_OF)
    assert area.text.startswith("Kính gửi Đồng chí phụ trách Khu phố 2,")
    assert (area.comments, area.meetings, area.deadline) == (1, 1, None)
    assert "• Kế hoạch chưa xác định hạn gửi báo cáo tổng hợp ý kiến." in area.text
    with pytest.raises(ReportError):
        unit_progress(any_db, 987654, as_of=AS_OF)


def test_many_units_at_once_give_each_units_own_figures(any_db: Database) -> None:
    """The scheduler reads every cell's figures in one go: the same as asking unit by unit."""
    built = seeded(any_db, _unit_fill)
    ids = [built.unit_ids["CB01"], built.unit_ids["KP2"], 987654]
    for as_of in (AS_OF, datetime(2025, 7, 26, 1, tzinfo=UTC)):
        together = units_progress(any_db, ids, as_of=as_of)
        assert sorted(together) == sorted(ids[:2])  # an unknown unit is left out
        for unit_id in ids[:2]:
            assert together[unit_id] == unit_progress(any_db, unit_id, as_of=as_of)


def _xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def _docx_text(content: bytes) -> str:
    import docx

    document: Any = docx.Document(io.BytesIO(content))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_unit_report_has_only_its_unit(any_db: Database) -> None:
    seeded(any_db, _unit_fill)
    report = build_unit_report(any_db, "CB01", AS_OF)
    (docx_name, docx_bytes), (xlsx_name, xlsx_bytes) = report.files
    assert docx_name == "bao-cao-CB01-20250721-0800.docx" and xlsx_name == "bao-cao-CB01-20250721-0800.xlsx"
    digest, document, sheet = "\n".join(report.messages), _docx_text(docx_bytes), _xlsx_text(xlsx_bytes)
    assert CELL_TEXT in document and CELL_TEXT in sheet and "Chi bộ thảo luận sôi nổi" in document
    for text in (digest, document, sheet, all_zip_text(docx_bytes)):
        assert OTHER_TEXT not in text and OTHER_MOOD not in text
    assert "(2 lượt góp ý)" in digest
    _no_secrets(digest, all_zip_text(docx_bytes), all_zip_text(xlsx_bytes))
    with pytest.raises(ReportError) as error:
        build_unit_report(any_db, "ZZ9", AS_OF)
    assert str(error.value) == t("report.error.unknown_unit", code="ZZ9")


def test_weekly_report(any_db: Database) -> None:
    seeded(any_db, _week_fill)
    report = build_weekly_report(any_db, "DH-TEST", Audience.RESIDENTS, AS_OF)
    names = [name for name, _ in report.files]
    assert names == [
        "tien-do-DH-TEST-20250721.png",
        "bao-cao-DH-TEST-residents-20250721-0800.docx",
        "bao-cao-DH-TEST-residents-20250721-0800.xlsx",
    ]
    assert report.files[0][1].startswith(b"\x89PNG")
    assert report.messages[0].startswith("TIẾN ĐỘ LẤY Ý KIẾN GÓP Ý HẰNG TUẦN")
    assert "Ý kiến của Nhân dân." in report.messages[0]
    digest = report.messages[1:]
    assert digest and digest[0].startswith("BÁO CÁO NHANH:")
    _no_secrets(*report.messages, all_zip_text(report.files[1][1]), all_zip_text(report.files[2][1]))


def test_final_report(any_db: Database) -> None:
    seeded(any_db, _week_fill)
    report = build_final_report(any_db, None, None, AS_OF)
    names = [name for name, _ in report.files]
    assert names == ["bao-cao-tat-ca-20250721-0800.docx", "bao-cao-tat-ca-20250721-0800.xlsx"]
    assert report.messages[0].startswith("BÁO CÁO NHANH:") and "08:00 ngày 21/07/2025" in report.messages[0]
    _no_secrets(*report.messages, all_zip_text(report.files[0][1]), all_zip_text(report.files[1][1]))


def test_names_never_read(any_db: Database) -> None:
    """The figures never need a participant row's name: erasing every name changes nothing."""
    seeded(any_db, _week_fill)
    first = weekly_progress(any_db, as_of=AS_OF)
    with any_db.unit() as s:
        for person in s.query(Participant):
            person.display_name = None
    assert weekly_progress(any_db, as_of=AS_OF).messages == first.messages
