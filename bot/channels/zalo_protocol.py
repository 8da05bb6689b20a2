"""The Zalo Bot API on the wire: URLs, payloads, how updates and answers are read, the limits. Nothing else in
gopy knows these details; every one the public material did not settle is an assumption listed here (the README's
"Zalo" section repeats the list).

Sources (read 2026; none is a formal specification):
  [D] the official documentation, bot.zaloplatforms.com/docs (formerly bot.zapps.me/docs), as mirrored in public
      repositories (e.g. XuanNguyenNB/QuanLyThuChi_Bot_Telegram_Zalom docs/ZALO_BOT_API.md, "cập nhật 10/12/2025");
  [S] the official Python SDK python-zalo-bot (package `zalo_bot`, derived from python-telegram-bot);
  [O] the OpenClaw Zalo extension (openclaw/openclaw extensions/zalo: api.ts, monitor.ts, monitor.webhook.ts,
      docs/channels/zalo.md), written against the live API;
  [G] the Go SDK vkhangstack/go-zalo-bot (types/message.go: "the real incoming webhook wire format").

Facts the sources agree on:
  - Every method is `POST {base}/bot{TOKEN}/{method}` with a JSON body; base https://bot-api.zaloplatforms.com [D,O].
    Token format `{bot_id}:{secret}` [D].
  - Answers are `{"ok": true, "result": ...}`; errors `{"ok": false, "error_code": n, "description": "..."}` [D,O].
  - getUpdates takes `timeout` (seconds, sent as a string, default 30) and returns ONE update per call, not a list
    [D sample, O "Zalo returns a single update per call", S `get_update` returns one Update]. There is no offset.
  - A long poll that ends without an update is an error answer with `error_code` 408 [O `isPollingTimeout`].
  - getUpdates does not work while a webhook is set; deleteWebhook switches back [D].
  - setWebhook takes `url` (HTTPS) and `secret_token` (8 to 256 characters); Zalo sends the secret back in the
    `X-Bot-Api-Secret-Token` header of every webhook request [D,O].
  - An update is `{"event_name": ..., "message": {...}}` with event names `message.text.received`,
    `message.image.received`, `message.sticker.received`, `message.unsupported.received` [O,S]; a webhook body
    may come bare or wrapped in `{"ok": true, "result": update}` [O accepts both; a public bot reads `["result"]`].
  - A message has `message_id`, `chat.id`, `from.id` as strings (hex-like), `chat.chat_type` PRIVATE or GROUP,
    `date` in milliseconds, `text`; the sender's name is `from.display_name` [S, O] (`first_name` in a [D] sample).
  - sendMessage takes `chat_id` and `text` of 1 to 2000 characters [D]; sendPhoto `chat_id`, `photo` (a URL Zalo
    fetches itself) and `caption` (up to 2000) [D,O]; sendChatAction `chat_id` and `action` ("typing"; "upload_photo"
    is announced as coming) [D]. There are no buttons, keyboards or command menus [D; O "Native commands: not
    supported"], and Marketplace bots cannot be added to groups [O].

Assumptions (what no source settles), each one decided here and nowhere else:
  A1. Any answer may come bare (the result itself) or wrapped in `{"ok", "result"}`; a JSON object with a boolean
      `ok` is taken as the wrapper, anything else as the bare result (`unwrap`).
  A2. An error may come as an HTTP status (4xx/5xx) or as HTTP 200 with `ok: false`; its code is `error_code` when
      given, else the HTTP status (`failure`).
  A3. getUpdates may also return a list, or nothing (`null`, `{}`): every update in it is taken (`parse_updates`).
      An update returned is gone from Zalo's queue: a process killed after the answer and before the engine's
      commit loses that one message (the person types it again); nothing is applied twice either way.
  A4. Rate limiting (undocumented): HTTP or `error_code` 429, with `parameters.retry_after` (Telegram's form) or a
      `Retry-After` header in seconds when given.
  A5. A blocked or unknown chat (undocumented): `error_code` 403, or 400/404 whose description names a user/chat
      that is gone, blocked or not found ("block", "chặn", "not found", "invalid chat|user"), is final and
      `blocked`; any other 403 or 400 is final (the message is dropped) but not `blocked`; 401 and a 404 that
      does not name a chat are the bot's token (retried, as for Telegram); 408, 429 and 5xx are retried.
  A6. The 2000-character limit counts UTF-16 code units (the API's Java/JavaScript strings): Vietnamese in NFC or
      NFD is all in the BMP, so only emoji count double (`split_message`).
  A7. `message_id` is unique per bot, at most a few dozen characters; it is the de-duplication key (with the user,
      in the engine). It is prefixed with "z" so that an all-digit id is never read as an ordering sequence, and a
      longer id than fits the 64-character delivery key is hashed (`delivery_id`).
  A8. Zalo expects a quick 2xx from the webhook; it may deliver the same message again (after a timeout or an
      error): the de-duplication key makes that harmless. A missing secret is answered 401, a wrong one 403.
  A9. The webhook URL must be HTTPS in production (a reverse proxy in front of gopy's server); the fake server in
      the tests posts over plain HTTP on 127.0.0.1.
  A10. sendPhoto accepts any public HTTPS URL of a PNG (the chart): gopy sends its own signed download link.
      Files that are not images (DOCX, XLSX) cannot be sent at all (no sendDocument): they go as a signed link.
  A11. A message `text` that starts with "/" is a command as typed (no command entities, no "@botname" suffix).
  A12. A sender marked `from.is_bot` is the bot itself (never answered).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.text import split_text

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
MESSAGE_LIMIT = 2000  # [D] sendMessage text, sendPhoto caption: 1 to 2000 characters (A6)
SECRET_HEADER = "X-Bot-Api-Secret-Token"
SECRET_LENGTH = (8, 256)  # [D] setWebhook secret_token
POLL_TIMEOUT = 30  # [D] getUpdates' default, in seconds
POLL_EMPTY = 408  # [O] a long poll that ended without an update

EVENT_TEXT = "message.text.received"
EVENT_IMAGE = "message.image.received"
EVENT_STICKER = "message.sticker.received"
EVENT_UNSUPPORTED = "message.unsupported.received"
CHAT_GROUP = "GROUP"

DELIVERY_ID_MAX = 24  # A7: "z" + the id, so that "<user id>:<this>" fits the 64-character delivery key
_BLOCKED_WORDS = ("block", "chặn", "not found", "invalid chat", "invalid user", "unknown chat", "unknown user")


def method_url(base_url: str | None, token: str, method: str) -> str:
    """`{base}/bot{token}/{method}`; `base_url` is a server root (a trailing "/bot" is accepted)."""
    root = (base_url or DEFAULT_BASE_URL).rstrip("/").removesuffix("/bot")
    return f"{root}/bot{token}/{method}"


# --- what is sent ---


def get_updates_payload(timeout: int) -> dict[str, Any]:
    return {"timeout": str(timeout)}  # [D] a string


def send_message_payload(chat_id: str, text: str) -> dict[str, Any]:
    return {"chat_id": chat_id, "text": text}


def send_photo_payload(chat_id: str, url: str, caption: str | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"chat_id": chat_id, "photo": url}
    if caption:
        payload["caption"] = split_message(caption)[0]
    return payload


def chat_action_payload(chat_id: str, action: str = "typing") -> dict[str, Any]:
    return {"chat_id": chat_id, "action": action}


def set_webhook_payload(url: str, secret: str) -> dict[str, Any]:
    low, high = SECRET_LENGTH
    if not low <= len(secret) <= high:
        raise ValueError(f"the Zalo webhook secret must be {low} to {high} characters")
    return {"url": url, "secret_token": secret}


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Chunks Zalo takes (A6): cut at a blank line, else a line end, else a space; no empty chunk."""
    chunks: list[str] = []
    for chunk in split_text(text, limit):
        while utf16_length(chunk) > limit:  # emoji count double: cut again, shorter
            head = split_text(chunk, max(1, limit - (utf16_length(chunk) - len(chunk))))
            chunks.append(head[0])
            chunk = chunk[len(head[0]) :].lstrip("\n ")
        if chunk.strip():
            chunks.append(chunk)
    return chunks


# --- what comes back ---


@dataclass(frozen=True)
class Failure:
    """An answer that is not a success: its code (A2), Zalo's description and the wait it asked for (A4)."""

    code: int
    description: str = ""
    retry_after: float | None = None

    @property
    def poll_empty(self) -> bool:
        return self.code == POLL_EMPTY

    @property
    def transient(self) -> bool:
        """Worth trying again later (A5): a timeout, a flood wait, the server's trouble, the bot's token."""
        if self.code in (408, 429, 401) or self.code >= 500 or self.code < 100:
            return True
        return self.code == 404 and not self.names_a_gone_chat

    @property
    def blocked(self) -> bool:
        """The person blocked the bot, or the chat does not exist (A5): never retried, marked so."""
        return self.code == 403 or (self.code in (400, 404) and self.names_a_gone_chat)

    @property
    def names_a_gone_chat(self) -> bool:
        words = self.description.casefold()
        return any(word in words for word in _BLOCKED_WORDS)


def unwrap(body: object) -> tuple[bool, object, Failure | None]:
    """(is it wrapped, the result, the failure it reports) for a decoded answer (A1)."""
    if isinstance(body, Mapping) and isinstance(body.get("ok"), bool):
        if body["ok"]:
            return True, body.get("result"), None
        return True, None, _failure_from(body, 0, None)
    return False, body, None


def failure(status: int, raw: bytes, headers: Mapping[str, str]) -> tuple[object, Failure | None]:
    """The result of an HTTP answer, or what went wrong (A1, A2, A4)."""
    try:
        body: object = json.loads(raw) if raw else None
    except ValueError:
        if 200 <= status < 300:  # a proxy's page, a truncated answer: the server's trouble
            return None, Failure(502, "not JSON")
        body = None
    if 200 <= status < 300:
        _, result, failed = unwrap(body)
        if failed is None:
            return result, None
        return None, Failure(failed.code or 400, failed.description, failed.retry_after or _retry_after(None, headers))
    return None, _failure_from(body if isinstance(body, Mapping) else {}, status, headers)


def _failure_from(body: Mapping[str, Any], status: int, headers: Mapping[str, str] | None) -> Failure:
    """`error_code` when it is an HTTP-like code (100 to 599), else the HTTP status (A2)."""
    code = body.get("error_code")
    try:
        number = int(code) if isinstance(code, int | float | str) and not isinstance(code, bool) else 0
    except ValueError:
        number = 0
    description = body.get("description") or body.get("message") or ""
    return Failure(
        number if 100 <= number <= 599 else status,
        str(description)[:200],
        _retry_after(body.get("parameters"), headers),
    )


def _retry_after(parameters: object, headers: Mapping[str, str] | None) -> float | None:
    value: object = parameters.get("retry_after") if isinstance(parameters, Mapping) else None
    if value is None and headers is not None:
        value = headers.get("Retry-After")
    try:
        seconds = float(value) if isinstance(value, int | float | str) else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 < seconds < 86_400 else None


@dataclass(frozen=True)
class ZaloMessage:
    """One update, as gopy needs it."""

    event: str
    message_id: str
    user_id: str
    chat_id: str
    group: bool = False
    text: str | None = None
    display_name: str | None = None
    from_bot: bool = False

    @property
    def delivery_id(self) -> str:
        return delivery_id(self.message_id)


def delivery_id(message_id: str) -> str:
    """The engine's update id for a message (A7): never all digits, never too long for the delivery key."""
    if len(message_id) + 1 <= DELIVERY_ID_MAX and message_id.isascii():
        return "z" + message_id
    return "h" + hashlib.sha256(message_id.encode("utf-8", "surrogatepass")).hexdigest()[: DELIVERY_ID_MAX - 1]


def parse_updates(result: object) -> list[ZaloMessage]:
    """Every usable update in getUpdates' result or a webhook body: one update, a list, wrapped or not (A1, A3)."""
    _, result, _failed = unwrap(result)
    items = result if isinstance(result, list) else [result]
    return [m for m in (parse_update(item) for item in items) if m is not None]


def parse_update(data: object) -> ZaloMessage | None:
    """An update's message; None for anything gopy cannot answer (no message, no sender)."""
    _, data, _failed = unwrap(data)
    if not isinstance(data, Mapping):
        return None
    message = data.get("message")
    if not isinstance(message, Mapping):
        return None
    sender = message.get("from") if isinstance(message.get("from"), Mapping) else {}
    chat = message.get("chat") if isinstance(message.get("chat"), Mapping) else {}
    assert isinstance(sender, Mapping) and isinstance(chat, Mapping)
    message_id, user_id = _id(message.get("message_id")), _id(sender.get("id"))
    if not message_id or not user_id:
        return None
    chat_id = _id(chat.get("id")) or user_id
    name = next((v for k in ("display_name", "name", "first_name") if isinstance(v := sender.get(k), str) and v), None)
    text = message.get("text")
    event = data.get("event_name")
    return ZaloMessage(
        event=str(event) if isinstance(event, str) else (EVENT_TEXT if isinstance(text, str) else EVENT_UNSUPPORTED),
        message_id=message_id,
        user_id=user_id,
        chat_id=chat_id,
        group=str(chat.get("chat_type", "")).upper() == CHAT_GROUP,
        text=text if isinstance(text, str) else None,
        display_name=name,
        from_bot=sender.get("is_bot") is True,
    )


def _id(value: object) -> str:
    """Ids are strings [D,O]; a number is accepted as its decimal text. Blank and absurdly long ids are none."""
    if isinstance(value, bool) or value is None:
        return ""
    text = str(value).strip() if isinstance(value, str | int) else ""
    return text if 0 < len(text) <= 64 else ""
