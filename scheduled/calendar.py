"""The plan's calendar as a list of sends: what goes to whom, when. Pure: a snapshot and a time range in, sends out.

Every send has a key — (kind, recipient, period) — that names it for ever: the delivery log claims it once, so the
same send is never made twice, whoever runs the calendar and however often. Local times are the plan's
(GOPY_TIMEZONE); sends are due at an aware UTC instant.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from core import clock
from core.address import Address
from storage.calendar import CellRow, ResidentRow, ScheduleRow, Snapshot

EMAIL = "email"  # the channel name of e-mail addresses (bot/channels/email.py)
WEEK = timedelta(days=7)


class SendKind(enum.StrEnum):
    WEEKLY_REPORT = "weekly_report"  # progress and the summary so far, to a report recipient
    FINAL_REPORT = "final_report"  # the summary on a one-off date
    CELL_REMINDER = "cell_reminder"  # a cell's summary is due: before, on the day, daily while late
    SECRETARY_NOTE = "secretary_note"  # the cell's progress, weekly, to its secretary
    RESIDENT_REMINDER = "resident_reminder"  # opt-in: a draft started and not finished closes soon


@dataclass(frozen=True)
class Send:
    key: str
    kind: SendKind
    due_at: datetime  # UTC
    recipient: str  # for people reading `schedule show`: a recipient or unit code, never a person's name
    address: Address | None  # None: nowhere to send it yet (no chat registered, no secretary)
    document: str | None = None
    audience: str | None = None
    unit_id: int | None = None
    unit: str | None = None  # the unit's code
    unit_name: str | None = None
    due_on: date | None = None  # a cell's deadline
    participant_id: int | None = None
    documents: tuple[int, ...] = ()  # a resident reminder: the drafts it names (document ids)


def at(day: date, hhmm: str) -> datetime:
    """A local day and "HH:MM" → the UTC instant."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=clock.zone()).astimezone(UTC)


def sends(snap: Snapshot, start: datetime, end: datetime) -> list[Send]:
    """Every send due in [start, end], oldest first (ties in a stable order)."""
    out = [
        s
        for s in (
            *_reports(snap),
            *_cell_reminders(snap, end),
            *_secretary_notes(snap),
            *_resident_reminders(snap),
        )
        if start <= s.due_at <= end
    ]
    out.sort(key=lambda s: (s.due_at, s.key))
    return out


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _ways(row: ScheduleRow) -> list[tuple[str, Address | None]]:
    """A recipient's chat and e-mail address, each a send of its own; nowhere yet: one unaddressed send."""
    ways: list[tuple[str, Address | None]] = []
    if row.chat is not None:
        ways.append(("chat", row.chat))
    if row.email:
        ways.append((EMAIL, Address(EMAIL, row.email)))
    return ways or [("none", None)]


def _reports(snap: Snapshot) -> Iterator[Send]:
    for row in snap.schedules:
        if row.kind == "weekly":
            assert row.starts_on is not None and row.ends_on is not None and row.weekday is not None
            days = [d for d in _days(row.starts_on, row.ends_on) if d.weekday() == row.weekday]
            kind = SendKind.WEEKLY_REPORT
        else:
            assert row.starts_on is not None
            days, kind = [row.starts_on], SendKind.FINAL_REPORT
        for day in days:
            for via, address in _ways(row):
                yield Send(
                    f"{kind}:{row.code}:{row.recipient}:{via}:{day.isoformat()}",
                    kind,
                    at(day, row.at),
                    row.recipient,
                    address,
                    document=row.document,
                    audience=row.audience,
                )


def _secretaries(cell: CellRow) -> list[tuple[str, int | None, Address | None]]:
    """(key part, participant id, chat) for each registered secretary; none registered: one unaddressed send."""
    return [(f"p{pid}", pid, address) for pid, address in cell.secretaries] or [("none", None, None)]


def _cell_reminders(snap: Snapshot, end: datetime) -> Iterator[Send]:
    """Before the cell's deadline (the plan's days), on the day, then every day while it is late, until the cell
    submits its summary."""
    cal = snap.calendar
    last = clock.local(end).date()
    for cell in snap.cells:
        days = {cell.due_on - timedelta(days=n) for n in cal.cell_days_before}
        days.update(_days(cell.due_on, max(cell.due_on, last)))
        for day in sorted(days):
            due_at = at(day, cal.at)
            if cell.submitted_at is not None and due_at >= cell.submitted_at:
                break
            for part, pid, address in _secretaries(cell):
                yield _cell_send(SendKind.CELL_REMINDER, cell, day, due_at, part, pid, address)


def _cell_send(
    kind: SendKind, cell: CellRow, day: date, due_at: datetime, part: str, pid: int | None, address: Address | None
) -> Send:
    return Send(
        f"{kind}:{cell.code}:{part}:{day.isoformat()}",
        kind,
        due_at,
        cell.code,
        address,
        unit_id=cell.unit_id,
        unit=cell.code,
        unit_name=cell.name,
        due_on=cell.due_on,
        participant_id=pid,
    )


def _secretary_notes(snap: Snapshot) -> Iterator[Send]:
    """Weekly, from the first comment window's opening to the cell's deadline, while it has not submitted."""
    cal = snap.calendar
    if not snap.windows:
        return
    first = min(clock.local(w.opens_at).date() for w in snap.windows)
    for cell in snap.cells:
        for day in _days(first, cell.due_on):
            if day.weekday() != cal.secretary_weekday:
                continue
            due_at = at(day, cal.at)
            if cell.submitted_at is not None and due_at >= cell.submitted_at:
                break
            for part, pid, address in _secretaries(cell):
                yield _cell_send(SendKind.SECRETARY_NOTE, cell, day, due_at, part, pid, address)


def unfinished(resident: ResidentRow, document_id: int, last_section: int | None) -> bool:
    """Started (a comment, or a section viewed) and not read to its last section."""
    seen = resident.seen.get(document_id)
    started = seen is not None or document_id in resident.commented
    finished = seen is not None and last_section is not None and seen >= last_section
    return started and not finished


def _resident_reminders(snap: Snapshot) -> Iterator[Send]:
    """The plan's days before a window closes, for the drafts a resident started and has not finished; one message
    a day at most (naming every such draft), and never within a week of the last."""
    cal = snap.calendar
    for resident in snap.residents:
        by_day: dict[date, list[int]] = {}
        for w in snap.windows:
            if w.audience != resident.audience or not unfinished(resident, w.document_id, w.last_section):
                continue
            day = clock.local(w.closes_at).date() - timedelta(days=cal.resident_days_before)
            if at(day, cal.at) < w.opens_at:
                continue  # a window shorter than the notice: nothing to remind of
            by_day.setdefault(day, []).append(w.document_id)
        last: date | None = None
        for day in sorted(by_day):
            if last is not None and day - last < WEEK:
                continue
            last = day
            yield Send(
                f"{SendKind.RESIDENT_REMINDER}:p{resident.participant_id}:{day.isoformat()}",
                SendKind.RESIDENT_REMINDER,
                at(day, cal.at),
                f"#{resident.participant_id}",
                resident.address,
                audience=resident.audience,
                participant_id=resident.participant_id,
                documents=tuple(by_day[day]),
            )
