"""Meetings and letters entered by secretaries and officials: one write path for the chat (`/hoinghi`, `/vanban`),
the spreadsheets sent to the bot and `gopy import`. The caller owns the transaction.

- A meeting (MeetingRecord) holds its unit, kind, document, date, attendance, speakers and the atmosphere in the
  minute-taker's words; its opinions are comments with `source` MEETING, `meeting_id`, no participant (the
  secretary who typed them did not hold them) and `represents` as many people as held them; its votes are `Vote`
  rows, reported as counted.
- A letter (Letter) holds the sender's kind, the day it was received and its opinions: comments with `source`
  WRITTEN and `letter_id`, each representing one opinion. The summary counts the letter once, never as a person.
- The opinions' audience follows the meeting's kind or the letter's sender (`AUDIENCE_OF_MEETING`,
  `AUDIENCE_OF_SENDER`); their `channel` is "meeting" or "letter" (how they reached the ward); their time is the
  day the meeting was held or the letter received (local midnight), so that a report over a period counts them
  with the meetings of that period.
- A meeting is correctable until its unit submits its summary after it was recorded (`locked`).
- A correction replaces the meeting's opinions and votes: the record keeps its id, the opinions are written anew.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core import clock
from core.kinds import CommentKind
from core.text import nfc
from storage import queries as q
from storage.models import (
    Audience,
    Comment,
    Document,
    GuidedTopic,
    Letter,
    MeetingKind,
    MeetingRecord,
    Section,
    SenderKind,
    SheetImport,
    Source,
    TargetKind,
    Unit,
    UnitKind,
    Vote,
)

AUDIENCE_OF_MEETING = {
    MeetingKind.CELL_MEETING: Audience.MEMBERS,
    MeetingKind.AREA_MEETING: Audience.RESIDENTS,
    MeetingKind.CONFERENCE: Audience.ORGANISATIONS,
    MeetingKind.CONGRESS: Audience.MEMBERS,
}
AUDIENCE_OF_SENDER = {
    SenderKind.ORGANISATION: Audience.ORGANISATIONS,
    SenderKind.EXPERT: Audience.EXPERTS,
    SenderKind.RESIDENT: Audience.RESIDENTS,
}
MEETING_CHANNEL, LETTER_CHANNEL = "meeting", "letter"
# Kinds that speak of a whole draft only (a general remark, a proposal); the stances may be on any target.
WHOLE_DRAFT_ONLY = frozenset({CommentKind.GENERAL, CommentKind.PROPOSAL})


@dataclass(frozen=True)
class OpinionIn:
    """One opinion raised at a meeting or written in a letter: its stance, what it is about, how many held it."""

    kind: CommentKind
    document_id: int
    target: TargetKind = TargetKind.DOCUMENT
    topic_id: int | None = None
    section_id: int | None = None
    paragraph_no: int | None = None
    text: str = ""
    represents: int = 1


@dataclass(frozen=True)
class VoteIn:
    question: str
    agree: int
    disagree: int
    abstain: int

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.abstain


@dataclass
class MeetingIn:
    unit_id: int | None
    kind: MeetingKind
    document_id: int
    held_on: date
    attendance: int
    speakers: int
    atmosphere: str = ""
    opinions: list[OpinionIn] = field(default_factory=list)
    votes: list[VoteIn] = field(default_factory=list)


@dataclass
class LetterIn:
    sender_kind: SenderKind
    received_on: date
    unit_id: int | None = None
    reference: str = ""
    opinions: list[OpinionIn] = field(default_factory=list)


# --- writing ------------------------------------------------------------------------------------------------


def save_meeting(
    session: Session,
    meeting: MeetingIn,
    *,
    recorded_by: int | None,
    now: datetime,
    meeting_id: int | None = None,
    sheet_import_id: int | None = None,
) -> int:
    """Insert a meeting (or replace the one with `meeting_id`: its columns, opinions and votes); its id."""
    record = session.get(MeetingRecord, meeting_id) if meeting_id is not None else None
    if record is None:
        record = MeetingRecord(recorded_by=recorded_by, created_at=now, sheet_import_id=sheet_import_id)
        session.add(record)
    else:
        session.execute(delete(Comment).where(Comment.meeting_id == record.id))
        session.execute(delete(Vote).where(Vote.meeting_id == record.id))
    record.unit_id = meeting.unit_id
    record.document_id = meeting.document_id
    record.kind = meeting.kind.value
    record.audience = AUDIENCE_OF_MEETING[meeting.kind]
    record.held_on = meeting.held_on
    record.attendance = meeting.attendance
    record.speakers = meeting.speakers
    record.atmosphere = meeting.atmosphere
    record.updated_at = now
    session.flush()
    unit = session.get(Unit, meeting.unit_id) if meeting.unit_id is not None else None
    when = clock.day_start(meeting.held_on)
    for opinion in meeting.opinions:
        comment = _comment(session, opinion, record.audience, unit, when, MEETING_CHANNEL, Source.MEETING)
        comment.meeting_id = record.id
        session.add(comment)
    for order, vote in enumerate(meeting.votes, start=1):
        session.add(
            Vote(
                meeting_id=record.id,
                order=order,
                question=vote.question,
                agree=vote.agree,
                disagree=vote.disagree,
                abstain=vote.abstain,
            )
        )
    session.flush()
    return record.id


def save_letter(
    session: Session,
    letter: LetterIn,
    *,
    recorded_by: int | None,
    now: datetime,
    letter_id: int | None = None,
    sheet_import_id: int | None = None,
) -> int:
    """Insert a letter (or replace the one with `letter_id`: its columns and opinions); its id."""
    record = session.get(Letter, letter_id) if letter_id is not None else None
    if record is None:
        record = Letter(recorded_by=recorded_by, created_at=now, sheet_import_id=sheet_import_id)
        session.add(record)
    else:
        session.execute(delete(Comment).where(Comment.letter_id == record.id))
    record.sender_kind = letter.sender_kind
    record.received_on = letter.received_on
    record.unit_id = letter.unit_id
    record.reference = letter.reference
    record.updated_at = now
    session.flush()
    unit = session.get(Unit, letter.unit_id) if letter.unit_id is not None else None
    audience = AUDIENCE_OF_SENDER[letter.sender_kind]
    when = clock.day_start(letter.received_on)
    for opinion in letter.opinions:
        comment = _comment(session, opinion, audience, unit, when, LETTER_CHANNEL, Source.WRITTEN)
        comment.letter_id = record.id
        session.add(comment)
    session.flush()
    return record.id


def delete_meeting(session: Session, meeting_id: int) -> None:
    session.execute(delete(Comment).where(Comment.meeting_id == meeting_id))
    session.execute(delete(Vote).where(Vote.meeting_id == meeting_id))
    session.execute(delete(MeetingRecord).where(MeetingRecord.id == meeting_id))


def delete_letter(session: Session, letter_id: int) -> None:
    session.execute(delete(Comment).where(Comment.letter_id == letter_id))
    session.execute(delete(Letter).where(Letter.id == letter_id))


def _comment(
    session: Session,
    opinion: OpinionIn,
    audience: Audience,
    unit: Unit | None,
    when: datetime,
    channel: str,
    source: Source,
) -> Comment:
    """An opinion as a comment: no participant (whoever typed it did not hold it), the unit's snapshot, the
    printed position of its section or paragraph."""
    comment = Comment(
        document_id=opinion.document_id,
        participant_id=None,
        audience=audience,
        unit_id=unit.id if unit is not None and unit.kind != UnitKind.AREA else None,
        area_id=unit.id if unit is not None and unit.kind == UnitKind.AREA else None,
        target_kind=opinion.target,
        topic_id=opinion.topic_id if opinion.target == TargetKind.TOPIC else None,
        section_id=opinion.section_id if opinion.target in (TargetKind.SECTION, TargetKind.PARAGRAPH) else None,
        kind=opinion.kind,
        text=opinion.text,
        text_norm=nfc(opinion.text),
        channel=channel,
        source=source,
        represents=opinion.represents,
        created_at=when,
        updated_at=when,
    )
    if comment.section_id is not None:
        sec = session.get(Section, comment.section_id)
        if sec is not None:
            comment.page, comment.line = sec.page, sec.line
        if opinion.target == TargetKind.PARAGRAPH and opinion.paragraph_no is not None:
            para = q.paragraph(session, comment.section_id, opinion.paragraph_no)
            if para is not None:
                comment.paragraph_id, comment.paragraph_no = para.id, para.number
                comment.page, comment.line = para.page, para.line
    return comment


# --- reading back -------------------------------------------------------------------------------------------


def meeting_in(session: Session, record: MeetingRecord) -> MeetingIn:
    """A stored meeting as it was entered (what a correction starts from)."""
    opinions = [
        _opinion(c)
        for c in session.scalars(select(Comment).where(Comment.meeting_id == record.id).order_by(Comment.id))
    ]
    votes = [
        VoteIn(v.question, v.agree, v.disagree, v.abstain)
        for v in session.scalars(select(Vote).where(Vote.meeting_id == record.id).order_by(Vote.order, Vote.id))
    ]
    kind = MeetingKind._value2member_map_.get(record.kind)
    return MeetingIn(
        unit_id=record.unit_id,
        kind=kind if isinstance(kind, MeetingKind) else MeetingKind.CELL_MEETING,
        document_id=record.document_id or 0,
        held_on=record.held_on,
        attendance=record.attendance,
        speakers=record.speakers,
        atmosphere=record.atmosphere,
        opinions=opinions,
        votes=votes,
    )


def letter_in(session: Session, record: Letter) -> LetterIn:
    opinions = [
        _opinion(c) for c in session.scalars(select(Comment).where(Comment.letter_id == record.id).order_by(Comment.id))
    ]
    return LetterIn(record.sender_kind, record.received_on, record.unit_id, record.reference, opinions)


def _opinion(c: Comment) -> OpinionIn:
    return OpinionIn(
        kind=c.kind,
        document_id=c.document_id,
        target=c.target_kind,
        topic_id=c.topic_id,
        section_id=c.section_id,
        paragraph_no=c.paragraph_no if c.target_kind == TargetKind.PARAGRAPH else None,
        text=c.text,
        represents=c.represents,
    )


def meetings(session: Session, unit_id: int | None, *, every_unit: bool, limit: int) -> list[MeetingRecord]:
    """The latest meetings (held last first): of `unit_id` (None: the ward-level ones), or of every unit."""
    query = select(MeetingRecord)
    if not every_unit:
        query = query.where(
            MeetingRecord.unit_id == unit_id if unit_id is not None else MeetingRecord.unit_id.is_(None)
        )
    return list(session.scalars(query.order_by(MeetingRecord.held_on.desc(), MeetingRecord.id.desc()).limit(limit)))


def letters(session: Session, *, limit: int) -> list[Letter]:
    """The latest letters (received last first)."""
    query = select(Letter).order_by(Letter.received_on.desc(), Letter.id.desc()).limit(limit)
    return list(session.scalars(query))


def opinion_count(session: Session, *, meeting_id: int | None = None, letter_id: int | None = None) -> int:
    column = Comment.meeting_id if meeting_id is not None else Comment.letter_id
    key = meeting_id if meeting_id is not None else letter_id
    return int(session.scalar(select(func.count()).select_from(Comment).where(column == key)) or 0)


def locked(session: Session, record: MeetingRecord) -> datetime | None:
    """When the meeting's unit submitted its summary after the meeting was recorded (then it is no longer
    correctable); None while it may be corrected. A ward-level meeting (no unit) is never locked."""
    if record.unit_id is None:
        return None
    _count, last = q.submissions(session, record.unit_id)
    if last is None or record.created_at is None:
        return None
    return last if last >= clock.as_utc(record.created_at) else None


def duplicate(session: Session, meeting: MeetingIn) -> MeetingRecord | None:
    """A stored meeting of the same unit, kind, draft and day (a file sent again after an edit would count it
    twice)."""
    query = select(MeetingRecord).where(
        MeetingRecord.kind == meeting.kind.value,
        MeetingRecord.document_id == meeting.document_id,
        MeetingRecord.held_on == meeting.held_on,
        MeetingRecord.unit_id == meeting.unit_id if meeting.unit_id is not None else MeetingRecord.unit_id.is_(None),
    )
    return session.scalars(query.limit(1)).first()


# --- the spreadsheets taken in ------------------------------------------------------------------------------


def previous_import(session: Session, kind: str, digest: str) -> SheetImport | None:
    """The earlier import of the same file, if anything it recorded is still there (a file whose meetings or
    letters were all deleted since may be taken again: its old row goes)."""
    found = session.scalars(select(SheetImport).where(SheetImport.kind == kind, SheetImport.digest == digest)).first()
    if found is None:
        return None
    model = MeetingRecord if kind == "meetings" else Letter
    left = session.scalar(select(func.count()).select_from(model).where(model.sheet_import_id == found.id))
    if left:
        return found
    session.delete(found)
    session.flush()
    return None


def record_import(session: Session, kind: str, digest: str, participant_id: int | None, now: datetime) -> SheetImport:
    found = SheetImport(kind=kind, digest=digest, participant_id=participant_id, records=0, imported_at=now)
    session.add(found)
    session.flush()
    return found


# --- what an opinion is about -------------------------------------------------------------------------------


def _norm(label: str) -> str:
    return unicodedata.normalize("NFC", " ".join(label.split())).strip().rstrip(".)").casefold()


def section_paths(session: Session, document_id: int) -> dict[int, tuple[Section, str]]:
    """Every section of a draft with its label as a reader cites it: its own label after its parents' ("I.1" for
    the "1" under "I"; a parent's label the child's already starts with is not repeated; a part's word label,
    "Phần thứ nhất", is not part of it)."""
    rows = list(session.scalars(select(Section).where(Section.document_id == document_id).order_by(Section.order)))
    by_id = {s.id: s for s in rows}
    out: dict[int, tuple[Section, str]] = {}
    for sec in rows:
        labels = [sec.label.strip().rstrip(".)")] if sec.label.strip() else []
        parent = by_id.get(sec.parent_id) if sec.parent_id is not None else None
        seen = {sec.id}
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            own = parent.label.strip().rstrip(".)")
            if parent.depth > 0 and own and " " not in own and not (labels and labels[-1].startswith(own + ".")):
                labels.append(own)
            parent = by_id.get(parent.parent_id) if parent.parent_id is not None else None
        out[sec.id] = (sec, ".".join(reversed(labels)))
    return out


def find_sections(
    session: Session, document_id: int, typed: str, paths: dict[int, tuple[Section, str]] | None = None
) -> list[tuple[Section, str]]:
    """The sections a typed label names ("II.1", "mục 2", "Phần thứ nhất"): one when it is clear, several when
    the draft uses the label more than once (the caller asks which), none when nothing matches. `paths`: the
    draft's `section_paths`, when the caller has them already."""
    want = _norm(typed)
    for word in ("mục ", "muc "):
        if want.startswith(word):
            want = want[len(word) :].strip()
    if not want:
        return []
    if paths is None:
        paths = section_paths(session, document_id)
    by_path = [(s, p) for s, p in paths.values() if _norm(p) == want]
    if len(by_path) == 1:
        return by_path
    by_label = [(s, p) for s, p in paths.values() if _norm(s.label) == want]
    return by_label or by_path


def topic_by_order(session: Session, document_id: int, order: int) -> GuidedTopic | None:
    return session.scalars(
        select(GuidedTopic).where(GuidedTopic.document_id == document_id, GuidedTopic.order == order)
    ).first()


def documents(session: Session) -> list[Document]:
    """Every draft of the plan, in the plan's order."""
    return list(session.scalars(select(Document).order_by(Document.order, Document.id)))
