"""The conversation's writes on the hot path, as SQLAlchemy Core statements built once.

A participant and their state row are read with one statement (the state row locked on PostgreSQL), changed as
plain objects by the steps, and written back here; the inbound update is claimed last, in the same transaction,
so a redelivery fails on its unique key and rolls back everything it did. The ORM's unit of work cost more than
the SQL itself here (bench/README.md). The caller owns the transaction: nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from core.clock import as_utc
from storage.models import Comment, ConversationState, InboundUpdate, Participant

_P = cast(Table, Participant.__table__)
_S = cast(Table, ConversationState.__table__)
_C = cast(Table, Comment.__table__)
PARTICIPANT_COLUMNS = tuple(c.key for c in _P.columns if c.key not in ("created_at", "updated_at"))
_COMMENT_COLUMNS = tuple(c.key for c in _C.columns)
_LOAD = (
    select(*(_P.c[k] for k in PARTICIPANT_COLUMNS), _S.c.step, _S.c.data)
    .join(_S, _S.c.participant_id == _P.c.id)
    .where(_P.c.channel == bindparam("channel"), _P.c.channel_user_id == bindparam("uid"))
    .with_for_update(of=_S)
)
# Not found with its state: a channel id linked to another participant (`/lienket`, storage/linking.py) is read
# as that participant. Only then, and at a first contact: the common path is the one statement above.
_LINKED = select(_P.c.linked_to).where(_P.c.channel == bindparam("channel"), _P.c.channel_user_id == bindparam("uid"))
_LOAD_ID = (
    select(*(_P.c[k] for k in PARTICIPANT_COLUMNS), _S.c.step, _S.c.data)
    .join(_S, _S.c.participant_id == _P.c.id)
    .where(_P.c.id == bindparam("pid"))
    .with_for_update(of=_S)
)
_INSERT_PARTICIPANT = insert(_P)
_INSERT_STATE = insert(_S)
_UPDATE_PARTICIPANT = update(_P).where(_P.c.id == bindparam("pid"))
_UPDATE_STATE = (
    update(_S)
    .where(_S.c.participant_id == bindparam("pid"))
    .values(step=bindparam("step"), data=bindparam("data"), updated_at=bindparam("updated_at"))
)
_INSERT_UPDATE = insert(cast(Table, InboundUpdate.__table__))
_INSERT_COMMENT = insert(_C)
FIRST_STEP = "new"


def load(conn: Connection, channel: str, user_id: str) -> tuple[Participant, ConversationState, dict[str, Any]]:
    """The participant and their state row (created on first contact), as objects outside the session, and the
    participant's columns as read (`save` writes only what changed)."""
    row = conn.execute(_LOAD, {"channel": channel, "uid": user_id}).first()
    if row is None and (linked := conn.execute(_LINKED, {"channel": channel, "uid": user_id}).scalar()) is not None:
        row = conn.execute(_LOAD_ID, {"pid": linked}).first()
    if row is None:
        values: dict[str, Any] = {"channel": channel, "channel_user_id": user_id}
        key = conn.execute(_INSERT_PARTICIPANT, values).inserted_primary_key
        assert key is not None
        values["id"] = key[0]
        step, data = FIRST_STEP, {"v": 0}
        conn.execute(_INSERT_STATE, {"participant_id": values["id"], "step": step, "data": data})
    else:
        mapping = row._mapping
        values = {k: mapping[k] for k in PARTICIPANT_COLUMNS}
        step, data = row.step, row.data
    participant = Participant(**values)
    state = ConversationState(participant_id=values["id"], step=step, data=data)
    return participant, state, values


def load_id(conn: Connection, participant_id: int) -> tuple[Participant, ConversationState, dict[str, Any]] | None:
    """A participant and their state row by id (the state row locked on PostgreSQL), as `load` returns them."""
    row = conn.execute(_LOAD_ID, {"pid": participant_id}).first()
    if row is None:
        return None
    mapping = row._mapping
    values = {k: mapping[k] for k in PARTICIPANT_COLUMNS}
    return Participant(**values), ConversationState(participant_id=values["id"], step=row.step, data=row.data), values


def save(conn: Connection, participant: Participant, state: ConversationState, before: Mapping[str, Any]) -> None:
    """The participant's changed columns and the state row (its step, data and updated_at, always)."""
    changed = {k: v for k in PARTICIPANT_COLUMNS if (v := getattr(participant, k)) != before.get(k)}
    if changed:
        conn.execute(_UPDATE_PARTICIPANT, {"pid": participant.id, **changed})
    conn.execute(
        _UPDATE_STATE, {"pid": participant.id, "step": state.step, "data": state.data, "updated_at": state.updated_at}
    )


def claim_update(conn: Connection, channel: str, update_id: str, replies: list[dict[str, object]]) -> None:
    """Record a delivery as applied, with its replies; IntegrityError when it was applied before."""
    conn.execute(_INSERT_UPDATE, {"channel": channel, "update_id": update_id, "replies": replies})


def stored_replies(
    session: Session, channel: str, update_id: str, kept_since: datetime
) -> list[dict[str, object]] | None:
    """The replies a delivery was answered with, or None when it was never applied. A delivery recorded before
    `kept_since` is forgotten here (its row deleted): the same id now is another message."""
    where = (InboundUpdate.channel == channel, InboundUpdate.update_id == update_id)
    row = session.execute(select(InboundUpdate.replies, InboundUpdate.received_at).where(*where)).first()
    if row is None:
        return None
    if as_utc(row.received_at) < kept_since:
        session.execute(delete(InboundUpdate).where(*where))
        return None
    return list(row.replies or [])


def forget_deliveries(session: Session, kept_since: datetime) -> int:
    """Delete the deliveries recorded before `kept_since`; how many."""
    result = session.execute(delete(InboundUpdate).where(InboundUpdate.received_at < kept_since))
    return int(getattr(result, "rowcount", 0) or 0)


def insert_comment(session: Session, comment: Comment) -> int:
    """A Core INSERT of the values set (column defaults apply as for the ORM), executed now: the row and its unique
    key exist before the acknowledgement is composed, and a redelivered update fails here and rolls back. Its id."""
    values = sa_inspect(comment).dict
    result = session.connection().execute(_INSERT_COMMENT, {k: values[k] for k in _COMMENT_COLUMNS if k in values})
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])
