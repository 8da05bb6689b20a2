"""A fake Zalo Bot API server on 127.0.0.1 for tests and the benchmark, written from the public documentation
(bot.zaloplatforms.com/docs; see bot/channels/zalo_protocol.py for the sources and what they leave open).

`POST /bot{TOKEN}/{method}` with a JSON body; answers `{"ok": true, "result": ...}` (or the bare result, with
`wrap_results` off). getUpdates hands out ONE update per call from a queue (no offset: an update handed out is
gone) and ends an empty long poll with `error_code` 408. setWebhook makes it post each update to the bot instead,
with the secret in `X-Bot-Api-Secret-Token`. sendMessage refuses an empty text or one over 2000 characters;
sendPhoto fetches its URL as Zalo does and keeps the bytes. Every call is recorded, so a test asserts on what the
person saw; updates are injected by the test, and the same one can be delivered again.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.recorder import Call as Call
from tests.fakes.recorder import Recorder

BOT_ID = "1459232241454765289"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
SENDS = ("sendMessage", "sendPhoto", "sendSticker")


def user_id(n: int) -> str:
    """A Zalo-looking user id (20 hex digits) for a test's user number `n`."""
    return f"{n:020x}"


class FakeZalo(Recorder):
    PLATFORM = "Zalo"
    SENDS = SENDS

    def __init__(self, token: str = "1459232241454765289:zalo-TEST-secret-ABCDEFGHIJKLMNOPQRSTUVWX") -> None:
        self.token = token
        self.calls: list[Call] = []
        self.on_call: Callable[[Call], None] | None = None  # the benchmark's simulated users listen here
        self.record = True
        self.wrap_results = True  # answers as {"ok": true, "result": ...}; off: the bare result
        self.wrap_webhook = False  # webhook bodies bare {"event_name", "message"}; on: wrapped in {"ok", "result"}
        self.errors_in_200 = False  # errors as HTTP 200 {"ok": false, "error_code": n}; off: HTTP status n too
        self._queue: deque[dict[str, Any]] = deque()
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._message_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self._posting: set[asyncio.Task[None]] = set()
        self.port = 0
        self.webhook: dict[str, Any] = {}
        self.webhook_answers: list[int] = []  # HTTP status of each webhook delivery
        self._closing = False
        self.polls = 0  # getUpdates calls so far
        self.photos: dict[str, bytes] = {}  # sendPhoto: the URL and the bytes fetched from it
        self.blocked: set[str] = set()  # chats whose person blocked the bot: sends answered 403
        # A failing platform: every n-th send answered with (status, description, retry_after) (0: never).
        self.fail_every = 0
        self.fail_with: tuple[int, str, float | None] = (500, "Internal Server Error", None)
        self._sends = 0
        self.failed: list[Call] = []
        self.rate_limit: float | None = None  # messages in any 1-second window; over it, 429 with retry_after
        self.too_many = 0
        self._window: deque[float] = deque()

    # --- server ---

    async def start(self) -> FakeZalo:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._client = aiohttp.ClientSession()
        return self

    async def stop(self) -> None:
        self._closing = True
        self._new_update.set()
        for task in list(self._posting):
            task.cancel()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _answer(self, result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result} if self.wrap_results else result)

    def _error(self, code: int, description: str, retry_after: float | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=200 if self.errors_in_200 else code)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        if request.method != "POST":
            return self._error(405, "Method Not Allowed")
        method = request.match_info["method"]
        try:
            params = await request.json() if request.can_read_body else {}
        except ValueError:
            return self._error(400, "Bad Request: body is not JSON")
        if not isinstance(params, dict):
            return self._error(400, "Bad Request")
        call = Call(method, params)
        if method in SENDS:
            refused = self._refuse(call)
            if refused is not None:
                return refused
        if method != "getUpdates":
            if self.record:
                self.calls.append(call)
            self._new_call.set()
            if self.on_call is not None:
                self.on_call(call)
        if method == "getUpdates":
            result = await self._get_updates(params, request)
            return result if isinstance(result, web.Response) else self._answer(result)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(404, "Not Found: method")
        result = await handler(params)
        if isinstance(result, web.Response):
            return result
        return self._answer(result)

    def _refuse(self, call: Call) -> web.Response | None:
        chat = str(call.params.get("chat_id", ""))
        if chat in self.blocked:
            self.failed.append(call)
            return self._error(403, "Forbidden: the user has blocked the bot")
        if self.rate_limit is not None:
            wait = self._over_rate(call.at)
            if wait is not None:
                self.too_many += 1
                return self._error(429, f"Too Many Requests: retry after {wait}", wait)
        if self.fail_every:
            self._sends += 1
            if self._sends % self.fail_every == 0:
                self.failed.append(call)
                status, description, retry_after = self.fail_with
                return self._error(status, description, retry_after)
        return None

    # --- Bot API methods ---

    def _sent(self) -> dict[str, Any]:
        return {"message_id": f"{next(self._message_ids):020x}", "date": int(time.time() * 1000)}

    async def _m_getMe(self, _p: dict[str, Any]) -> Any:
        return {"id": BOT_ID, "account_name": "bot.GopyTest", "account_type": "BASIC", "can_join_groups": False}

    async def _get_updates(self, p: dict[str, Any], request: web.Request) -> Any:
        self.polls += 1
        if self.webhook.get("url"):
            return self._error(400, "Bad Request: a webhook is set, getUpdates does not work")
        deadline = time.monotonic() + float(p.get("timeout") or 30)
        while True:
            if request.transport is None or request.transport.is_closing():
                return self._error(408, "Request timeout")  # the poller went away (killed): keep the update
            if self._queue:
                return self._queue.popleft()  # one update per call; handed out, it is gone
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing:
                return self._error(408, "Request timeout")
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), remaining)

    async def _m_sendMessage(self, p: dict[str, Any]) -> Any:
        text = p.get("text")
        if not isinstance(text, str) or not 1 <= len(text.encode("utf-16-le")) // 2 <= 2000 or not p.get("chat_id"):
            return self._error(400, "Bad Request: text must be 1 to 2000 characters")
        return self._sent()

    async def _m_sendPhoto(self, p: dict[str, Any]) -> Any:
        url = p.get("photo")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return self._error(400, "Bad Request: photo must be a URL")
        assert self._client is not None
        async with self._client.get(url) as response:  # Zalo fetches the picture itself
            if response.status != 200:
                return self._error(400, f"Bad Request: photo URL answered {response.status}")
            self.photos[url] = await response.read()
        return self._sent()

    async def _m_sendSticker(self, p: dict[str, Any]) -> Any:
        return self._sent()

    async def _m_sendChatAction(self, _p: dict[str, Any]) -> Any:
        return True

    async def _m_setWebhook(self, p: dict[str, Any]) -> Any:
        secret = p.get("secret_token")
        if not isinstance(p.get("url"), str) or not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            return self._error(400, "Bad Request: url and a secret_token of 8 to 256 characters")
        self.webhook = {"url": p["url"], "secret_token": secret}
        return {"url": p["url"], "updated_at": int(time.time() * 1000)}

    async def _m_deleteWebhook(self, _p: dict[str, Any]) -> Any:
        self.webhook = {}
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def _m_getWebhookInfo(self, _p: dict[str, Any]) -> Any:
        return {"url": self.webhook.get("url", ""), "updated_at": int(time.time() * 1000)}

    # --- what a test does: people send things ---

    def make_update(
        self, uid: str, event: str = "message.text.received", *, group: str | None = None, **content: Any
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "from": {"id": uid, "display_name": f"Người dùng {uid}", "is_bot": False},
            "chat": {"id": group or uid, "chat_type": "GROUP" if group else "PRIVATE"},
            "message_id": f"{next(self._message_ids) + 10**9:x}{uid[-6:]}",
            "date": int(time.time() * 1000),
            **content,
        }
        return {"event_name": event, "message": message}

    def make_text(self, uid: str, text: str, *, group: str | None = None) -> dict[str, Any]:
        return self.make_update(uid, text=text, group=group)

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Deliver an update: to the webhook when one is set, else to the next getUpdates."""
        if self.webhook.get("url"):
            task = asyncio.get_running_loop().create_task(self._post(update))
            self._posting.add(task)
            task.add_done_callback(self._posting.discard)
        else:
            self._queue.append(update)
            self._new_update.set()
        return update

    def text(self, uid: str, text: str) -> dict[str, Any]:
        return self.push(self.make_text(uid, text))

    def redeliver(self, update: dict[str, Any]) -> None:
        """The same update once more, as a platform does after a lost answer."""
        self.push(update)

    async def _post(self, update: dict[str, Any]) -> None:
        assert self._client is not None
        body = {"ok": True, "result": update} if self.wrap_webhook else update
        headers = {SECRET_HEADER: self.webhook["secret_token"], "Content-Type": "application/json"}
        try:
            async with self._client.post(self.webhook["url"], data=json.dumps(body), headers=headers) as response:
                self.webhook_answers.append(response.status)
        except aiohttp.ClientError:
            self.webhook_answers.append(0)


def numbers(texts: list[str]) -> dict[str, str]:
    """label → the number to type, from the numbered lines ("  2. Không nhất trí") of the latest messages: the
    newest line for a label wins."""
    found: dict[str, str] = {}
    for text in texts:
        for line in text.splitlines():
            head, dot, label = line.strip().partition(". ")
            if dot and head.isdigit() and line.startswith("  "):
                found[label] = head
    return found
