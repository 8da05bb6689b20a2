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
        data, message_id = self.pressable(label)
        self.server.callback(self.user_id, data, message_id)
        return await self.expect(expect)

    def button(self, label: str) -> str:
        return self.pressable(label)[0]

    def pressable(self, label: str) -> tuple[str, int]:
        """(callback data, message id) of the button `label` on the newest message showing buttons now."""
        for message in reversed(self.server.shown(self.user_id)):
            found = buttons(message)
            if found:
                if label not in found:
                    raise AssertionError(f"no button {label!r} in {list(found)}")
                return found[label], int(message["message_id"])
        raise AssertionError(f"no button {label!r}")

    async def expect(self, contains: str, timeout: float | None = None) -> Call:
        wait = self.patience if timeout is None else timeout
        call = await self.server.wait_text(self.user_id, contains, after=self.seen, timeout=wait)
        self.seen = self.server.sent(self.user_id).index(call) + 1
        self.last = call
        return call

    async def onboard(self, role: str = "Người dân") -> None:
        """/start to the list of drafts: consent, `role` ("Người dân", "Đảng viên"), no area, no reminders. Fragments
        without the form of address ("ông/bà", "đồng chí"), which depends on the role."""
        await self.send("/start", "có đồng ý không?")
        await self.press("Đồng ý", "tư cách nào")
        await self.press(role, "khu phố/thôn")
        await self.press("Bỏ qua", "nhắc trước khi hết hạn")
        await self.press("Không cần", "Chọn một dự thảo")

    async def open_section(self, label: str = "I. MỤC LỚN 1", expect: str = "Mục 1/6") -> Call:
        """From the list of drafts (or any view offering the draft) to a section's view."""
        await self.press("Dự thảo Báo cáo chính trị", "Mục lục")
        return await self.press(label, expect)

    def mark(self) -> int:
        """Where the server's call log stands now: what the bot does from here on is counted from it."""
        return len(self.server.calls)

    def shown_texts(self, since: int = 0) -> list[str]:
        """Every text put in front of this user (sent, or edited into a message), oldest first."""
        return [
            str(c.params.get("text", ""))
            for c in self.server.calls[since:]
            if c.method in ("sendMessage", "editMessageText") and str(c.params.get("chat_id")) == str(self.user_id)
        ]

    def toasts(self) -> list[str]:
        """The texts of the callback answers (toasts) so far, oldest first (a silent answer: ""): every chat's, as
        answerCallbackQuery names no chat; a test reading them has one user pressing at a time."""
        return [str(a.get("text") or "") for a in self.server.answers]

    def live(self) -> int:
        """The message the newest keyboard was put on (sent or edited): the one that should be the only live one."""
        for call in reversed(self.server.sent(self.user_id)):
            if buttons(call) and call.message_id is not None:
                return call.message_id
        raise AssertionError("no message with buttons")


def methods(server: FakeTelegram, chat_id: int, since: int = 0, until: int | None = None) -> list[str]:
    """The methods of the calls the bot made to `chat_id` in the call log's slice [since, until)."""
    return [c.method for c in server.calls[since:until] if str(c.params.get("chat_id")) == str(chat_id)]
