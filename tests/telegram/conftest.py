"""The Telegram adapter against the fake Bot API server, over PTB's real HTTP stack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from bot.app import chat_report
from bot.channels.telegram import TelegramChannel
from bot.settings import TelegramSettings
from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from tests.factories import build_consultation
from tests.fakes.telegram_api import Call, FakeTelegram, buttons


@pytest.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.stop()


def tg_settings(server: FakeTelegram, **overrides: object) -> TelegramSettings:
    values: dict[str, object] = {
        "token": SecretStr(server.token),
        "base_url": server.base_url,
        "concurrent_updates": 16,
        "connection_pool": 8,
    }
    values.update(overrides)
    return TelegramSettings.model_validate(values)


@dataclass
class Bot:
    server: FakeTelegram
    engine: Engine
    channel: TelegramChannel
    db: Database


@pytest.fixture
async def tg_bot(fake_tg: FakeTelegram, db: Database) -> AsyncIterator[Bot]:
    with db.unit() as session:
        build_consultation(session)
    engine = Engine(db, EngineConfig(strict_flow=True), report_builder=chat_report)
    channel = TelegramChannel(engine, tg_settings(fake_tg), overall_max_rate=0)
    await channel.start()
    await engine.start()
    yield Bot(fake_tg, engine, channel, db)
    await engine.stop()
    await channel.stop()
    engine.close()


class TgUser:
    """A Telegram user talking to the bot through the fake server."""

    def __init__(self, server: FakeTelegram, user_id: int, *, patience: float = 10.0) -> None:
        """`patience`: seconds to wait for each expected answer (a failing platform's retries take longer)."""
        self.server, self.user_id = server, user_id
        self.patience = patience
        self.seen = 0
        self.last: Call | None = None

    async def send(self, text: str, expect: str) -> Call:
        self.server.message(self.user_id, text)
        return await self.expect(expect)

    async def press(self, label: str, expect: str) -> Call:
        self.server.callback(self.user_id, self.button(label))
        return await self.expect(expect)

    def button(self, label: str) -> str:
        for call in reversed(self.server.sent(self.user_id)):
            found = buttons(call)
            if found:
                return found[label]
        raise AssertionError(f"no button {label!r}")

    async def expect(self, contains: str, timeout: float | None = None) -> Call:
        wait = self.patience if timeout is None else timeout
        call = await self.server.wait_text(self.user_id, contains, after=self.seen, timeout=wait)
        self.seen = self.server.sent(self.user_id).index(call) + 1
        self.last = call
        return call

    async def onboard(self) -> None:
        await self.send("/start", "Bạn có đồng ý không?")
        await self.press("Đồng ý", "tư cách nào")
        await self.press("Người dân", "khu phố/thôn")
        await self.press("Bỏ qua", "nhắc trước khi hết hạn")
        await self.press("Không cần", "Chọn một dự thảo")
