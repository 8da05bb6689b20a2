"""The Zalo adapter against the fake Zalo Bot API server on 127.0.0.1, in polling and in webhook mode."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.app import chat_report
from bot.channels.zalo import ZaloChannel
from bot.settings import LinkSettings, ZaloSettings
from core.messages import t
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import ChatReport, ReportBuilder
from storage.db import Database
from tests.factories import build_consultation
from tests.fakes.zalo_api import Call, FakeZalo, numbers

WEBHOOK_SECRET = "zalo-s3cret_for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def fake_zalo() -> AsyncIterator[FakeZalo]:
    server = await FakeZalo().start()
    yield server
    await server.stop()


def zalo_settings(server: FakeZalo, port: int, **overrides: object) -> ZaloSettings:
    values: dict[str, object] = {
        "ZALO_BOT_TOKEN": SecretStr(server.token),
        "base_url": server.base_url,
        "webhook_listen": "127.0.0.1",
        "webhook_port": port,
        "concurrent_updates": 16,
        "connection_pool": 8,
        "poll_timeout": 5,
    }
    values.update(overrides)
    return ZaloSettings.model_validate(values)


def link_settings(port: int, directory: Path, **overrides: object) -> LinkSettings:
    values: dict[str, object] = {"base_url": f"http://127.0.0.1:{port}", "dir": directory, "hours": 2}
    values.update(overrides)
    return LinkSettings.model_validate(values)


@dataclass
class Bot:
    server: FakeZalo
    engine: Engine
    channel: ZaloChannel
    db: Database
    port: int
    reports: list[ChatReport]  # what the report builder produced, to compare downloads with

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/zalo-hook"


def recording(reports: list[ChatReport]) -> ReportBuilder:
    def build(db: Database, code: str | None) -> ChatReport:
        report = chat_report(db, code)
        reports.append(report)
        return report

    return build


async def start_bot(server: FakeZalo, db: Database, tmp_path: Path, *, webhook: bool) -> Bot:
    with db.unit() as session:
        build_consultation(session)
    port = free_port()
    overrides: dict[str, object] = {}
    if webhook:
        overrides = {
            "webhook_url": f"http://127.0.0.1:{port}/zalo-hook",
            "webhook_secret": SecretStr(WEBHOOK_SECRET),
        }
    reports: list[ChatReport] = []
    engine = Engine(db, EngineConfig(strict_flow=True), report_builder=recording(reports))
    channel = ZaloChannel(engine, zalo_settings(server, port, **overrides), link_settings(port, tmp_path / "links"))
    await channel.start()
    await engine.start()
    return Bot(server, engine, channel, db, port, reports)


async def stop_bot(bot: Bot) -> None:
    await bot.engine.stop()
    await bot.channel.stop()
    bot.engine.close()


@pytest.fixture
async def zalo_bot(fake_zalo: FakeZalo, db: Database, tmp_path: Path) -> AsyncIterator[Bot]:
    """Long polling; download links on a server of its own."""
    bot = await start_bot(fake_zalo, db, tmp_path, webhook=False)
    yield bot
    await stop_bot(bot)


@pytest.fixture
async def zalo_hook_bot(fake_zalo: FakeZalo, db: Database, tmp_path: Path) -> AsyncIterator[Bot]:
    """Webhook mode: Zalo posts each update to gopy's own server, which also serves the links."""
    bot = await start_bot(fake_zalo, db, tmp_path, webhook=True)
    yield bot
    await stop_bot(bot)


class ZaloUser:
    """A Zalo user talking to the bot through the fake server: types text, picks a choice by its number."""

    def __init__(self, server: FakeZalo, uid: str) -> None:
        self.server, self.uid = server, uid
        self.seen = 0  # messages to this chat already looked at
        self.answer_from = 0  # where the latest answer's messages begin
        self.last: Call | None = None

    async def send(self, text: str, expect: str, timeout: float = 10.0) -> Call:
        self.answer_from = len(self.server.sent(self.uid))
        self.server.text(self.uid, text)
        return await self.expect(expect, timeout)

    async def choose(self, label: str, expect: str) -> Call:
        """Type the number shown beside `label` in the latest answer."""
        return await self.send(self.number(label), expect)

    def number(self, label: str) -> str:
        calls = self.server.sent(self.uid)
        latest = numbers([str(c.params.get("text", "")) for c in calls[self.answer_from :]])
        found = latest.get(label) or numbers([str(c.params.get("text", "")) for c in calls]).get(label)
        if found is None:
            raise AssertionError(f"no numbered choice {label!r}")
        return found

    async def expect(self, contains: str, timeout: float = 10.0) -> Call:
        call = await self.server.wait_text(self.uid, contains, after=self.seen, timeout=timeout)
        self.seen = self.server.sent(self.uid).index(call) + 1
        self.last = call
        return call

    async def onboard(self, *, start: str = "/start", role: str | None = "Người dân") -> None:
        """To the list of drafts. Fragments without the form of address ("ông/bà", "đồng chí": by role)."""
        await self.send(start, "có đồng ý không?")
        if role is not None:
            await self.choose("Đồng ý", "tư cách nào")
            await self.choose(role, "khu phố/thôn")
        else:  # a role given by an invite code
            await self.choose("Đồng ý", "khu phố/thôn")
        await self.finish_onboarding("Bỏ qua")

    async def finish_onboarding(self, label: str) -> None:
        """`label` chosen at the last onboarding step; the reminders question, when it is asked, answered no."""
        self.answer_from = len(self.server.sent(self.uid))
        self.server.text(self.uid, self.number(label))
        for _ in range(50):
            texts = [str(c.params.get("text", "")) for c in self.server.sent(self.uid)[self.answer_from :]]
            if any("Chọn một dự thảo" in text for text in texts):
                await self.expect("Chọn một dự thảo")
                return
            if any(t("chat.remind.ask") in text for text in texts):
                await self.expect(t("chat.remind.ask"))
                await self.choose(t("chat.btn.remind_no"), "Chọn một dự thảo")
                return
            await asyncio.sleep(0.1)
        raise AssertionError("onboarding did not end with the list of drafts")

    async def open_section(self, label: str = "I. MỤC LỚN 1", expect: str = "Mục 1/6") -> Call:
        """From the list of drafts (or any answer offering the draft) to a section's view."""
        await self.choose("Dự thảo Báo cáo chính trị", "Mục lục")
        return await self.choose(label, expect)

    def choices(self) -> list[str]:
        """The numbered choices of the latest answer, in order."""
        latest = numbers([str(c.params.get("text", "")) for c in self.server.sent(self.uid)[self.answer_from :]])
        return sorted(latest, key=lambda label: int(latest[label]))
