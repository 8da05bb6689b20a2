"""A fake Telegram Bot API server on 127.0.0.1 for tests and the benchmark.

It implements what python-telegram-bot needs (getMe, long-polled getUpdates with offset semantics, sendMessage,
edits, answerCallbackQuery, sendDocument, commands and webhook calls) and records every call, so a test asserts
on what the user saw; the command menus set, default and per chat, are kept in `menus`. Updates are injected by
the test, and the same update can be delivered again.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.fakes.recorder import Call as Call
from tests.fakes.recorder import Recorder

BOT_ID = 7000000001
RATE_LIMITED = ("send", "edit", "forward", "copy")  # method prefixes that post a message, counted by `rate_limit`


def _decode(value: Any) -> Any:
    # PTB form-encodes complex values (reply markup, command lists) as JSON strings.
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class FakeTelegram(Recorder):
    PLATFORM = "Telegram"
    # What puts something in front of the person: a message sent, or one edited in place (its text and buttons).
    SENDS = ("sendMessage", "sendDocument", "editMessageText")

    def __init__(self, token: str = "123456:TEST-token", username: str = "gopy_test_bot") -> None:
        self.token = token
        self.username = username
        self.calls: list[Call] = []
        self.on_call: Callable[[Call], None] | None = None  # the benchmark's simulated users listen here
        self.record = True  # the benchmark turns the call log off
        self._pending: list[dict[str, Any]] = []
        self._forced: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.webhook: dict[str, Any] = {}
        # setWebhook refused with this description (400), as Telegram refuses an http:// URL or another port; None:
        # any URL is taken (the tests' webhooks are plain http on 127.0.0.1).
        self.refuse_webhook: str | None = None
        # The command menus set (setMyCommands): None for the default scope, else a chat's (BotCommandScopeChat).
        self.menus: dict[int | None, list[str]] = {}
        self._closing = False
        self.polls = 0  # getUpdates calls so far: the bot is polling once this moves
        # A failing platform: every n-th send answered with this error (0: never), as the Bot API answers them.
        self.fail_every = 0
        self.fail_with: tuple[int, str, dict[str, Any] | None] = (500, "Internal Server Error", None)
        self._sends = 0
        self.failed: list[Call] = []
        # Telegram's flood control: at most `rate_limit` messages in any 1-second window (None: no limit); over
        # it, HTTP 429 with `parameters.retry_after`, as the Bot API answers. `too_many` counts those answers.
        self.rate_limit: float | None = None
        self.too_many = 0
        self._window: deque[float] = deque()  # when the messages of the last second were taken
        # Documents users sent (`document`), by file id: what getFile describes and the file URL serves.
        self.files: dict[str, bytes] = {}
        # The bot's messages as the person sees them now, by (chat, message id): text and inline keyboard, edits
        # applied, as the Bot API keeps them (an edit of a missing message, or one changing nothing, is a 400).
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.answers: list[dict[str, Any]] = []  # answerCallbackQuery calls: the toasts shown

    # --- server ---

    async def start(self) -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def stop(self) -> None:
        self._closing = True  # releases long polls still waiting
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = {"filename": value.filename, "content": value.file.read()}
                else:
                    params[key] = _decode(value)
        params.update({k: v for k, v in request.query.items() if k not in params})
        call = Call(method, params)
        if self.rate_limit is not None and method.startswith(RATE_LIMITED):
            wait = self._over_rate(call.at)
            if wait is not None:
                self.too_many += 1
                return web.json_response(
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": f"Too Many Requests: retry after {wait}",
                        "parameters": {"retry_after": wait},
                    },
                    status=429,
                )
        if method in ("sendMessage", "sendDocument") and self.fail_every:
            self._sends += 1
            if self._sends % self.fail_every == 0:
                self.failed.append(call)
                status, description, extra = self.fail_with
                body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
                if extra:
                    body["parameters"] = extra
                return web.json_response(body, status=status)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            self._seen(call)
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        result = await handler(params)  # a refusal (HTTPException: a 400, a 403) is not a call the platform took
        if isinstance(result, dict) and "message_id" in result:
            call.message_id = int(result["message_id"])
        self._seen(call)
        return web.json_response({"ok": True, "result": result})

    def _seen(self, call: Call) -> None:
        if call.method == "getUpdates":
            return
        if self.record:
            self.calls.append(call)
        self._new_call.set()
        if self.on_call is not None:
            self.on_call(call)

    # --- Bot API methods ---

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Góp ý", "username": self.username}

    def _message(self, chat_id: Any, **extra: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": "private"},
            "from": self._bot_user(),
            **extra,
        }

    async def _m_getMe(self, _p: dict[str, Any]) -> Any:
        return self._bot_user()

    async def _m_getUpdates(self, p: dict[str, Any]) -> Any:
        self.polls += 1
        offset = int(p.get("offset") or 0)
        limit = int(p.get("limit") or 100)
        deadline = time.monotonic() + float(p.get("timeout") or 0)
        while True:
            if offset > 0:  # confirms every update below the offset
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            if self._forced or self._pending:
                batch = (self._forced + self._pending)[:limit]
                self._forced = []
                return batch
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing:
                return []
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), remaining)
            except TimeoutError:
                return []

    async def _m_sendMessage(self, p: dict[str, Any]) -> Any:
        extra = {"text": p.get("text", "")}
        if _markup(p):
            extra["reply_markup"] = _markup(p)
        message = self._message(p["chat_id"], **extra)
        self.messages[(int(p["chat_id"]), message["message_id"])] = message
        return message

    def _stored(self, p: dict[str, Any]) -> dict[str, Any]:
        """The message an edit names (chat_id and message_id), or the Bot API's 400 when there is none."""
        key = (int(p.get("chat_id") or 0), int(p.get("message_id") or 0))
        if key not in self.messages:
            raise _bad_request("Bad Request: message to edit not found")
        return self.messages[key]

    async def _m_editMessageText(self, p: dict[str, Any]) -> Any:
        message = self._stored(p)
        text, markup = p.get("text", ""), _markup(p)
        if text == message.get("text") and markup == message.get("reply_markup"):
            raise _bad_request(NOT_MODIFIED)
        message["text"] = text
        _set_markup(message, markup)
        return {**message, "edit_date": int(time.time())}

    async def _m_editMessageReplyMarkup(self, p: dict[str, Any]) -> Any:
        message = self._stored(p)
        markup = _markup(p)
        if markup == message.get("reply_markup"):
            raise _bad_request(NOT_MODIFIED)
        _set_markup(message, markup)
        return {**message, "edit_date": int(time.time())}

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> Any:
        self.answers.append(dict(p))
        return True

    def keyboards(self, chat_id: int) -> list[int]:
        """The ids of the bot's messages in the chat that show buttons now (the live one only, when all is well)."""
        return [mid for (chat, mid), m in sorted(self.messages.items()) if chat == chat_id and m.get("reply_markup")]

    def shown(self, chat_id: int) -> list[dict[str, Any]]:
        """The bot's messages in the chat as the person sees them now, oldest first."""
        return [m for (chat, _), m in sorted(self.messages.items()) if chat == chat_id]

    async def _m_sendDocument(self, p: dict[str, Any]) -> Any:
        doc = p.get("document") or {}
        name = doc.get("filename", "file") if isinstance(doc, dict) else "file"
        return self._message(
            p["chat_id"], document={"file_id": f"f{name}", "file_unique_id": f"u{name}", "file_name": name}
        )

    async def _true(self, _p: dict[str, Any]) -> Any:
        return True

    async def _m_getFile(self, p: dict[str, Any]) -> Any:
        file_id = str(p.get("file_id", ""))
        if file_id not in self.files:
            raise web.HTTPBadRequest(text=json.dumps({"ok": False, "error_code": 400, "description": "no file"}))
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}"}  # fmt: skip

    async def _file(self, request: web.Request) -> web.StreamResponse:
        """A document's bytes at its file path, as Telegram's file server gives them (getFile first)."""
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")

    async def _m_setMyCommands(self, p: dict[str, Any]) -> Any:
        commands = _decode(p.get("commands")) or []
        self.menus[_scope_chat(p)] = [c["command"] for c in commands]
        return True

    async def _m_deleteMyCommands(self, p: dict[str, Any]) -> Any:
        self.menus.pop(_scope_chat(p), None)
        return True

    _m_deleteWebhook = _true
    _m_close = _m_logOut = _true

    async def _m_setWebhook(self, p: dict[str, Any]) -> Any:
        if self.refuse_webhook is not None:
            body = {"ok": False, "error_code": 400, "description": self.refuse_webhook}
            raise web.HTTPBadRequest(text=json.dumps(body), content_type="application/json")
        self.webhook = dict(p)
        return True

    async def _m_getWebhookInfo(self, _p: dict[str, Any]) -> Any:
        url = self.webhook.get("url", "")
        return {"url": url, "has_custom_certificate": False, "pending_update_count": len(self._pending)}

    # --- what a test does: users send things ---

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Người dùng", "last_name": str(user_id)}

    def _user_message(self, user_id: int, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id),
            **content,
        }

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        self._pending.append(update)
        self._new_update.set()
        return update

    def make_message(self, user_id: int, text: str, *, group: int | None = None) -> dict[str, Any]:
        """A text message in the user's private chat, or in the group `group` (a negative chat id)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        message = self._user_message(user_id, **content)
        if group is not None:
            message["chat"] = {"id": group, "type": "supergroup", "title": "Nhóm thử"}
        return {"update_id": next(self._update_ids), "message": message}

    def make_callback(self, user_id: int, data: str, message_id: int | None = None) -> dict[str, Any]:
        """A button pressed: on the bot's message `message_id` (as the person sees it now), else on some message."""
        stored = self.messages.get((user_id, message_id or 0))
        message = dict(stored) if stored else self._user_message(user_id, text="…", **{"from": self._bot_user()})
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._message_ids)),
                "from": self._user(user_id),
                "chat_instance": "1",
                "data": data,
                "message": message,
            },
        }

    def make_content(self, user_id: int, **content: Any) -> dict[str, Any]:
        """A message without text: photo=[...], sticker={...}, voice={...}, document={...}."""
        return {"update_id": next(self._update_ids), "message": self._user_message(user_id, **content)}

    def message(self, user_id: int, text: str) -> dict[str, Any]:
        return self.push(self.make_message(user_id, text))

    def document(self, user_id: int, name: str, content: bytes, *, size: int | None = None) -> dict[str, Any]:
        """A document sent in the user's private chat; its bytes served by getFile and the file URL. `size`: the
        size Telegram declares (a file too large to download declares its real size)."""
        file_id = f"doc{next(self._message_ids)}"
        self.files[file_id] = content
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                    "file_size": len(content) if size is None else size}  # fmt: skip
        return self.push(self.make_content(user_id, document=document))

    def callback(self, user_id: int, data: str, message_id: int | None = None) -> dict[str, Any]:
        return self.push(self.make_callback(user_id, data, message_id))

    def redeliver(self, update: dict[str, Any]) -> None:
        """Deliver an update again, as Telegram does when the bot did not confirm it."""
        self._forced.append(update)
        self._new_update.set()


def _scope_chat(params: dict[str, Any]) -> int | None:
    """The chat of a BotCommandScopeChat, or None for the default scope (no scope, or "default")."""
    scope = _decode(params.get("scope")) or {}
    if scope.get("type", "default") == "default":
        return None
    assert scope["type"] == "chat", scope  # the only other scope gopy uses
    return int(scope["chat_id"])


NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


def _bad_request(description: str) -> web.HTTPBadRequest:
    body = json.dumps({"ok": False, "error_code": 400, "description": description})
    return web.HTTPBadRequest(text=body, content_type="application/json")


def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """The inline keyboard a call sets (None: none, which an edit reads as "no keyboard")."""
    markup = _decode(params.get("reply_markup"))
    return markup if isinstance(markup, dict) and markup.get("inline_keyboard") else None


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def buttons(call: Call | dict[str, Any]) -> dict[str, str]:
    """label → callback data of a call's (or a stored message's) inline keyboard; copy buttons aside."""
    params = call.params if isinstance(call, Call) else call
    markup = params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return {
        b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row if "callback_data" in b
    }
