"""What the scheduler reads to know what is due: the plan's schedules and deadlines, the cells' secretaries and
submissions, the comment windows, and the residents who asked to be reminded. One read, plain data out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.address import Address
from core.clock import as_utc
from storage.models import (
    Audience,
    Comment,
    CommentWindow,
    Consultation,
    ConversationState,
    Deadline,
    Document,
    Participant,
    Recipient,
    ReportSchedule,
    Role,
    Section,
    Submission,
    Unit,
    UnitKind,
)
from storage.queries import forms_of


@dataclass(frozen=True)
class CalendarSettings:
    """The plan's `calendar:` section (storage/plan_schema.CalendarSpec)."""

    at: str = "08:00"
    grace_hours: int = 24
    cell_days_before: tuple[int, ...] = (3, 1)
    secretary_weekday: int = 0
    resident_days_before: int = 3

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> CalendarSettings:
        raw = dict(settings.get("calendar") or {})
        default = cls()
        return cls(
            at=str(raw.get("at", default.at)),
            grace_hours=int(raw.get("grace_hours", default.grace_hours)),
            cell_days_before=tuple(int(d) for d in raw.get("cell_days_before", default.cell_days_before)),
            secretary_weekday=int(raw.get("secretary_weekday", default.secretary_weekday)),
            resident_days_before=int(raw.get("resident_days_before", default.resident_days_before)),
        )


@dataclass(frozen=True)
class ScheduleRow:
    code: str
    kind: str  # weekly | once
    recipient: str  # the recipient's code
    chat: Address | None
    email: str | None
    document: str | None
    audience: str | None
    starts_on: date | None
    ends_on: date | None
    weekday: int | None
    at: str


@dataclass(frozen=True)
class CellRow:
    unit_id: int
    code: str
    name: str
    due_on: date
    submitted_at: datetime | None
    secretaries: tuple[tuple[int, Address], ...]  # (participant id, private chat)


@dataclass(frozen=True)
class WindowRow:
    document_id: int
    document: str  # code
    title: str
    audience: str
    opens_at: datetime
    closes_at: datetime
    last_section: int | None  # the highest section order of the imported draft


@dataclass(frozen=True)
class ResidentRow:
    participant_id: int
    address: Address
    audience: str
    seen: dict[int, int]  # document id → the highest section order viewed
    commented: frozenset[int]  # documents with a comment of theirs


@dataclass
class Snapshot:
    calendar: CalendarSettings
    schedules: list[ScheduleRow] = field(default_factory=list)
    cells: list[CellRow] = field(default_factory=list)
    windows: list[WindowRow] = field(default_factory=list)
    residents: list[ResidentRow] = field(default_factory=list)
    address: dict[str, str] = field(default_factory=dict)  # the plan's forms of address by role (its reminders')


def load(session: Session, around: datetime | None = None) -> Snapshot:
    """The calendar's inputs, for the (first) consultation in the database; an empty snapshot without one.

    `around`: a run at that moment, which needs the residents (a read of every one who asked for reminders) only
    when a window's reminder day is near."""
    cons = session.scalar(select(Consultation).order_by(Consultation.id).limit(1))
    if cons is None:
        return Snapshot(CalendarSettings())
    snap = Snapshot(CalendarSettings.from_settings(cons.settings or {}))
    snap.address = forms_of(cons.settings)
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.consultation_id == cons.id))}
    recipients = {r.id: r for r in session.scalars(select(Recipient).where(Recipient.consultation_id == cons.id))}
    for sch in session.scalars(
        select(ReportSchedule).where(ReportSchedule.consultation_id == cons.id).order_by(ReportSchedule.id)
    ):
        r = recipients[sch.recipient_id]
        chat = Address(r.channel, r.chat_id) if r.channel and r.chat_id else None
        snap.schedules.append(
            ScheduleRow(
                sch.code,
                sch.kind,
                r.code,
                chat,
                r.email,
                docs[sch.document_id].code if sch.document_id in docs else None,
                sch.audience.value if sch.audience else None,
                sch.starts_on,
                sch.ends_on,
                sch.weekday,
                sch.at_time,
            )
        )
    snap.cells = _cells(session, cons.id)
    last_section: dict[int, int] = {
        doc_id: order
        for doc_id, order in session.execute(
            select(Section.document_id, func.max(Section.order))
            .where(Section.document_id.in_(list(docs)))
            .group_by(Section.document_id)
        ).tuples()
    }
    for w in session.scalars(select(CommentWindow).where(CommentWindow.document_id.in_(list(docs)))):
        doc = docs[w.document_id]
        snap.windows.append(
            WindowRow(
                doc.id,
                doc.code,
                doc.title,
                w.audience.value,
                as_utc(w.opens_at),
                as_utc(w.closes_at),
                last_section.get(doc.id),
            )
        )
    snap.windows.sort(key=lambda w: (w.closes_at, w.document))
    if around is None or any(_reminder_near(w, snap.calendar, around) for w in snap.windows):
        snap.residents = _residents(session)
    return snap


def _reminder_near(window: WindowRow, cal: CalendarSettings, around: datetime) -> bool:
    """The residents' reminder day of this window lies within the grace period (and a day either side) of now."""
    reminder = window.closes_at - timedelta(days=cal.resident_days_before)
    return around - timedelta(hours=cal.grace_hours, days=2) <= reminder <= around + timedelta(days=2)


def _cells(session: Session, consultation_id: int) -> list[CellRow]:
    deadlines = session.execute(
        select(Unit, Deadline.due_on)
        .join(Deadline, Deadline.unit_id == Unit.id)
        .where(Unit.consultation_id == consultation_id, Unit.kind == UnitKind.CELL)
        .order_by(Unit.order, Unit.id)
    ).all()
    unit_ids = [u.id for u, _ in deadlines]
    submitted: dict[int, datetime] = {
        unit_id: at
        for unit_id, at in session.execute(
            select(Submission.unit_id, func.max(Submission.submitted_at))
            .where(Submission.unit_id.in_(unit_ids))
            .group_by(Submission.unit_id)
        ).tuples()
    }
    secretaries: dict[int, list[tuple[int, Address]]] = defaultdict(list)
    for p in session.execute(
        select(Participant.id, Participant.unit_id, Participant.channel, Participant.channel_user_id)
        .where(Participant.role == Role.SECRETARY, Participant.unit_id.in_(unit_ids))
        .order_by(Participant.id)
    ):
        secretaries[p.unit_id].append((p.id, Address(p.channel, p.channel_user_id)))
    return [
        CellRow(
            unit.id,
            unit.code,
            unit.name,
            due_on,
            as_utc(submitted[unit.id]) if submitted.get(unit.id) else None,
            tuple(secretaries.get(unit.id, ())),
        )
        for unit, due_on in deadlines
    ]


def _residents(session: Session) -> list[ResidentRow]:
    """Participants who asked for reminders (and still consent), with what they have read and commented on."""
    rows = session.execute(
        select(Participant, ConversationState.data)
        .outerjoin(ConversationState, ConversationState.participant_id == Participant.id)
        .where(
            Participant.reminders.is_(True),
            Participant.consent_at.is_not(None),
            Participant.refused_at.is_(None),
        )
        .order_by(Participant.id)
    ).all()
    if not rows:
        return []
    ids = [p.id for p, _ in rows]
    commented: dict[int, set[int]] = defaultdict(set)
    for pid, doc_id in session.execute(
        select(Comment.participant_id, Comment.document_id)
        .where(Comment.participant_id.in_(ids), Comment.withdrawn_at.is_(None))
        .distinct()
    ):
        commented[pid].add(doc_id)
    out = []
    for p, data in rows:
        seen_raw = (data or {}).get("seen") if isinstance(data, dict) else None
        seen: dict[int, int] = {}
        if isinstance(seen_raw, dict):
            for doc, order in seen_raw.items():
                if str(doc).isdigit() and isinstance(order, int):
                    seen[int(doc)] = order
        audience = Audience.MEMBERS.value if p.audience is Audience.MEMBERS else Audience.RESIDENTS.value
        out.append(ResidentRow(p.id, Address(p.channel, p.channel_user_id), audience, seen, frozenset(commented[p.id])))
    return out
