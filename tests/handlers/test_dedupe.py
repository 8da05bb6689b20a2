"""Exactly-once recording on SQLite and PostgreSQL: a redelivered update adds nothing and is answered again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from handlers.context import EngineConfig
from handlers.engine import Engine
from storage import conversation
from storage.db import Database
from storage.models import Comment, ConversationState, InboundUpdate, Participant
from tests.factories import build_consultation
from tests.handlers.helpers import User

SAVED = "✓ Đã ghi nhận"


@pytest.fixture
def engine_any(any_db: Database) -> Iterator[Engine]:
    with any_db.unit() as session:
        build_consultation(session)
    engine = Engine(any_db, EngineConfig(rate_limit_per_minute=1000, strict_flow=True))
    yield engine
    engine.close()


async def to_section(user: User) -> None:
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("I. MỤC LỚN 1")


async def to_compose(user: User) -> None:
    """Typing a comment («Ý kiến khác» pressed): the next text typed is saved."""
    await to_section(user)
    await user.press("Ý kiến khác")


def count(db: Database, what: type) -> int:
    with db.unit() as s:
        return int(s.scalar(select(func.count()).select_from(what)) or 0)


@pytest.mark.parametrize("how", ["typed", "stance"])
async def test_redelivered_update_records_one_comment(engine_any: Engine, any_db: Database, how: str) -> None:
    user = User(engine_any)
    if how == "typed":
        await to_compose(user)
    else:
        await to_section(user)
    version = next(iter(user.buttons.values())).split(":", 1)[0]
    if how == "typed":
        first = await user.send("một ý kiến", update_id="dup-1")
        again = await user.send("một ý kiến", update_id="dup-1")
    else:
        payload = user.buttons["Nhất trí"]
        first = await user.press_payload(payload, update_id="dup-1")
        again = await user.press_payload(payload, update_id="dup-1")
    assert SAVED in first[0].text
    assert [r.text for r in again] == [r.text for r in first]  # answered as it was, nothing applied
    assert count(any_db, Comment) == 1
    with any_db.unit() as s:
        key = s.scalars(select(Comment.idempotency_key)).one()
        pid = s.scalars(select(Participant.id)).one()
    assert key == f"test:p{pid}:v{version}:udup-1"  # the channel, the participant, the state's version, the update


async def test_another_users_update_with_the_same_id_is_not_a_duplicate(engine_any: Engine, any_db: Database) -> None:
    """Privacy: Telegram reuses update ids; B must never be shown A's comment, and B's comment is B's."""
    a, b = User(engine_any, "a"), User(engine_any, "b")
    await to_compose(a)
    await to_compose(b)
    await a.send("ý kiến của A", update_id="reused-42")
    replies = await b.send("ý kiến của B", update_id="reused-42")
    assert SAVED in replies[0].text and "ý kiến của B" in b.text and "ý kiến của A" not in b.text
    with any_db.unit() as s:
        people = {p.channel_user_id: p.id for p in s.scalars(select(Participant))}
        owners = {c.text: c.participant_id for c in s.scalars(select(Comment))}
    assert owners == {"ý kiến của A": people["a"], "ý kiến của B": people["b"]}


async def test_a_delivery_is_forgotten_after_two_days(engine_any: Engine, any_db: Database) -> None:
    user = User(engine_any)
    await to_compose(user)
    await user.send("👍", update_id="reused-7")  # refused (no words): still typing the comment
    await user.send("một ý kiến", update_id="reused-7")  # the same id now: a redelivery, not applied
    assert "bằng chữ" in user.text and count(any_db, Comment) == 0
    with any_db.unit() as s:
        s.execute(update(InboundUpdate).values(received_at=datetime.now(UTC) - timedelta(days=3)))
    await user.send("một ý kiến", update_id="reused-7")  # the same id, days later: a new message, applied
    assert SAVED in user.text and count(any_db, Comment) == 1


async def test_comment_is_committed_before_the_acknowledgement(engine_any: Engine, any_db: Database) -> None:
    user = User(engine_any)
    await to_compose(user)
    replies = await user.send("một ý kiến")
    assert SAVED in replies[0].text
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
    await to_compose(user)
    with any_db.unit() as s:
        before = s.scalars(select(ConversationState)).one()
        step_before, data_before = before.step, dict(before.data or {})
    insert = conversation.insert_comment

    def boom(*args: object, **kwargs: object) -> int:
        insert(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("crash after the insert")

    monkeypatch.setattr(conversation, "insert_comment", boom)
    with pytest.raises(RuntimeError):
        await user.send("một ý kiến", update_id="crash-1")
    monkeypatch.undo()
    assert count(any_db, Comment) == 0
    with any_db.unit() as s:
        after = s.scalars(select(ConversationState)).one()
        assert (after.step, after.data) == (step_before, data_before)  # still typing the comment, as before
    await user.send("một ý kiến", update_id="crash-1")  # the retry of the same update now applies
    assert SAVED in user.text and count(any_db, Comment) == 1
