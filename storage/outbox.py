"""The outbox's SQL: messages committed with the update that decided them, deleted once delivered.

A row is held by the worker sending it until `due_at`; after a failure `due_at` is the next try. Rows are few (only
what is not yet delivered), so the pending list is read whole. The caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from core.clock import as_utc
from storage.models import Outbox

_O = cast(Table, Outbox.__table__)
_ADD = insert(_O).returning(_O.c.id)


@dataclass(frozen=True)
class Pending:
    id: int
    channel: str
    chat_id: str
    replies: list[dict[str, Any]]
    due_at: datetime
    attempts: int
    log_key: str | None  # a scheduled send's delivery log entry (storage/delivery_log.py)


def add(
    conn: Connection | Session,
    channel: str,
    chat_id: str,
    replies: list[dict[str, object]],
    held_until: datetime,
    log_key: str | None = None,
) -> int:
    """Stage `replies` for a chat, held by this worker until `held_until`; the row's id."""
    values = {"channel": channel, "chat_id": chat_id, "replies": replies, "due_at": held_until, "attempts": 0}
    row = conn.execute(_ADD, {**values, "log_key": log_key}).first()
    assert row is not None
    return int(row[0])


def pending(session: Session, channels: tuple[str, ...]) -> list[Pending]:
    """Every undelivered row of these channels, oldest first."""
    rows = session.execute(select(_O).where(_O.c.channel.in_(channels)).order_by(_O.c.id)).all()
    return [
        Pending(r.id, r.channel, r.chat_id, list(r.replies or []), as_utc(r.due_at), r.attempts, r.log_key)
        for r in rows
    ]


def hold(session: Session, row_id: int, now: datetime, until: datetime) -> tuple[list[dict[str, Any]], int] | None:
    """Take a due row for sending until `until`: what is left to send in it and its attempts as they are now (not
    as read before), or None when another worker holds it (or it is gone)."""
    row = session.execute(
        update(_O)
        .where(_O.c.id == row_id, _O.c.due_at <= now)
        .values(due_at=until)
        .returning(_O.c.replies, _O.c.attempts)
    ).first()
    return None if row is None else (list(row.replies or []), int(row.attempts))


def delivered(conn: Connection | Session, row_ids: list[int]) -> None:
    """Forget rows the platform has taken."""
    conn.execute(delete(_O).where(_O.c.id.in_(row_ids)))


def retry_at(session: Session, row_id: int, when: datetime, replies: list[dict[str, object]]) -> None:
    """A failed try: what is left to send (`replies`) waits until `when`."""
    session.execute(
        update(_O).where(_O.c.id == row_id).values(due_at=when, replies=replies, attempts=_O.c.attempts + 1)
    )


def release_held(session: Session, now: datetime, busy: list[int]) -> None:
    """Every row held and never tried is due now (but those in `busy`, being sent by this process): on a single
    worker's start, what it held before died with it."""
    session.execute(update(_O).where(_O.c.attempts == 0, _O.c.due_at > now, _O.c.id.not_in(busy)).values(due_at=now))


def release(session: Session, row_id: int, now: datetime) -> None:
    """Let the row go to whoever delivers the chat's waiting messages, in order."""
    session.execute(update(_O).where(_O.c.id == row_id).values(due_at=now))
