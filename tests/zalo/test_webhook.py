"""Webhook mode: Zalo posts to gopy's own server, which checks the secret before reading a body (401 without one,
403 with a wrong one, nothing stored), takes bare and wrapped bodies, and shares its port with Telegram's."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import chat_report
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel
from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from storage.models import Comment, InboundUpdate, Participant
from tests.factories import build_consultation
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import SECRET_HEADER, FakeZalo, user_id
from tests.telegram.conftest import TgUser, tg_settings
from tests.zalo.conftest import WEBHOOK_SECRET, Bot, ZaloUser, free_port, link_settings, zalo_settings


def stored(db: Database) -> tuple[int, int, int]:
    with db.unit() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Participant)) or 0),
            int(s.scalar(select(func.count()).select_from(InboundUpdate)) or 0),
            int(s.scalar(select(func.count()).select_from(Comment)) or 0),
        )


async def test_webhook_is_set_with_its_secret_and_refuses_without_it(zalo_hook_bot: Bot) -> None:
    server, url = zalo_hook_bot.server, zalo_hook_bot.webhook_url
    assert server.webhook == {"url": url, "secret_token": WEBHOOK_SECRET}
    update = server.make_text(user_id(701), "/start")
    async with httpx.AsyncClient() as client:
        missing = await client.post(url, json=update)
        wrong = await client.post(url, json=update, headers={SECRET_HEADER: "not-the-secret"})
        big_wrong = await client.post(url, content=b"{" + b" " * (3 << 20) + b"}", headers={SECRET_HEADER: "x"})
        assert (missing.status_code, wrong.status_code, big_wrong.status_code) == (401, 403, 403)
        await asyncio.sleep(0.3)
        assert server.texts(user_id(701)) == [] and stored(zalo_hook_bot.db) == (0, 0, 0)
        ok = await client.post(url, json=update, headers={SECRET_HEADER: WEBHOOK_SECRET})
        assert ok.status_code == 200
        malformed = await client.post(url, content=b"{oops", headers={SECRET_HEADER: WEBHOOK_SECRET})
        assert malformed.status_code == 400
    await ZaloUser(server, user_id(701)).expect("có đồng ý không?")


async def test_walkthrough_by_webhook_bare_and_wrapped_bodies(zalo_hook_bot: Bot) -> None:
    server = zalo_hook_bot.server
    user = ZaloUser(server, user_id(702))
    await user.onboard()
    server.wrap_webhook = True  # {"ok": true, "result": update}: taken the same
    await user.open_section()
    await user.choose("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")
    await user.send("Chỉ tiêu cần sát thực tế hơn.", "✓ Đã ghi nhận ý kiến")
    assert set(server.webhook_answers) == {200}
    with zalo_hook_bot.db.unit() as s:
        c = s.scalars(select(Comment)).one()
        assert (c.kind.value, c.text, c.channel) == ("disagree", "Chỉ tiêu cần sát thực tế hơn.", "zalo")


async def test_the_same_message_delivered_twice_by_webhook_stores_one_comment(zalo_hook_bot: Bot) -> None:
    server = zalo_hook_bot.server
    uid = user_id(703)
    user = ZaloUser(server, uid)
    await user.onboard()
    await user.open_section()
    update = server.make_text(uid, "Ý kiến gửi lại do mạng chập chờn.")  # saved as typed
    server.push(update)
    await user.expect("✓ Đã ghi nhận ý kiến")
    answers = len(server.webhook_answers)
    server.redeliver(update)  # Zalo posts it again (say, our answer was lost)
    await server.wait_for(lambda: len(server.webhook_answers) > answers)
    await user.send("/tieptuc", "Mục 1/6")  # answered after the redelivery was handled (one chat, in order)
    assert server.webhook_answers[-2:] == [200, 200]
    assert sum("✓ Đã ghi nhận ý kiến" in text for text in server.texts(uid)) == 1
    assert not any("✓ Đã nối thêm" in text for text in server.texts(uid))  # not added to itself
    assert stored(zalo_hook_bot.db)[2] == 1


async def test_telegram_and_zalo_webhooks_share_one_server(fake_zalo: FakeZalo, db: Database, tmp_path: Path) -> None:
    """One port, two routes (and the download links): the second channel joins the server the first started, and
    the socket stays open until both have stopped."""
    with db.unit() as session:
        build_consultation(session)
    fake_tg = await FakeTelegram().start()
    port = free_port()
    engine = Engine(db, EngineConfig(strict_flow=True), report_builder=chat_report)
    telegram = TelegramChannel(
        engine,
        tg_settings(
            fake_tg,
            webhook_url=f"http://127.0.0.1:{port}/tg-hook",
            webhook_listen="127.0.0.1",
            webhook_port=port,
            webhook_secret=SecretStr("tg-secret-123"),
        ),
        overall_max_rate=0,
    )
    zalo = ZaloChannel(
        engine,
        zalo_settings(
            fake_zalo, port, webhook_url=f"http://127.0.0.1:{port}/zalo-hook", webhook_secret=SecretStr(WEBHOOK_SECRET)
        ),
        link_settings(port, tmp_path / "links"),
    )
    try:
        await telegram.start()
        await zalo.start()
        await engine.start()
        async with httpx.AsyncClient() as client:
            answer = await client.post(  # as Telegram would: its fake server does not post by itself
                f"http://127.0.0.1:{port}/tg-hook",
                content=json.dumps(fake_tg.make_message(801, "/start")),
                headers={"X-Telegram-Bot-Api-Secret-Token": "tg-secret-123", "Content-Type": "application/json"},
            )
            assert answer.status_code == 200
            assert (await client.get(f"http://127.0.0.1:{port}/tg-hook")).status_code == 405
            assert (await client.get(f"http://127.0.0.1:{port}/nothing-here")).status_code == 404
        await TgUser(fake_tg, 801).expect("có đồng ý không?")
        fake_zalo.text(user_id(802), "/start")
        await ZaloUser(fake_zalo, user_id(802)).expect("có đồng ý không?")
        await zalo.stop()  # Telegram's route still answers
        async with httpx.AsyncClient() as client:
            still = await client.post(
                f"http://127.0.0.1:{port}/tg-hook",
                json=fake_tg.make_message(803, "/start"),
                headers={"X-Telegram-Bot-Api-Secret-Token": "tg-secret-123"},
            )
            gone = await client.post(f"http://127.0.0.1:{port}/zalo-hook", json={}, headers={SECRET_HEADER: "x"})
        assert (still.status_code, gone.status_code) == (200, 404)
    finally:
        await engine.stop()
        await zalo.stop()
        await telegram.stop()
        engine.close()
        await fake_tg.stop()
    with httpx.Client() as client:  # both stopped: the port is closed
        try:
            client.get(f"http://127.0.0.1:{port}/tg-hook", timeout=2)
            closed = False
        except httpx.ConnectError:
            closed = True
    assert closed
