"""Exactly-once recording on SQLite and PostgreSQL: a redelivered update adds nothing and is answered again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from storage.models import Comment, ConversationState, InboundUpdate
from tests.factories import build_consultation
from tests.handlers.helpers import User


@pytest.fixture
def engine_any(any_db: Database) -> Iterator[Engine]:
    with any_db.unit() as session:
        build_consultation(session)
    engine = Engine(any_db, EngineConfig(rate_limit_per_minute=1000, strict_flow=True))
    yield engine
    engine.close()


async def to_confirmation(user: User) -> None:
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("I. MỤC LỚN 1")
    await user.press("Ý kiến khác")
    await user.send("một ý kiến")


def count(db: Database, what: type) -> int:
    with db.unit() as s:
        return int(s.scalar(select(func.count()).select_from(what)) or 0)


async def test_redelivered_update_records_one_comment(engine_any: Engine, any_db: Database) -> None:
    user = User(engine_any)
    await to_confirmation(user)
    payload = user.buttons["Xác nhận"]
    first = await user.press_payload(payload, update_id="dup-1")
    again = await user.press_payload(payload, update_id="dup-1")
    assert first[0].text.startswith("Đã ghi nhận")
    assert [r.text for r in again] == [r.text for r in first]  # answered as it was, nothing applied
    assert count(any_db, Comment) == 1
    with any_db.unit() as s:
        key = s.scalars(select(Comment.idempotency_key)).one()
    assert key is not None and key.startswith("test:p")  # the participant's and the confirmation's version


async def test_another_users_update_with_the_same_id_is_not_a_duplicate(engine_any: Engine, any_db: Database) -> None:
    """Privacy: Telegram reuses update ids; B must never be shown A's confirmation, and B's comment is B's."""
    a, b = User(engine_any, "a"), User(engine_any, "b")
    await to_confirmation(a)
    await to_confirmation(b)
    await a.press("Xác nhận", update_id="reused-42")
    replies = await b.press_payload(b.buttons["Xác nhận"], update_id="reused-42")
    assert replies[0].text.startswith("Đã ghi nhận") and count(any_db, Comment) == 2


async def test_a_delivery_is_forgotten_after_two_days(engine_any: Engine, any_db: Database) -> None:
    user = User(engine_any)
    await to_confirmation(user)
    await user.send("/giupdo", update_id="reused-7")
    with any_db.unit() as s:
        s.execute(update(InboundUpdate).values(received_at=datetime.now(UTC) - timedelta(days=3)))
    await user.press("Xác nhận", update_id="reused-7")  # the same id, days later: a new message, applied
    assert user.text.startswith("Đã ghi nhận") and count(any_db, Comment) == 1


async def test_comment_is_committed_before_the_acknowledgement(engine_any: Engine, any_db: Database) -> None:
    user = User(engine_any)
    await to_confirmation(user)
    replies = await user.press("Xác nhận")
    assert replies[0].text.startswith("Đã ghi nhận")
    # A separate connection sees the row as soon as the reply exists.
    other = Database(any_db.url)
    try:
        with other.unit() as s:
            assert s.scalar(select(func.count()).select_from(Comment)) == 1
            assert (s.scalar(select(func.count()).select_from(InboundUpdate)) or 0) >= 1
    finally:
        other.dispose()


async def test_failure_rolls_back_state_and_comment(
    engine_any: Engine, any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = User(engine_any)
    await to_confirmation(user)
    with any_db.unit() as s:
        step_before = s.scalars(select(ConversationState.step)).one()

    from handlers.flow import compose

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("crash after the insert")

    monkeypatch.setattr(compose, "way_on", boom)
    with pytest.raises(RuntimeError):
        await user.press("Xác nhận", update_id="crash-1")
    monkeypatch.undo()
    assert count(any_db, Comment) == 0
    with any_db.unit() as s:
        assert s.scalars(select(ConversationState.step)).one() == step_before
    await user.press("Xác nhận", update_id="crash-1")  # the retry of the same update now applies
    assert user.text.startswith("Đã ghi nhận") and count(any_db, Comment) == 1
