"""`gopy schedule show`: every send of the calendar in a period, with its state, for an official to read."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from core import clock
from scheduled import calendar
from storage import delivery_log
from storage.calendar import Snapshot
from storage.calendar import load as load_snapshot
from storage.db import Database


class State(enum.StrEnum):
    DUE = "due"  # not yet due, or due and sent at the next run (within the grace period)
    SENDING = "sending"  # handed to the platform, not yet confirmed
    RETRYING = "retrying"  # the platform refused for now: tried again with backoff
    SENT = "sent"
    FAILED = "failed"  # given up (e.g. an e-mail server that kept refusing): look at the detail
    BLOCKED = "blocked"  # the person or group blocked or removed the bot
    MISSED = "missed"  # fell due while nothing ran, older than the grace period: never sent late
    UNADDRESSED = "unaddressed"  # nowhere to send it: no chat registered, no e-mail, no secretary


@dataclass(frozen=True)
class Row:
    due_at: datetime
    kind: str
    recipient: str
    via: str  # the channel ("telegram", "email"), or "" when there is none
    state: State
    detail: str = ""
    attempts: int = 0


def rows(db: Database, start: date | None, end: date | None, now: datetime | None = None) -> list[Row]:
    """Sends due in the local days [start, end] (default: from the plan's first to the later of its last and
    today), logged ones with what became of them, the others with what will."""
    now = now or clock.now()
    with db.unit() as session:
        snap = load_snapshot(session)
        first = clock.day_start(start) if start else datetime(2000, 1, 1, tzinfo=UTC)
        last = clock.day_end(end) - timedelta(microseconds=1) if end else _plan_end(snap, now)
        logged = delivery_log.entries(session, first, last)
    grace = timedelta(hours=snap.calendar.grace_hours)
    out: list[Row] = []
    for send in calendar.sends(snap, first, last):
        entry = logged.pop(send.key, None)
        via = send.address.channel if send.address else ""
        if entry is not None:
            out.append(_logged(entry, via))
        elif send.address is None:
            out.append(Row(send.due_at, send.kind, send.recipient, via, State.UNADDRESSED))
        elif send.due_at < now - grace:
            out.append(Row(send.due_at, send.kind, send.recipient, via, State.MISSED))
        else:
            out.append(Row(send.due_at, send.kind, send.recipient, via, State.DUE))
    # Logged sends the calendar no longer has (a schedule taken out of the plan, a cell that submitted since).
    out.extend(_logged(e, e.address.partition(":")[0] if e.address else "") for e in logged.values())
    out.sort(key=lambda r: (r.due_at, r.kind, r.recipient, r.via))
    return out


def _logged(entry: delivery_log.Entry, via: str) -> Row:
    try:
        state = State(entry.status)
    except ValueError:
        state = State.FAILED
    if state is State.SENDING and entry.attempts:
        state = State.RETRYING
    if state is State.MISSED and entry.detail == delivery_log.NO_ADDRESS:
        state = State.UNADDRESSED
    detail = "" if state in (State.UNADDRESSED, State.BLOCKED) else entry.detail  # the state says it all
    return Row(entry.due_at, entry.kind, entry.recipient, via, state, detail, entry.attempts)


def _plan_end(snap: Snapshot, now: datetime) -> datetime:
    days = [d for s in snap.schedules for d in (s.ends_on, s.starts_on) if d is not None]
    days += [c.due_on for c in snap.cells]
    days += [clock.local(w.closes_at).date() for w in snap.windows]
    last = max([*days, clock.local(now).date()])
    return clock.day_end(last) - timedelta(microseconds=1)
