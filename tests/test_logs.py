"""No personal data and no token in the logs, at any level: a conversation through the real Telegram stack (PTB,
its HTTP client, the engine, SQLAlchemy) with the root logger at DEBUG and `configure_logging`'s filter."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from bot.app import configure_logging
from bot.logs import HIDDEN, PrivacyFilter, redact
from bot.settings import Settings
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import Bot, TgUser, tg_bot

__all__ = ["tg_bot"]  # the Telegram fixtures' bot, on this module's fake server (below)

TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"  # the shape of a real token: the pattern finds it
USER_ID = 5550001234
FIRST, LAST, USERNAME = "Xuân Quỳnh", "Lưu Bảo Mật", "baomat_xq_1987"
COMMENT = "Cần nêu rõ lộ trình cải tạo chợ Xóm Củi trước năm 2030"
MORE = "Nhà bà Tư Hẻm Sáu bị ngập mỗi mùa mưa"
EDITED = "Đề nghị làm cống thoát nước đường Cây Gạo Đôi"
FORMAT = "%(levelname)s %(name)s: %(message)s"


@pytest.fixture
async def fake_tg(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeTelegram]:
    """The fake Bot API server with a real-looking token, whose user has a name, a surname and a username."""

    def user(user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": FIRST, "last_name": LAST, "username": USERNAME,
                "language_code": "vi"}  # fmt: skip

    server = await FakeTelegram(token=TOKEN).start()
    monkeypatch.setattr(server, "_user", user)
    yield server
    await server.stop()


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, through the handler filters `configure_logging` installs."""
    monkeypatch.setenv("GOPY_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", "httpx", "httpcore")}
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    configure_logging(Settings())
    assert any(isinstance(f, PrivacyFilter) for f in handler.filters)
    yield stream
    root.removeHandler(handler)
    for other in root.handlers:
        for f in [f for f in other.filters if isinstance(f, PrivacyFilter)]:
            other.removeFilter(f)
    for name, level in levels.items():
        logging.getLogger(name or None).setLevel(level)


async def test_a_conversation_at_debug_logs_nothing_personal(captured: io.StringIO, tg_bot: Bot) -> None:
    user = TgUser(tg_bot.server, USER_ID)
    await user.onboard()
    await user.open_section()
    await user.press("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")
    saved = await user.send(COMMENT, "✓ Đã ghi nhận ý kiến")  # the reason, saved as typed
    assert COMMENT in saved.params["text"]  # the comment did go through the stack
    await user.send(MORE, "✓ Đã nối thêm")  # typed next: added to it
    await user.press("Sửa", "gõ lại toàn bộ ý kiến")  # and edited: the words quoted back, the new ones typed
    await user.send(EDITED, "✓ Đã sửa ý kiến")
    logged = captured.getvalue()
    # There is something to check: the libraries' DEBUG records are there, without their payloads.
    assert "telegram.ext.Application" in logged and "Processing update" in logged
    assert "Calling Bot API endpoint" in logged and HIDDEN in logged
    for secret in (FIRST, LAST, USERNAME, str(USER_ID), COMMENT, "Xóm Củi", MORE, "Hẻm Sáu", EDITED, "Cây Gạo",
                   TOKEN, TOKEN.split(":")[1]):  # fmt: skip
        assert secret not in logged, secret


def _emit(record_name: str, level: int, msg: object, *args: object, exc: BaseException | None = None) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(PrivacyFilter(["s3cret-webhook"]))
    logger = logging.getLogger(record_name)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        logger.log(level, msg, *args, exc_info=exc)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    return stream.getvalue()


UPDATE = {"update_id": 91, "message": {"message_id": 5, "date": 1753000000, "text": COMMENT,
          "from": {"id": USER_ID, "first_name": FIRST, "last_name": LAST, "username": USERNAME},
          "chat": {"id": USER_ID, "type": "private", "first_name": FIRST}}}  # fmt: skip


def _clean(out: str) -> None:
    for secret in (FIRST, LAST, USERNAME, str(USER_ID), COMMENT, TOKEN, "s3cret-webhook"):
        assert secret not in out, (secret, out)


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL])
def test_a_library_record_keeps_its_template_not_its_payload(level: int) -> None:
    out = _emit("telegram.ext.Updater", level, "Received data was: %r (%d bytes)", UPDATE, 412)
    assert out.startswith(f"{logging.getLevelName(level)} telegram.ext.Updater: Received data was: {HIDDEN}")
    assert "(412 bytes)" in out  # a small count is harmless
    _clean(out)


def test_every_level_and_every_shape_of_payload() -> None:
    body = json.dumps(UPDATE, ensure_ascii=False)
    cases = [
        ("tornado.general", logging.CRITICAL, f"Malformed body: {body}", ()),  # an f-string: no arguments
        ("aiohttp.server", logging.ERROR, f"Error handling request {UPDATE!r}", ()),
        ("telegram.Bot", logging.DEBUG, "Set Bot API URL: %s", (f"https://api.telegram.org/bot{TOKEN}",)),
        ("httpx", logging.INFO, f'HTTP Request: POST https://api.telegram.org/bot{TOKEN}/getUpdates "200 OK"', ()),
        ("apscheduler.executors", logging.INFO, "Running job %s for %s", ("remind", FIRST)),
        ("sqlalchemy.engine.Engine", logging.INFO, "[cached] %r", ((COMMENT, USER_ID),)),
        ("telegram.ext.Application", logging.DEBUG, {"update": UPDATE}, ()),  # not even a string
        ("telegram.ext.Updater", logging.DEBUG, "Request had the wrong secret token: %s", ("s3cret-webhook",)),
        ("bot.channels.telegram", logging.WARNING, "token %s in %s", (TOKEN, "a URL")),  # ours: only what leaks
    ]
    for name, level, msg, args in cases:
        out = _emit(name, level, msg, *args)
        assert out.startswith(f"{logging.getLevelName(level)} {name}: "), out
        _clean(out)
    assert "a URL" in _emit("bot.channels.telegram", logging.WARNING, "token %s in %s", TOKEN, "a URL")


def test_exceptions_are_redacted_too() -> None:
    error = ValueError(
        f"(sqlite3.IntegrityError) UNIQUE failed\n[SQL: INSERT INTO comments (text, channel_user_id) VALUES (?, ?)]\n"
        f"[parameters: ('{COMMENT}', '{USER_ID}')]\nwhile calling https://api.telegram.org/bot{TOKEN}/sendMessage"
    )
    try:
        raise error
    except ValueError as exc:
        ours = _emit("bot.channels.telegram", logging.ERROR, "update failed: %r", exc, exc=exc)
        theirs = _emit("telegram.ext.Application", logging.ERROR, "No error handlers: %s", exc, exc=exc)
    for out in (ours, theirs):
        assert "Traceback (most recent call last)" in out and "UNIQUE failed" in out
        _clean(out)


def test_a_record_that_cannot_be_formatted_is_not_an_error() -> None:
    assert "Received Update with ID" in _emit("telegram.ext.Updater", logging.DEBUG, "Received Update with ID %d", "x")
    out = _emit("handlers.engine", logging.INFO, "%d comments", "not a number")
    assert out.startswith("INFO handlers.engine: <handlers.engine: a record that could not be checked was hidden>")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"GET /bot{TOKEN}/getMe", f"GET /bot{HIDDEN}/getMe"),
        ('{"first_name": "An \\"Bé\\"", "id": 5550001234}', f'{{"first_name": {HIDDEN}, "id": {HIDDEN}}}'),
        ("User(first_name='Quỳnh', id=5, username='xq')", f"User(first_name={HIDDEN}, id={HIDDEN}, username={HIDDEN})"),
        ("{'text': 'bí mật', 'chat_id': -1001234567890}", f"{{'text': {HIDDEN}, 'chat_id': {HIDDEN}}}"),
        ("phone_number=0912345678 caption='x'", f"phone_number={HIDDEN} caption={HIDDEN}"),
        ("context: kept, textual: kept, 12 items", "context: kept, textual: kept, 12 items"),
    ],
)
def test_redact(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_known_safe_arguments_are_shown_when_they_are_plain_words() -> None:
    template = "Calling Bot API endpoint `%s` with parameters `%s`"
    out = _emit("telegram.ext.ExtBot", logging.DEBUG, template, "sendMessage", {"chat_id": USER_ID, "text": COMMENT})
    assert f"Calling Bot API endpoint `sendMessage` with parameters `{HIDDEN}`" in out
    assert f"endpoint `{HIDDEN}`" in _emit("telegram.ext.ExtBot", logging.DEBUG, template, f"{FIRST} x", {})
    _clean(out)
