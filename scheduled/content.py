"""What each scheduled send says: reports from aggregation/, reminders from the catalog. Blocking (a report takes
seconds): the runner calls it in a worker thread, before it claims the send."""

from __future__ import annotations

import functools
from datetime import datetime

from aggregation.api import ChatReport, build_final_report, build_weekly_report
from aggregation.progress import UnitProgress, unit_progress, units_progress
from core import clock
from core.messages import addressing, t
from handlers import roles
from handlers.types import Reply
from scheduled.calendar import EMAIL, Send, SendKind
from storage.calendar import Snapshot
from storage.db import Database
from storage.models import Audience, Role


def build(db: Database, snap: Snapshot, send: Send) -> list[Reply]:
    """The messages of `send`, for its address's channel: a chat gets the report as several messages and its
    files; an e-mail is one message (subject = the first line) with every file attached. Addressed as the
    recipient's role is (the plan's forms): the board, a cell's secretary, a resident or a member."""
    with addressing(roles.address_form(recipient_role(send), snap.address)):
        return _build(db, snap, send)


def recipient_role(send: Send) -> Role:
    if send.kind in (SendKind.WEEKLY_REPORT, SendKind.FINAL_REPORT):
        return Role.BOARD
    if send.kind in (SendKind.CELL_REMINDER, SendKind.SECRETARY_NOTE):
        return Role.SECRETARY
    return Role.MEMBER if send.audience == Audience.MEMBERS.value else Role.RESIDENT


def _build(db: Database, snap: Snapshot, send: Send) -> list[Reply]:
    assert send.address is not None
    if send.kind in (SendKind.WEEKLY_REPORT, SendKind.FINAL_REPORT):
        report = _report(db, send.kind, send.document, send.audience, send.due_at)
        subject = t(f"schedule.subject.{send.kind}", date=_day(send.due_at))
        if send.address.channel == EMAIL:
            return [Reply("\n\n".join([subject, *report.messages]), files=list(report.files))]
        replies = [Reply(text) for text in report.messages] or [Reply(subject)]
        replies[-1].files = list(report.files)
        return replies
    if send.kind is SendKind.CELL_REMINDER:
        return [Reply(cell_reminder(_progress(db, snap, send), send))]
    if send.kind is SendKind.SECRETARY_NOTE:
        return [Reply(_progress(db, snap, send).text)]
    return [Reply(resident_reminder(snap, send))]


def _progress(db: Database, snap: Snapshot, send: Send) -> UnitProgress:
    """The cell's figures as of the send, computed once for every cell due at that moment (a thousand cells'
    reminders at 08:00 read the comments once, not a thousand times)."""
    assert send.unit_id is not None
    cells = tuple(sorted({c.unit_id for c in snap.cells} | {send.unit_id}))
    found = _cells_progress(db, cells, send.due_at).get(send.unit_id)
    return found if found is not None else unit_progress(db, send.unit_id, as_of=send.due_at)


@functools.lru_cache(maxsize=4)
def _cells_progress(db: Database, unit_ids: tuple[int, ...], as_of: datetime) -> dict[int, UnitProgress]:
    return units_progress(db, unit_ids, as_of=as_of)


@functools.lru_cache(maxsize=4)
def _report(db: Database, kind: SendKind, document: str | None, audience: str | None, as_of: datetime) -> ChatReport:
    """One report for every way to its recipient (a chat and an e-mail get the same one, built once)."""
    builder = build_weekly_report if kind is SendKind.WEEKLY_REPORT else build_final_report
    return builder(db, document, Audience(audience) if audience else None, as_of)


def _day(moment: datetime) -> str:
    return clock.local(moment).strftime("%d/%m/%Y")


def cell_reminder(progress: UnitProgress, send: Send) -> str:
    assert send.due_on is not None
    today = clock.local(send.due_at).date()
    days = (send.due_on - today).days
    when = (
        t("schedule.remind.days_left", days=days)
        if days > 0
        else t("schedule.remind.today")
        if days == 0
        else t("schedule.remind.days_late", days=-days)
    )
    return t(
        "schedule.remind.cell",
        unit=send.unit_name or send.unit or "",
        due=send.due_on.strftime("%d/%m/%Y"),
        when=when,
        comments=progress.comments,
        people=progress.people,
        meetings=progress.meetings,
    )


def resident_reminder(snap: Snapshot, send: Send) -> str:
    windows = {w.document_id: w for w in snap.windows if w.audience == send.audience}
    lines = [
        t("schedule.remind.resident_item", title=windows[d].title, date=_day(windows[d].closes_at))
        for d in send.documents
        if d in windows
    ]
    return t("schedule.remind.resident", drafts="\n".join(lines))
