"""Webhook mode: gopy's own server on loopback checks the secret before reading a body, caps it, refuses bad JSON."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from bot.app import chat_report
from bot.channels.telegram import TelegramChannel
from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from tests.factories import build_consultation
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import TgUser, tg_settings

SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def webhook_bot(fake_tg: FakeTelegram, db: Database) -> AsyncIterator[str]:
    with db.unit() as session:
        build_consultation(session)
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg-hook"
    settings = tg_settings(
        fake_tg, webhook_url=url, webhook_listen="127.0.0.1", webhook_port=port, webhook_secret=SecretStr(SECRET)
    )
    engine = Engine(db, EngineConfig(strict_flow=True), report_builder=chat_report)
    channel = TelegramChannel(engine, settings, overall_max_rate=0)
    await channel.start()
    await engine.start()
    yield url
    await engine.stop()
    await channel.stop()
    engine.close()


async def test_webhook_checks_the_secret_and_answers(webhook_bot: str, fake_tg: FakeTelegram) -> None:
    assert fake_tg.webhook["url"] == webhook_bot
    assert fake_tg.webhook["secret_token"] == SECRET
    update = fake_tg.make_message(701, "/start")
    async with httpx.AsyncClient() as client:
        missing = await client.post(webhook_bot, json=update)
        wrong = await client.post(webhook_bot, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
        assert (missing.status_code, wrong.status_code) == (403, 403)
        assert fake_tg.texts(701) == []
        ok = await client.post(webhook_bot, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert ok.status_code == 200
    await TgUser(fake_tg, 701).expect("có đồng ý không?")


async def test_webhook_refuses_before_reading_and_answers_400_to_bad_json(
    webhook_bot: str, fake_tg: FakeTelegram
) -> None:
    ok = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    big = b"{" + b" " * (3 << 20) + b"}"
    async with httpx.AsyncClient() as client:
        wrong = await client.post(webhook_bot, content=big, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
        too_big = await client.post(webhook_bot, content=big, headers=ok)
        malformed = await client.post(webhook_bot, content=b"{not json", headers=ok)
        not_utf8 = await client.post(webhook_bot, content=b'{"a": "\xff"}', headers=ok)
        a_list = await client.post(webhook_bot, content=b"[1, 2]", headers=ok)
    assert (wrong.status_code, too_big.status_code) == (403, 413)
    assert (malformed.status_code, not_utf8.status_code, a_list.status_code) == (400, 400, 400)
    assert fake_tg.texts(701) == []
