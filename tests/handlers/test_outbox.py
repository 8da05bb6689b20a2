"""The outbox: replies are committed with their update; what the platform does not take is retried in order, and
what a stopped process committed and never sent goes out when the next one starts."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.address import Address
from handlers import delivery
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import SendError
from handlers.types import Reply
from storage.db import Database
from storage.models import Comment, Outbox
from tests.factories import Built
from tests.handlers.helpers import User

CONFIG = EngineConfig(rate_limit_per_minute=1000, strict_flow=True)


class Platform:
    """A channel's sending side: records what it delivered; `down` refuses everything as a 5xx would."""

    def __init__(self) -> None:
        self.down = False
        self.gone = False
        self.delivered: list[tuple[str, str]] = []

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if self.gone:
            raise SendError("Forbidden", transient=False)
        if self.down:
            raise SendError("NetworkError", transient=True)
        self.delivered += [(address.chat_id, r.text) for r in replies]


def pending(db: Database) -> int:
    with db.unit() as s:
        return int(s.scalar(select(func.count()).select_from(Outbox)) or 0)


async def _to_typing(user: User) -> None:
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("I. MỤC LỚN 1")
    await user.press("Ý kiến khác")


async def test_committed_and_unsent_replies_go_out_when_the_next_process_starts(db: Database, built: Built) -> None:
    platform = Platform()
    first = Engine(db, CONFIG)
    first.register("test", platform)
    user = User(first)
    await _to_typing(user)
    platform.down = True  # the platform fails, then the process stops
    await user.send("Đã lưu rồi mới báo.")  # saved as typed: "Đã ghi nhận" committed with it, not yet sent
    first.close()
    assert pending(db) == 1 and not any("Đã ghi nhận" in t for _, t in platform.delivered)
    with db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 1

    platform.down = False
    second = Engine(db, CONFIG)
    second.register("test", platform)
    await second.start()
    try:
        for _ in range(50):
            if pending(db) == 0:
                break
            await asyncio.sleep(0.1)
    finally:
        await second.stop()
        second.close()
    assert pending(db) == 0
    assert [t for _, t in platform.delivered if "Đã ghi nhận" in t] == [platform.delivered[-1][1]]


async def test_a_chat_keeps_its_order_while_a_send_waits_for_a_retry(db: Database, built: Built) -> None:
    platform = Platform()
    engine = Engine(db, CONFIG)
    engine.register("test", platform)
    user = User(engine)
    await user.onboard()
    platform.down = True
    await user.press("Dự thảo Báo cáo chính trị")  # not delivered: waits
    platform.down = False
    await user.press("I. MỤC LỚN 1")  # delivered now, it would overtake the outline: it queues behind it
    assert not any("Mục 1/" in t for _, t in platform.delivered)
    await engine.start()
    try:
        for _ in range(60):
            if pending(db) == 0:
                break
            await asyncio.sleep(0.1)
    finally:
        await engine.stop()
        engine.close()
    texts = [t for _, t in platform.delivered]
    outline = next(i for i, t in enumerate(texts) if "Mục lục" in t)
    section = next(i for i, t in enumerate(texts) if "Mục 1/" in t)
    assert outline < section and pending(db) == 0


async def test_a_chat_that_is_gone_is_not_tried_forever(db: Database, built: Built) -> None:
    platform = Platform()
    engine = Engine(db, CONFIG)
    engine.register("test", platform)
    platform.gone = True  # the user blocked the bot
    await User(engine).send("/start")
    engine.close()
    assert pending(db) == 0 and platform.delivered == []


class Slow(Platform):
    """Sends taking `delay` seconds (a flood wait, a long rate-limiter queue)."""

    def __init__(self) -> None:
        super().__init__()
        self.delay = 0.0

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        await super().send(address, replies)


async def test_a_send_slower_than_its_hold_is_not_sent_twice(
    db: Database, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "HOLD", timedelta(seconds=0.5))
    monkeypatch.setattr(delivery, "SWEEP_EVERY", 0.1)
    platform = Slow()
    engine = Engine(db, CONFIG)
    engine.register("test", platform)
    user = User(engine)
    await user.onboard()
    await engine.start()
    try:
        platform.delivered.clear()
        platform.delay = 1.0  # longer than the hold: the sweeper sees the row due while it is being sent
        await user.send("/giupdo")
        platform.delay = 0.0
        await asyncio.sleep(1.0)
    finally:
        await engine.stop()
        engine.close()
    assert len(platform.delivered) == 1, platform.delivered


async def test_starting_while_the_first_updates_are_sent_sends_them_once(db: Database, built: Built) -> None:
    platform = Slow()
    engine = Engine(db, CONFIG)
    engine.register("test", platform)
    user = User(engine)
    await user.onboard()
    platform.delivered.clear()
    platform.delay = 0.5
    task = asyncio.create_task(user.send("/giupdo"))  # an update handled as the channel starts
    await asyncio.sleep(0.05)
    await engine.start()  # serve() starts the engine after the channels: what it held is released, but this one
    await task
    platform.delay = 0.0
    await asyncio.sleep(0.5)
    await engine.stop()
    engine.close()
    assert len(platform.delivered) == 1, platform.delivered
