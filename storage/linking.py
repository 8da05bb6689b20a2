"""One person on two channels (`/lienket`, handlers/flow/link.py): one-time codes, and the merge.

A code is given on one channel to a participant who has consented, and typed on another channel. Typing it makes
that channel's participant row a *linked* row (`Participant.linked_to`): its comments (and submissions and meeting
records) move to the first participant, its conversation is dropped, and from then on `conversation.load` reads
the first participant's row and state for that channel's id. Every comment keeps its own `channel`; the counts of
people (distinct `participant_id`) see one person. The caller owns the transaction: nothing here commits.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from core.clock import as_utc
from storage.models import Comment, ConversationState, LinkCode, MeetingRecord, Participant, Submission

# The invite codes' alphabet (bot/invites.py): no 0/O, 1/I/L, so a code read aloud or copied by hand is typed right.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6  # 31^6 ≈ 887 million codes, each alive minutes, five wrong tries per account (handlers/flow/link.py)
KEPT = timedelta(days=1)  # an expired or used code is remembered this long, to say "expired" or "used"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str:
    """A code as typed, read aloud or copied ("k7m 4qx", "K7M-4QX") → "K7M4QX"."""
    return "".join(c for c in typed.upper() if c.isalnum())


def issue(session: Session, participant_id: int, channel: str, now: datetime, expires_at: datetime) -> str:
    """A new code for this participant (their earlier unused codes stop working); old codes are forgotten."""
    session.execute(delete(LinkCode).where(LinkCode.expires_at < now - KEPT))
    session.execute(delete(LinkCode).where(LinkCode.participant_id == participant_id, LinkCode.used_at.is_(None)))
    code = new_code()
    while session.scalar(select(LinkCode.id).where(LinkCode.code == code)) is not None:
        code = new_code()  # taken (a race is the unique key's: the engine applies the update again)
    session.execute(
        insert(LinkCode).values(code=code, participant_id=participant_id, channel=channel, expires_at=expires_at)
    )
    return code


class Found(enum.Enum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    LIVE = "live"


@dataclass(frozen=True)
class Code:
    id: int
    participant_id: int
    channel: str  # where it was given
    state: Found


def find(session: Session, code: str, now: datetime) -> Code | None:
    """The code as it stands now; None: no such code (or forgotten)."""
    if len(code) != CODE_LENGTH:  # not a code at all: nothing to look up
        return None
    row = session.execute(
        select(LinkCode.id, LinkCode.participant_id, LinkCode.channel, LinkCode.expires_at, LinkCode.used_at).where(
            LinkCode.code == code
        )
    ).first()
    if row is None:
        return None
    if row.used_at is not None:
        state = Found.USED
    elif as_utc(row.expires_at) <= now:
        state = Found.EXPIRED
    else:
        state = Found.LIVE
    return Code(row.id, row.participant_id, row.channel, state)


def take(session: Session, code_id: int, now: datetime) -> bool:
    """Use the code, atomically: True for the one transaction that took it while it was good (a conditional
    UPDATE, as invites are taken: two channels typing it at once link once)."""
    result = session.execute(
        update(LinkCode)
        .where(LinkCode.id == code_id, LinkCode.used_at.is_(None), LinkCode.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def channels(session: Session, participant_id: int) -> set[str]:
    """The channels a participant speaks on: their own and their linked rows'."""
    rows = session.execute(
        select(Participant.channel).where(
            (Participant.id == participant_id) | (Participant.linked_to == participant_id)
        )
    )
    return {r[0] for r in rows}


def merge(session: Session, keep_id: int, gone_id: int) -> int:
    """Make participant `gone_id` a linked row of `keep_id`: everything they wrote becomes `keep_id`'s (each comment
    keeping its channel and its snapshots of audience and unit), their own linked rows follow, their conversation
    and codes go, and their columns are emptied (consent, role and unit are `keep_id`'s). How many comments moved
    (withdrawn ones aside: they move too, and are not counted)."""
    moved = session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(Comment.participant_id == gone_id, Comment.withdrawn_at.is_(None))
    )
    no_sync = {"synchronize_session": False}
    for column in (Comment.participant_id, Submission.participant_id, MeetingRecord.recorded_by, Participant.linked_to):
        moving = update(column.class_).where(column == gone_id).values({column: keep_id})
        session.execute(moving, execution_options=no_sync)
    session.execute(delete(LinkCode).where(LinkCode.participant_id == gone_id, LinkCode.used_at.is_(None)))
    session.execute(delete(ConversationState).where(ConversationState.participant_id == gone_id))
    session.execute(
        update(Participant)
        .where(Participant.id == gone_id)
        .values(
            linked_to=keep_id,
            display_name=None,
            role=None,
            unit_id=None,
            area_id=None,
            consent_at=None,
            refused_at=None,
            reminders=None,
        ),
        execution_options=no_sync,
    )
    return int(moved or 0)
