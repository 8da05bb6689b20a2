"""Part 1 of the summary over meetings, letters and individuals, entered through the one write path
(storage/records.py, what the chat, the spreadsheets and `gopy import` use): attendance, speakers, letters and
participants exactly as entered; a letter once however many opinions it holds, never a person; the secretary who
typed a meeting is not a participant for it; votes as counted; the atmosphere quoted, never judged."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import openpyxl
from sqlalchemy.orm import Session

from aggregation.text_writer import write_text
from core import clock
from storage import records
from storage.db import Database
from storage.models import Audience, CommentKind, MeetingKind, Participant, Role, SenderKind, Source, TargetKind
from storage.records import LetterIn, MeetingIn, OpinionIn, VoteIn
from tests.aggregation.helpers import Seeder, report, seeded
from tests.factories import Built

A, D, OT, G, P = CommentKind.AGREE, CommentKind.DISAGREE, CommentKind.OTHER, CommentKind.GENERAL, CommentKind.PROPOSAL
NOW = datetime(2025, 7, 19, 8, tzinfo=UTC)
# (unit, kind, held on, attendance, speakers, atmosphere, opinions as (kind, how many held it), votes)
MEETINGS = [
    ("CB01", MeetingKind.CELL_MEETING, date(2025, 7, 5), 45, 12, "Sôi nổi, thẳng thắn.", [(A, 30), (D, 4)],
     [("Tán thành dự thảo Báo cáo chính trị", 40, 3, 2)]),
    ("KP1", MeetingKind.AREA_MEETING, date(2025, 7, 8), 62, 15, "Nhiều ý kiến tranh luận về giao thông.",
     [(A, 50), (OT, 6), (P, 3)], []),
    ("KP2", MeetingKind.AREA_MEETING, date(2025, 7, 9), 30, 7, "", [(G, 2)], []),
    ("CB01", MeetingKind.CONGRESS, date(2025, 7, 12), 18, 4, "Trang trọng.", [(A, 18)],
     [("Thông qua dự thảo", 17, 0, 1), ("Bổ sung mục tiêu", 10, 6, 2)]),
    (None, MeetingKind.CONFERENCE, date(2025, 7, 14), 25, 6, "", [(D, 5), (A, 20)], []),
]  # fmt: skip
ATTENDANCE = 45 + 62 + 30 + 18 + 25  # 180
SPEAKERS = 12 + 15 + 7 + 4 + 6  # 44
LETTERS = [
    (SenderKind.ORGANISATION, date(2025, 7, 6), [A, D, OT]),  # three opinions, one letter
    (SenderKind.EXPERT, date(2025, 7, 10), [G]),
    (SenderKind.RESIDENT, date(2025, 7, 11), [D, P]),
]


def _consultation(s: Seeder) -> None:
    """40 individuals (some commenting twice, one on two channels), 5 meetings recorded by a secretary who also
    commented once herself, 3 letters recorded by an official."""
    secretary = s.person(Role.SECRETARY, uid="sec")
    official = s.person(Role.OFFICIAL, uid="off")
    people = [s.person(uid=f"r{i}") for i in range(39)] + [secretary]
    for i, who in enumerate(people):
        s.add(A if i % 3 else D, "Ý kiến cá nhân" if i % 3 == 0 else "", who=who,
              channel="zalo" if i % 2 else "telegram")  # fmt: skip
        if i % 5 == 0:
            s.add(OT, "Thêm một ý", who=who, section=1, channel="telegram" if i % 2 else "zalo")
    _meetings(s.s, s.b, secretary)
    _letters(s.s, s.b, official)


def _meetings(session: Session, built: Built, secretary: Participant) -> None:
    for unit, kind, held_on, attendance, speakers, mood, opinions, votes in MEETINGS:
        session.flush()
        records.save_meeting(
            session,
            MeetingIn(
                unit_id=built.unit_ids[unit] if unit else None,
                kind=kind,
                document_id=built.document_id,
                held_on=held_on,
                attendance=attendance,
                speakers=speakers,
                atmosphere=mood,
                opinions=[
                    OpinionIn(
                        k,
                        built.document_id,
                        TargetKind.DOCUMENT if k in (G, P) else TargetKind.SECTION,
                        section_id=None if k in (G, P) else built.section_ids[0],
                        text="" if k == A else f"Ý kiến {k.value} tại hội nghị",
                        represents=n,
                    )
                    for k, n in opinions
                ],
                votes=[VoteIn(*v) for v in votes],
            ),
            recorded_by=secretary.id,
            now=NOW,
        )


def _letters(session: Session, built: Built, official: Participant) -> None:
    for sender, received, kinds in LETTERS:
        opinions = [
            OpinionIn(k, built.document_id, TargetKind.DOCUMENT if k in (G, P) else TargetKind.SECTION,
                      section_id=None if k in (G, P) else built.section_ids[2], text=f"Thư: {k.value}")
            for k in kinds
        ]  # fmt: skip
        records.save_letter(session, LetterIn(sender, received, None, "", opinions), recorded_by=official.id, now=NOW)


def test_part_one_counts_five_meetings_three_letters_and_forty_individuals(any_db: Database) -> None:
    seeded(any_db, _consultation)
    built = report(any_db)
    p1 = built.summary.part1
    individual_rows = 40 + 8  # every fifth person commented twice
    meeting_rows = sum(len(m[6]) for m in MEETINGS)  # 10
    letter_rows = sum(len(x[2]) for x in LETTERS)  # 6
    meeting_opinions = sum(n for m in MEETINGS for _, n in m[6])  # 138
    assert (p1.individuals, p1.meetings, p1.attendance, p1.speakers, p1.letters) == (40, 5, 180, 44, 3)
    assert p1.participants == 40 + ATTENDANCE == 220  # people; the letters beside them
    assert p1.comments == individual_rows + meeting_rows + letter_rows
    assert p1.opinions == individual_rows + meeting_opinions + letter_rows
    text = write_text(built.summary)
    assert (
        f"Tổng số có {p1.comments} lượt góp ý, thể hiện {p1.opinions} ý kiến, so với 220 người tham gia và 3 văn bản "
        "góp ý." in text
    )
    assert (
        "Trong đó: 40 người góp ý trực tiếp; 180 lượt người dự 5 hội nghị, cuộc họp có biên bản (44 lượt người "
        "phát biểu); 3 văn bản góp ý." in text
    )
    # The sources and channels as entered: meetings and letters are how their opinions reached the ward.
    assert {r.label: (r.comments, r.opinions, r.participants) for r in p1.by_source} == {
        "Cá nhân góp ý trực tiếp": (individual_rows, individual_rows, 40),
        "Hội nghị, cuộc họp": (meeting_rows, meeting_opinions, 0),
        "Văn bản": (letter_rows, letter_rows, 0),
    }
    assert {r.label for r in p1.by_channel} >= {"Hội nghị, cuộc họp (biên bản)", "Văn bản góp ý"}
    # The atmosphere as recorded, quoted; the votes as counted.
    assert "- Sinh hoạt Chi bộ khu phố 1 ngày 05/07/2025 (45 người dự, 12 người phát biểu): “Sôi nổi, thẳng thắn.”" in (
        text
    )
    assert len(p1.atmosphere) == 3 and "“Nhiều ý kiến tranh luận về giao thông.”" in text
    assert "Kết quả biểu quyết, theo biên bản:" in text
    assert (
        "- Sinh hoạt Chi bộ khu phố 1 ngày 05/07/2025, biểu quyết “Tán thành dự thảo Báo cáo chính trị”: 40 tán thành, "
        "3 không tán thành, 2 không biểu quyết (45 người dự)" in text
    )
    assert "biểu quyết “Bổ sung mục tiêu”: 10 tán thành, 6 không tán thành, 2 không biểu quyết (18 người dự)" in text
    assert len(p1.votes) == 3
    # The XLSX lists the meetings and the votes.
    book = openpyxl.load_workbook(io.BytesIO(built.xlsx or b""), read_only=True)
    assert {"Hội nghị", "Biểu quyết"} <= set(book.sheetnames)
    meetings = list(book["Hội nghị"].iter_rows(min_row=2, values_only=True))
    assert sorted(int(str(r[4])) for r in meetings) == sorted(m[3] for m in MEETINGS)


def test_scopes_count_meetings_and_letters_with_their_opinions(any_db: Database) -> None:
    seeded(any_db, _consultation)
    unit = report(any_db, unit_code="CB01").summary.part1  # the cell's two meetings; no letter came through it
    assert (unit.meetings, unit.attendance, unit.speakers, unit.letters) == (2, 63, 16, 0)
    residents = report(any_db, audience=Audience.RESIDENTS).summary.part1  # the two residential-area meetings
    assert (residents.meetings, residents.attendance) == (2, 92)
    assert residents.letters == 1  # the resident's letter
    week = report(any_db, date_from=date(2025, 7, 9), date_to=date(2025, 7, 12)).summary.part1
    assert (week.meetings, week.attendance, week.letters) == (2, 48, 2)  # held 9/7 and 12/7; received 10/7, 11/7
    assert week.comments >= 1 + 1 + 1 + 2  # the meetings' and letters' opinions of those days are in scope


def test_a_letter_is_one_letter_whatever_its_opinions_and_old_rows_keep_their_rule(any_db: Database) -> None:
    def fill(s: Seeder) -> None:
        official = s.person(Role.OFFICIAL, uid="off")
        _letters(s.s, s.b, official)
        writer = s.person(uid="old")  # a written comment from before letters were recorded: writer and day
        day = datetime(2025, 7, 3, 3, tzinfo=UTC)
        s.add(D, "Thư cũ", who=writer, source=Source.WRITTEN, created_at=day)
        s.add(A, "Thư cũ, ý hai", who=writer, source=Source.WRITTEN, created_at=day, section=1)

    seeded(any_db, fill)
    p1 = report(any_db).summary.part1
    assert (p1.letters, p1.individuals, p1.participants) == (3 + 1, 0, 0)
    # Correcting a letter replaces its opinions: still one letter.
    with any_db.unit() as s:
        from sqlalchemy import select

        from storage.models import Letter

        first = s.scalars(select(Letter).order_by(Letter.id)).first()
        assert first is not None
        letter = records.letter_in(s, first)
        letter.opinions = letter.opinions[:1]
        records.save_letter(s, letter, recorded_by=None, now=clock.now(), letter_id=first.id)
    assert report(any_db).summary.part1.letters == 4
    assert report(any_db).summary.part1.comments == 1 + 1 + 2 + 2
