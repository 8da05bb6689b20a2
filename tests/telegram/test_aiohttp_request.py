"""`AiohttpRequest`: PTB's Bot API calls over aiohttp, against the fake server and a few misbehaving ones."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from io import BytesIO

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import EndPointNotFound, NetworkError, TimedOut

from bot.channels.aiohttp_request import AiohttpRequest
from bot.channels.telegram import api_urls, make_request
from tests.fakes.telegram_api import FakeTelegram, buttons


def _bot(server: FakeTelegram, request: AiohttpRequest) -> Bot:
    base, files = api_urls(server.base_url)
    return Bot(server.token, base_url=base, base_file_url=files, request=request)


@pytest.fixture
async def bot(fake_tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with _bot(fake_tg, AiohttpRequest(connection_pool_size=4)) as b:
        yield b


async def test_calls_with_parameters_and_markup(bot: Bot, fake_tg: FakeTelegram) -> None:
    assert bot.username == "gopy_test_bot"  # getMe on initialize
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Xác nhận", callback_data="3:cf:")]])
    sent = await bot.send_message(501, "Đã ghi nhận ý kiến của bạn.", reply_markup=markup)
    assert sent.text == "Đã ghi nhận ý kiến của bạn." and sent.chat.id == 501
    call = fake_tg.sent(501)[-1]
    assert call.params["text"] == "Đã ghi nhận ý kiến của bạn."
    assert buttons(call) == {"Xác nhận": "3:cf:"}
    assert await bot.answer_callback_query("42") is True


async def test_concurrent_calls_share_the_pool(bot: Bot, fake_tg: FakeTelegram) -> None:
    await asyncio.gather(*(bot.send_message(600 + i, f"tin {i}") for i in range(20)))
    assert sorted(int(c.params["chat_id"]) for c in fake_tg.calls if c.method == "sendMessage") == list(range(600, 620))


async def test_send_document_is_multipart(bot: Bot, fake_tg: FakeTelegram) -> None:
    content = b"PK\x03\x04" + bytes(range(256)) * 100
    message = await bot.send_document(
        501, InputFile(BytesIO(content), filename="báo cáo tổng hợp.docx"), caption="Báo cáo"
    )
    assert message.document is not None and message.document.file_name == "báo cáo tổng hợp.docx"
    call = fake_tg.sent(501)[-1]
    assert call.method == "sendDocument"
    assert call.params["document"] == {"filename": "báo cáo tổng hợp.docx", "content": content}
    assert call.params["caption"] == "Báo cáo" and int(call.params["chat_id"]) == 501


async def test_api_errors_keep_ptb_exceptions(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):  # the fake answers 404: PTB maps the status as with httpx
        await bot.do_api_request("noSuchMethod", api_kwargs={"x": 1})


async def _server(handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/bot"


async def test_read_timeout_is_timed_out() -> None:
    async def slow(_request: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.json_response({"ok": True, "result": True})

    runner, url = await _server(slow)
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"{url}1:x/getMe")
    finally:
        await request.shutdown()
        await runner.cleanup()


async def test_refused_connection_is_network_error() -> None:
    async def empty(_request: web.Request) -> web.Response:
        return web.Response()

    runner, url = await _server(empty)
    await runner.cleanup()  # nothing listens there any more
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.post(f"{url}1:x/getMe")
        assert not isinstance(raised.value, TimedOut)
    finally:
        await request.shutdown()


async def test_lifecycle() -> None:
    request = AiohttpRequest()
    with pytest.raises(RuntimeError):
        await request.do_request("http://127.0.0.1:1/", "POST")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()  # twice is harmless
    await request.initialize()  # and it can start again
    await request.shutdown()
    with pytest.raises(ValueError):
        AiohttpRequest(connection_pool_size=0)
    with pytest.raises(ValueError):
        make_request("urllib")
    assert make_request("aiohttp", read_timeout=7.0).read_timeout == 7.0
