"""Keeping the privacy notice's promise: identities are erased a set time after the last comment window closes.

Comments stay (they are the consultation's record), linked to an anonymous participant: role, unit and area
remain for the counts; the display name, the channel's user id and the conversation go. The stored replies of
inbound updates go too: they echo what people typed and are only needed to answer a redelivery. A person's other
channel (`/lienket`: a participant row linked to theirs, holding only that channel's user id; their comments were
moved to the participant when it was linked) is deleted, and so are the link codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String, cast, delete, func, literal, select, update

from core import clock
from storage.db import Database
from storage.errors import UserError
from storage.models import CommentWindow, ConversationState, InboundUpdate, LinkCode, Outbox, Participant

PURGED_PREFIX = "purged-"


@dataclass(frozen=True)
class PurgeResult:
    participants: int
    deliveries: int
    due_on: date | None = None  # the first day identities may be erased


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def purge_identities(
    db: Database, *, now: datetime, months: int, force: bool = False, dry_run: bool = False
) -> PurgeResult:
    """Erase identities once `months` have passed since the last window closed (or at once with `force`)."""
    with db.unit() as s:
        ended = s.scalar(select(func.max(CommentWindow.closes_at)))
        until = _add_months(clock.local(ended).date(), months) if ended is not None else None
        named = ~Participant.channel_user_id.startswith(PURGED_PREFIX)
        participants = s.scalar(select(func.count()).select_from(Participant).where(named)) or 0
        deliveries = s.scalar(select(func.count()).select_from(InboundUpdate)) or 0
        due_on = until + timedelta(days=1) if until is not None else None
        if dry_run:  # only counting: allowed at any time
            return PurgeResult(participants, deliveries, due_on)
        if not force:
            if ended is None or until is None:
                raise UserError("privacy.no_windows")
            if clock.local(now).date() <= until:
                ended_on = clock.local_date(ended)
                raise UserError("privacy.not_yet", ended=ended_on, months=months, until=f"{until:%d/%m/%Y}")
        s.execute(delete(ConversationState))
        s.execute(delete(InboundUpdate))
        s.execute(delete(Outbox))  # undelivered replies quote what people typed
        s.execute(delete(LinkCode))
        s.execute(delete(Participant).where(Participant.linked_to.is_not(None)))  # another channel's id, no more
        s.execute(
            update(Participant)
            .where(named)
            .values(display_name=None, channel_user_id=literal(PURGED_PREFIX) + cast(Participant.id, String))
            .execution_options(synchronize_session=False)
        )
    return PurgeResult(participants, deliveries, due_on)
