"""The delivery log's SQL: one row per scheduled send, keyed (recipient, kind, period).

A send is claimed by inserting its row in the transaction that stages its message in the outbox; the insert does
nothing when the key is there already (another scheduler, a second `run-due`, a restart), so the message is staged
once. The outbox marks the row when the platform has taken the message, or gave up. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.clock import as_utc
from storage.models import DeliveryLog, Outbox

_L = cast(Table, DeliveryLog.__table__)
_O = cast(Table, Outbox.__table__)

SENDING, SENT, FAILED, BLOCKED, MISSED = "sending", "sent", "failed", "blocked", "missed"
# Why a send was logged missed (`detail`, shown translated by `gopy schedule show`).
NO_ADDRESS, ONE_A_WEEK = "no_address", "one_a_week"
FINAL = (SENT, FAILED, BLOCKED, MISSED)


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    recipient: str
    address: str | None
    status: str
    detail: str
    due_at: datetime
    done_at: datetime | None
    attempts: int  # tries so far of the message still waiting in the outbox (0: none, or none waiting)


def claim(
    conn: Connection | Session,
    *,
    key: str,
    kind: str,
    recipient: str,
    address: str | None,
    due_at: datetime,
    now: datetime,
    status: str = SENDING,
    detail: str = "",
) -> bool:
    """Insert the send's row unless its key is there; True when this call inserted it (the send is ours)."""
    values = {
        "key": key,
        "kind": kind,
        "recipient": recipient,
        "address": address,
        "status": status,
        "detail": detail,
        "due_at": due_at,
        "claimed_at": now,
        "done_at": None if status == SENDING else now,
    }
    dialect = conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_L).values(**values).on_conflict_do_nothing(index_elements=["key"]).returning(_L.c.id)
    return conn.execute(statement).first() is not None


def mark(conn: Connection | Session, keys: Iterable[str], status: str, now: datetime, detail: str = "") -> None:
    """A staged send is over: delivered (SENT), or given up (FAILED, BLOCKED) with why."""
    keys = list(keys)
    if keys:
        conn.execute(
            update(_L)
            .where(_L.c.key.in_(keys), _L.c.status == SENDING)
            .values(status=status, done_at=now, detail=detail)
        )


def known(session: Session, since: datetime) -> dict[str, str]:
    """Every send due since `since` that is logged: key → status."""
    return {key: status for key, status in session.execute(select(_L.c.key, _L.c.status).where(_L.c.due_at >= since))}


def last_due(session: Session, key_prefix: str) -> datetime | None:
    """When the latest send whose key starts with `key_prefix` was due (e.g. a resident's last reminder)."""
    value = session.scalar(
        select(_L.c.due_at).where(_L.c.key.startswith(key_prefix, autoescape=True)).order_by(_L.c.due_at.desc())
    )
    return as_utc(value) if value is not None else None


def entries(session: Session, since: datetime | None = None, until: datetime | None = None) -> dict[str, Entry]:
    """Logged sends due in [since, until], with the tries of a message still waiting in the outbox."""
    query: Any = select(_L, _O.c.attempts).outerjoin(_O, _O.c.log_key == _L.c.key)
    if since is not None:
        query = query.where(_L.c.due_at >= since)
    if until is not None:
        query = query.where(_L.c.due_at <= until)
    out: dict[str, Entry] = {}
    for r in session.execute(query):
        out[r.key] = Entry(
            r.key,
            r.kind,
            r.recipient,
            r.address,
            r.status,
            r.detail,
            as_utc(r.due_at),
            as_utc(r.done_at) if r.done_at is not None else None,
            int(r.attempts or 0),
        )
    return out
