"""The wire format in one place (bot/channels/zalo_protocol.py): answers bare or wrapped, one update or several,
errors in the HTTP status or in the body, the limits."""

from __future__ import annotations

import json

import pytest

from bot.channels import zalo_protocol as wire
from bot.channels.zalo import to_incoming
from handlers.types import Kind

UPDATE = {
    "event_name": "message.text.received",
    "message": {
        "chat": {"id": "e4ea2cd5189df1c3a88c", "chat_type": "PRIVATE"},
        "text": "Xin chào",
        "message_id": "16f6366b3f02645a3d15",
        "date": 1766619597466,
        "from": {"id": "e4ea2cd5189df1c3a88c", "display_name": "Nguyen Van A", "is_bot": False},
    },
}


def answer(status: int, body: object, headers: dict[str, str] | None = None) -> tuple[object, wire.Failure | None]:
    return wire.failure(status, json.dumps(body).encode(), headers or {})


def test_urls() -> None:
    assert wire.method_url(None, "1:abc", "getMe") == "https://bot-api.zaloplatforms.com/bot1:abc/getMe"
    assert (
        wire.method_url("http://127.0.0.1:9/bot/", "1:abc", "sendMessage") == "http://127.0.0.1:9/bot1:abc/sendMessage"
    )


def test_updates_bare_wrapped_single_or_listed() -> None:
    for body in (UPDATE, {"ok": True, "result": UPDATE}, [UPDATE], {"ok": True, "result": [UPDATE, UPDATE]}):
        messages = wire.parse_updates(body)
        assert messages and all(m.text == "Xin chào" and m.user_id == "e4ea2cd5189df1c3a88c" for m in messages)
    [m] = wire.parse_updates(UPDATE)
    assert (m.display_name, m.group, m.from_bot, m.delivery_id) == (
        "Nguyen Van A",
        False,
        False,
        "z16f6366b3f02645a3d15",
    )
    assert wire.parse_updates(None) == wire.parse_updates({}) == wire.parse_updates({"ok": True, "result": None}) == []
    assert wire.parse_updates({"event_name": "x", "message": {"text": "no sender"}}) == []


def test_incoming_for_each_event() -> None:
    [text] = wire.parse_updates(UPDATE)
    incoming = to_incoming(text)
    assert incoming is not None
    assert (incoming.kind, incoming.numbered, incoming.chat_id, incoming.update_id) == (
        Kind.TEXT,
        True,
        "e4ea2cd5189df1c3a88c",
        "z16f6366b3f02645a3d15",
    )
    command = to_incoming(wire.ZaloMessage(wire.EVENT_TEXT, "m1", "u1", "u1", text="/baocao DH-1"))
    assert command is not None and (command.kind, command.command, command.text) == (Kind.COMMAND, "baocao", "DH-1")
    for event, kind in (
        (wire.EVENT_IMAGE, Kind.FILE),
        (wire.EVENT_STICKER, Kind.UNSUPPORTED),
        (wire.EVENT_UNSUPPORTED, Kind.UNSUPPORTED),
        ("message.voice.received", Kind.UNSUPPORTED),
    ):
        other = to_incoming(wire.ZaloMessage(event, "m2", "u1", "u1"))
        assert other is not None and other.kind == kind
    assert to_incoming(wire.ZaloMessage(wire.EVENT_TEXT, "m3", "b", "u1", text="x", from_bot=True)) is None


def test_delivery_ids_are_never_digits_and_never_too_long() -> None:
    assert wire.delivery_id("1234567890") == "z1234567890"  # never read as an ordering sequence
    long = wire.delivery_id("a" * 60)
    assert len(long) == wire.DELIVERY_ID_MAX and long.startswith("h") and long != wire.delivery_id("a" * 61)


def test_answers_and_failures() -> None:
    assert answer(200, {"ok": True, "result": {"id": "1"}}) == ({"id": "1"}, None)
    assert answer(200, {"id": "1", "account_name": "bot"}) == ({"id": "1", "account_name": "bot"}, None)  # bare
    _, timeout = answer(200, {"ok": False, "error_code": 408, "description": "Request timeout"})
    assert timeout is not None and timeout.poll_empty and timeout.transient
    _, flood = answer(429, {"ok": False, "error_code": 429, "parameters": {"retry_after": 5}})
    assert flood is not None and (flood.code, flood.transient, flood.retry_after) == (429, True, 5)
    _, header = answer(429, {}, {"Retry-After": "12"})
    assert header is not None and header.retry_after == 12
    _, blocked = answer(403, {"ok": False, "error_code": 403, "description": "Forbidden"})
    assert blocked is not None and (blocked.blocked, blocked.transient) == (True, False)
    _, gone = answer(200, {"ok": False, "error_code": 400, "description": "User not found"})
    assert gone is not None and (gone.blocked, gone.transient) == (True, False)
    _, bad = answer(400, {"ok": False, "error_code": 400, "description": "text is too long"})
    assert bad is not None and (bad.blocked, bad.transient) == (False, False)
    _, token = answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert token is not None and (token.blocked, token.transient) == (False, True)
    _, odd = answer(500, {"ok": False, "error_code": -201, "description": "?"})  # not an HTTP code: the status
    assert odd is not None and (odd.code, odd.transient) == (500, True)
    result, page = wire.failure(200, b"<html>proxy</html>", {})
    assert result is None and page is not None and page.transient


@pytest.mark.parametrize(
    "text",
    ["a" * 4500, "Đoạn một.\n\n" + "b" * 1995 + "\n\nĐoạn ba.", "😀" * 1500, ("x" * 1990 + " ") * 3],
)
def test_messages_fit_the_limit(text: str) -> None:
    chunks = wire.split_message(text)
    assert chunks and all(1 <= wire.utf16_length(c) <= wire.MESSAGE_LIMIT for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_webhook_secret_length_is_checked() -> None:
    assert wire.set_webhook_payload("https://x.vn/z", "12345678") == {
        "url": "https://x.vn/z",
        "secret_token": "12345678",
    }
    with pytest.raises(ValueError):
        wire.set_webhook_payload("https://x.vn/z", "short")
