"""Spreadsheets of meetings and letters (storage/sheets.py), on SQLite and PostgreSQL: validated row by row with
errors naming the sheet, the row and the column in Vietnamese; all or nothing; the same file counted once."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from core import clock
from core.messages import t
from storage import sheets
from storage.db import Database
from storage.models import (
    Comment,
    Letter,
    MeetingRecord,
    SenderKind,
    SheetImport,
    Source,
    TargetKind,
    Unit,
    Vote,
)
from tests.factories import Built, build_consultation
from tests.storage.sheet_build import letters_book, meetings_book

NOW = clock.now()


def day(days_ago: int) -> date:
    return clock.today() - timedelta(days=days_ago)


@pytest.fixture
def plan(any_db: Database) -> Built:
    with any_db.unit() as s:
        return build_consultation(s, with_topics=True)


def counts(db: Database) -> tuple[int, ...]:
    with db.unit() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(model)) or 0)
            for model in (MeetingRecord, Comment, Vote, Letter, SheetImport)
        )


def take(db: Database, content: bytes, who: sheets.Who | None = None, **kw: Any) -> sheets.ImportResult:
    with db.unit() as s:
        return sheets.take(s, content, "tep.xlsx", who or sheets.Who(None), NOW, **kw)


def refused(db: Database, content: bytes, who: sheets.Who | None = None) -> str:
    with pytest.raises(sheets.SheetError) as caught:
        take(db, content, who)
    return t(caught.value.code, **caught.value.params)


MEETINGS = [
    ["1", "CB01", "Sinh hoạt chi bộ", "DH-TEST", day(6), 40, 9, "Thẳng thắn, nhiều ý kiến xây dựng."],
    ["2", "KP1", "Họp khu dân cư (khu phố, thôn)", "", (day(5) - date(1899, 12, 30)).days, 55, 12, ""],  # a number
]
OPINIONS = [
    ["1", "Nhất trí", "", "", "", "", 35],
    ["1", "Không nhất trí", "", "I.1", 2, "Chỉ tiêu tăng trưởng quá cao.", 3],
    ["2", "Ý kiến khác", 2, "", "", "Cần làm rõ khâu đột phá.", ""],
    ["2", "Đề xuất, kiến nghị", "", "", "", "Tổ chức thêm buổi đối thoại.", 4],
]
VOTES = [["1", "Tán thành dự thảo", 38, 1, 1]]


def test_meetings_are_taken_with_their_opinions_and_votes(any_db: Database, plan: Built) -> None:
    result = take(any_db, meetings_book(MEETINGS, OPINIONS, VOTES))
    assert (result.kind, result.records, result.opinions, result.votes) == ("meetings", 2, 4, 1)
    assert counts(any_db) == (2, 4, 1, 0, 1)
    with any_db.unit() as s:
        meetings = list(s.scalars(select(MeetingRecord).order_by(MeetingRecord.held_on)))
        assert [(m.kind, m.attendance, m.speakers, m.held_on) for m in meetings] == [
            ("cell_meeting", 40, 9, day(6)),
            ("village_meeting", 55, 12, day(5)),
        ]
        assert meetings[0].atmosphere == "Thẳng thắn, nhiều ý kiến xây dựng." and meetings[1].atmosphere == ""
        ops = list(s.scalars(select(Comment).order_by(Comment.id)))
        assert [(c.kind.value, c.target_kind, c.represents, c.paragraph_no) for c in ops] == [
            ("agree", TargetKind.DOCUMENT, 35, None),
            ("disagree", TargetKind.PARAGRAPH, 3, 2),
            ("other", TargetKind.TOPIC, 1, None),
            ("proposal", TargetKind.DOCUMENT, 4, None),
        ]
        assert {c.source for c in ops} == {Source.MEETING} and {c.participant_id for c in ops} == {None}
        assert ops[2].area_id == plan.unit_ids["KP1"] and ops[2].unit_id is None  # a residential area's meeting
        assert {c.audience.value for c in ops[2:]} == {"residents"}
        assert all(c.created_at is not None and clock.local(c.created_at).date() in (day(6), day(5)) for c in ops)


def test_the_same_file_twice_counts_once(any_db: Database, plan: Built) -> None:
    content = meetings_book(MEETINGS, OPINIONS, VOTES)
    take(any_db, content)
    again = take(any_db, content)
    assert again.already is not None and (again.records, again.already_records) == (0, 2)
    assert counts(any_db) == (2, 4, 1, 0, 1)
    # An edited copy (another byte here and there) with a meeting already recorded: refused by its row.
    edited = meetings_book([[*MEETINGS[0][:7], "Thẳng thắn."]], [], [])
    text = refused(any_db, edited)
    assert "Trang «Hội nghị», dòng 2, cột «Ngày họp»: hội nghị này (cùng đơn vị, loại, dự thảo và ngày)" in text
    assert counts(any_db) == (2, 4, 1, 0, 1)


def test_a_file_whose_meetings_were_deleted_may_be_taken_again(any_db: Database, plan: Built) -> None:
    from storage import records

    content = meetings_book(MEETINGS[:1], OPINIONS[:1], [])
    take(any_db, content)
    with any_db.unit() as s:
        records.delete_meeting(s, s.scalars(select(MeetingRecord.id)).one())
    assert take(any_db, content).records == 1
    assert counts(any_db)[:2] == (1, 1)


def test_every_row_error_is_named_and_nothing_is_stored(any_db: Database, plan: Built) -> None:
    content = meetings_book(
        [
            ["1", "CB09", "Sinh hoạt chi bộ", "", day(1), 10, 12, ""],  # unknown unit; more speakers than attendance
            ["2", "", "Họp chi bộ", "XYZ", "32/13/2025", "mười", 1, ""],  # kind, draft, date, number
            ["2", "", "Sinh hoạt chi bộ", "", day(-3), 10, 1, ""],  # the key again; a day to come
            ["3", "", "Sinh hoạt chi bộ", "", day(1), 10, 1, ""],
        ],
        [
            ["3", "Nhất trí", "", "IX", "", "", 1],  # no such section
            ["3", "Ý kiến khác", "", "1", "", "Mơ hồ", 1],  # three sections "1"
            ["3", "Không nhất trí", "", "", "", "", 1],  # words needed
            ["3", "Nhận xét", "", "", "", "x", 1],  # not a kind
            ["3", "Đề xuất, kiến nghị", "", "II", "", "Chỉ về toàn văn", 1],
            ["3", "Ý kiến khác", 9, "", "", "Gợi ý 9", 1],
            ["3", "Ý kiến khác", "", "I.1", 7, "Đoạn 7", 1],
            ["3", "Nhất trí", "", "", "", "", 11],  # more people than came
            ["9", "Nhất trí", "", "", "", "", 1],  # no such meeting
        ],
        [["3", "Biểu quyết", 8, 2, 1]],  # 11 of 10
    )
    text = refused(any_db, content)
    for expected in (
        "Trang «Hội nghị», dòng 2, cột «Mã đơn vị»: không có đơn vị mã «CB09»",
        "Trang «Hội nghị», dòng 2, cột «Số người phát biểu»: 12 người phát biểu, nhiều hơn 10 người dự.",
        "Trang «Hội nghị», dòng 3, cột «Loại hội nghị»: «Họp chi bộ» không có trong danh sách",
        "Trang «Hội nghị», dòng 3, cột «Mã dự thảo»: không có dự thảo mã «XYZ»",
        "Trang «Hội nghị», dòng 3, cột «Ngày họp»: cần một ngày dạng 05/7/2025 (đang ghi «32/13/2025»).",
        "Trang «Hội nghị», dòng 3, cột «Số người dự»: cần một số nguyên từ 1 trở lên (đang ghi «mười»).",
        "Trang «Hội nghị», dòng 4, cột «Mã hội nghị»: mã này đã dùng ở dòng 3.",
        "Trang «Hội nghị», dòng 4, cột «Ngày họp»: ngày",
        "Trang «Ý kiến», dòng 2, cột «Mục»: không tìm thấy mục «IX»",
        "Trang «Ý kiến», dòng 3, cột «Mục»: dự thảo có nhiều mục «1»: ghi rõ một trong I.1, II.1, III.1.",
        "Trang «Ý kiến», dòng 4, cột «Nội dung ý kiến»: ý kiến loại «Không nhất trí» cần có nội dung.",
        "Trang «Ý kiến», dòng 5, cột «Loại ý kiến»: «Nhận xét» không có trong danh sách",
        "Trang «Ý kiến», dòng 6, cột «Loại ý kiến»: ý kiến loại «Đề xuất, kiến nghị» là về toàn văn dự thảo",
        "Trang «Ý kiến», dòng 7, cột «Gợi ý thảo luận số»: dự thảo không có gợi ý thảo luận số 9.",
        "Trang «Ý kiến», dòng 8, cột «Đoạn»: mục này không có đoạn 7.",
        "Trang «Ý kiến», dòng 9, cột «Số người cùng ý kiến»: 11 người, nhiều hơn 10 người dự hội nghị.",
        "Trang «Ý kiến», dòng 10, cột «Mã hội nghị»: không có hội nghị mã «9» ở trang «Hội nghị».",
        "Trang «Biểu quyết», dòng 2: tổng số biểu quyết 11 phải từ 1 đến 10 (số người dự).",
    ):
        assert expected in text, expected
    assert text.startswith("Bảng tính «tep.xlsx» có ") and "chưa có gì được ghi" in text
    assert counts(any_db) == (0, 0, 0, 0, 0)


def test_a_secretary_takes_the_own_units_meetings_only(any_db: Database, plan: Built) -> None:
    with any_db.unit() as s:
        own = s.get(Unit, plan.unit_ids["CB01"])
        assert own is not None
        who = sheets.Who(None, own, any_unit=False)
    text = refused(any_db, meetings_book([["1", "KP1", "Sinh hoạt chi bộ", "", day(2), 10, 1, ""]], [], []), who)
    assert "dòng 2, cột «Mã đơn vị»: đơn vị «KP1» không phải đơn vị của đồng chí (CB01)." in text
    with any_db.unit() as s:
        own = s.get(Unit, plan.unit_ids["CB01"])
        mine = meetings_book([["1", "", "Sinh hoạt chi bộ", "", day(2), 10, 1, ""]], [], [])
        who = sheets.Who(None, own, any_unit=False)
        result = sheets.take(s, mine, "x.xlsx", who, NOW, allowed=(sheets.MEETINGS,))
        assert result.records == 1
        assert s.scalars(select(MeetingRecord.unit_id)).one() == plan.unit_ids["CB01"]  # an empty cell: the own unit
    with pytest.raises(sheets.SheetError) as caught, any_db.unit() as s:
        sheets.take(s, letters_book([["1", "Tổ chức", day(1), "", ""]], [["1", "", "Nhất trí", "", "", "", ""]]),
                    "thu.xlsx", sheets.Who(None), NOW, allowed=(sheets.MEETINGS,))  # fmt: skip
    assert caught.value.code == "sheet.letters_refused"


def test_letters_are_taken_each_once_with_their_opinions(any_db: Database, plan: Built) -> None:
    content = letters_book(
        [
            ["A", "Tổ chức", day(3), "", "Số 12-CV/MTTQ"],
            ["B", "Chuyên gia, nhà khoa học, cán bộ nguyên lãnh đạo", day(2), "", ""],
        ],
        [
            ["A", "", "Nhất trí", "", "I", "", ""],
            ["A", "DH-TEST", "Đề nghị sửa đổi, bổ sung", "", "II.1", 2, "Thay “xanh” bằng “xanh, số”."],
            ["B", "", "Góp ý chung cho toàn văn", "", "", "", "Dự thảo công phu."],
        ],
    )
    result = take(any_db, content)
    assert (result.kind, result.records, result.opinions) == ("letters", 2, 3)
    with any_db.unit() as s:
        letters = list(s.scalars(select(Letter).order_by(Letter.id)))
        assert [(x.sender_kind, x.reference) for x in letters] == [
            (SenderKind.ORGANISATION, "Số 12-CV/MTTQ"),
            (SenderKind.EXPERT, ""),
        ]
        ops = list(s.scalars(select(Comment).order_by(Comment.id)))
        assert [c.letter_id for c in ops] == [letters[0].id, letters[0].id, letters[1].id]
        assert {c.source for c in ops} == {Source.WRITTEN} and {c.represents for c in ops} == {1}
        assert [c.audience.value for c in ops] == ["organisations", "organisations", "experts"]
    assert take(any_db, content).already is not None
    # A letter without opinions is an error of its row.
    text = refused(any_db, letters_book([["C", "Người dân", day(1), "", ""]], []))
    assert "Trang «Văn bản», dòng 2: văn bản này chưa có ý kiến nào ở trang «Ý kiến»." in text


def test_wrong_columns_and_missing_sheets_are_clear(any_db: Database, plan: Built) -> None:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(sheets.template(sheets.MEETINGS)))
    book["Hội nghị"]["F1"] = "Số đại biểu"  # a renamed column
    out = io.BytesIO()
    book.save(out)
    text = refused(any_db, out.getvalue())
    assert "Trang «Hội nghị» của «tep.xlsx», dòng tiêu đề 1: thiếu cột «Số người dự»." in text
    book["Hội nghị"]["F1"] = "số người  dự"  # case and spacing do not matter
    del book["Ý kiến"]
    out = io.BytesIO()
    book.save(out)
    assert "thiếu trang «Ý kiến»" in refused(any_db, out.getvalue())
    plain = openpyxl.Workbook()
    out = io.BytesIO()
    plain.save(out)
    assert "không theo mẫu" in refused(any_db, out.getvalue())
    assert counts(any_db) == (0, 0, 0, 0, 0)
