"""The privacy notice's promise: after the retention time, identities go and the comments stay, anonymous."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from storage.db import Database
from storage.errors import UserError
from storage.models import (
    Comment,
    CommentKind,
    CommentWindow,
    ConversationState,
    InboundUpdate,
    Participant,
    Role,
    TargetKind,
)
from storage.privacy import purge_identities
from tests.factories import build_consultation


def _seed(db: Database) -> None:
    with db.unit() as s:
        built = build_consultation(s)
        p = Participant(channel="telegram", channel_user_id="987654321", display_name="Trần Thị Bảo Mật",
                        role=Role.RESIDENT, area_id=built.unit_ids["KP1"])  # fmt: skip
        s.add(p)
        s.flush()
        s.add(ConversationState(participant_id=p.id, step="docs", data={}))
        s.add(InboundUpdate(channel="telegram", update_id="1", replies=[{"text": "Nội dung: ...", "choices": []}]))
        s.add(Comment(document_id=built.document_id, participant_id=p.id, audience="residents",
                      area_id=built.unit_ids["KP1"], target_kind=TargetKind.DOCUMENT, kind=CommentKind.GENERAL,
                      text="Ý kiến còn lại.", text_norm="Ý kiến còn lại.", channel="telegram"))  # fmt: skip


def test_not_before_the_retention_time_is_over(any_db: Database) -> None:
    _seed(any_db)
    with pytest.raises(UserError) as info:
        purge_identities(any_db, now=datetime.now(UTC), months=12)
    assert info.value.code == "privacy.not_yet"
    counted = purge_identities(any_db, now=datetime.now(UTC), months=12, dry_run=True)  # counting is always fine
    assert counted.participants == 1 and counted.due_on is not None and counted.due_on > datetime.now(UTC).date()
    with any_db.unit() as s:
        assert s.scalars(sa.select(Participant.display_name)).one() == "Trần Thị Bảo Mật"


def test_after_it_identities_go_and_comments_stay(any_db: Database) -> None:
    _seed(any_db)
    with any_db.unit() as s:
        closes = s.scalar(sa.select(sa.func.max(CommentWindow.closes_at)))
    assert closes is not None
    later = closes + timedelta(days=370)
    assert purge_identities(any_db, now=later, months=12, dry_run=True).participants == 1
    result = purge_identities(any_db, now=later, months=12)
    assert (result.participants, result.deliveries) == (1, 1)
    with any_db.unit() as s:
        p = s.scalars(sa.select(Participant)).one()
        assert p.display_name is None and p.channel_user_id == f"purged-{p.id}"
        assert p.role == Role.RESIDENT and p.area_id is not None  # still counted by area
        assert s.scalar(sa.select(sa.func.count()).select_from(ConversationState)) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(InboundUpdate)) == 0
        assert s.scalars(sa.select(Comment.text)).one() == "Ý kiến còn lại."
    # Twice is once.
    assert purge_identities(any_db, now=later, months=12).participants == 0


def test_the_retention_dates_are_local_days(db: Database) -> None:
    """The last window closed at 03:00 on 26/07 in Vietnam (20:00 on 25/07 in UTC): the retention counts from the
    26th, and the purge is allowed from the first local day after it, not 7 hours early."""
    _seed(db)
    with db.unit() as s:
        s.execute(sa.update(CommentWindow).values(closes_at=datetime(2025, 7, 25, 20, 0, tzinfo=UTC)))
    with pytest.raises(UserError) as info:
        purge_identities(db, now=datetime(2025, 7, 26, 18, 0, tzinfo=UTC), months=1)  # 27/07 01:00 in Vietnam
    assert info.value.params["ended"] == "26/07/2025" and info.value.params["until"] == "26/08/2025"
    almost = datetime(2025, 8, 26, 16, 59, tzinfo=UTC)  # 23:59 on 26/08 in Vietnam: still inside
    with pytest.raises(UserError):
        purge_identities(db, now=almost, months=1)
    assert purge_identities(db, now=almost + timedelta(minutes=1), months=1).participants == 1
