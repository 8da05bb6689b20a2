"""Zalo adapter (the Zalo Bot Platform's Bot API): long polling, or a webhook when ZALO_WEBHOOK_URL is set, on a
small aiohttp client. The wire format, and every detail the documentation left open, is in `zalo_protocol`.

Zalo has no buttons: choices go out as numbered lines (handlers/render.py) and come back as the number or the
label typed; the engine keeps what each number means in the participant's state row. Files Zalo cannot carry
(DOCX, XLSX) go as signed, expiring download links served by gopy's own web server (bot/links.py); a PNG chart
goes by sendPhoto from such a link. Each callback stays small: translate, `await engine.handle(...)`; the engine
commits, then delivers the replies through its outbox and this channel's `send`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlparse

import aiohttp
from yarl import URL

from bot.channels import zalo_protocol as wire
from bot.failures import CannotRun, port_error
from bot.links import PREFIX, LinkStore, link_key
from bot.settings import LinkSettings, ZaloSettings
from bot.web import WebServer
from core import clock
from core.address import Address
from core.messages import t
from handlers.engine import Engine
from handlers.ports import SendError
from handlers.render import numbered
from handlers.types import Incoming, Kind, Reply

log = logging.getLogger(__name__)

CHANNEL = "zalo"
PHOTO_TYPES = (".png",)  # sent with sendPhoto from a link (A10); any other file goes as a link in a message
_HELP = t("chat.view.help").split("\n", 1)[0]  # /giupdo's first line: its choices are numbers here
_JSON = {"Content-Type": "application/json"}


class ZaloApiError(Exception):
    """An answer of the Bot API that is not a success (`failure` says what), or no answer at all (code 0)."""

    def __init__(self, failure: wire.Failure) -> None:
        super().__init__(f"{failure.code} {failure.description}".strip())
        self.failure = failure


def to_incoming(message: wire.ZaloMessage) -> Incoming | None:
    """The neutral message for an update; None for what the bot never answers (its own messages)."""
    if message.from_bot:
        return None
    uid, name, update_id = message.user_id, message.display_name, message.delivery_id
    if message.event == wire.EVENT_TEXT and message.text is not None:
        incoming = Incoming.from_text(CHANNEL, uid, message.text, display_name=name, update_id=update_id, numbered=True)
    else:  # an image is a file; stickers, voice, video, links... are not read: the catalog's clear answer
        kind = Kind.FILE if message.event == wire.EVENT_IMAGE else Kind.UNSUPPORTED
        incoming = Incoming(CHANNEL, uid, kind, display_name=name, update_id=update_id, numbered=True)
    return replace(incoming, chat_id=message.chat_id)


class ZaloChannel:
    name = CHANNEL

    def __init__(self, engine: Engine, settings: ZaloSettings, links: LinkSettings | None = None) -> None:
        if settings.token is None:
            raise ValueError("ZALO_BOT_TOKEN is not set")
        self.engine, self.settings = engine, settings
        self._token = settings.token.get_secret_value()
        links = links or LinkSettings()
        base = links.base_url or (_origin(settings.webhook_url) if settings.webhook_url else None)
        secret = links.secret.get_secret_value() if links.secret is not None else None
        self.links = LinkStore(
            links.dir, link_key(secret, self._token), base_url=base, hours=links.hours, max_bytes=links.max_mb << 20
        )
        self.web: WebServer | None = None
        self._session: aiohttp.ClientSession | None = None
        self._urls: dict[str, URL] = {}
        self._poller: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots: asyncio.Semaphore | None = None
        self._numbering: dict[str, tuple[str, int]] = {}  # chat → (state version, choices numbered so far)
        engine.register(CHANNEL, self)  # replies go out through the engine's outbox, retried until delivered

    @property
    def webhook_secret(self) -> str:
        """The configured secret, else one derived from the token: a webhook is never left unchecked."""
        if self.settings.webhook_secret is not None:
            return self.settings.webhook_secret.get_secret_value()
        return hashlib.sha256(b"gopy zalo webhook\n" + self._token.encode()).hexdigest()

    # --- lifecycle ---

    async def start(self) -> None:
        """Take updates (webhook or long polling) and send; serve the download links when they have an address."""
        await self.open()
        s = self.settings
        self._slots = asyncio.Semaphore(max(1, s.concurrent_updates))
        url = s.webhook_url
        if url or self.links.available:
            self.web = WebServer(s.webhook_listen, s.webhook_port)
            if self.links.available:
                self.links.prune()
                self.web.add_route("GET", PREFIX, self.links.handle)
            if url:
                self.web.add_webhook(
                    urlparse(url).path,
                    secret=self.webhook_secret,
                    header=wire.SECRET_HEADER,
                    deliver=self._deliver,
                    missing_status=401,
                )
            try:
                await self.web.start()
            except OSError as exc:
                self.web = None
                raise port_error(exc, s.webhook_listen, s.webhook_port, "ZALO_WEBHOOK_PORT") from exc
        if url:
            try:
                await self.call("setWebhook", wire.set_webhook_payload(url, self.webhook_secret))
            except ZaloApiError as exc:
                raise CannotRun("cli.ops.zalo_webhook", url=url, reason=str(exc)) from exc
        else:
            with contextlib.suppress(ZaloApiError):  # none was set: getUpdates works once it is gone [D]
                await self.call("deleteWebhook")
            self._poller = asyncio.create_task(self._poll(), name="zalo-poll")
        listening = f", listening on {s.webhook_listen}:{s.webhook_port}" if self.web is not None else ""
        log.info("zalo channel started (%s%s)", "webhook" if url else "polling", listening)

    async def open(self) -> None:
        """Ready to send, without taking updates (`gopy scheduler`, `gopy schedule run-due`)."""
        if self._session is None:
            pool = max(2, self.settings.connection_pool)
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=pool, limit_per_host=pool),
                timeout=aiohttp.ClientTimeout(total=30),
                cookie_jar=aiohttp.DummyCookieJar(),  # the Bot API sets no cookies; skip the jar's work
                trust_env=False,
            )
        try:
            await self.call("getMe")
        except ZaloApiError as exc:
            if exc.failure.code in (401, 404):  # a token Zalo does not know: said at start, not at the first send
                await self.close()
                raise CannotRun("cli.ops.zalo_token") from exc
            log.warning("zalo getMe failed: %s", exc)  # Zalo unreachable now: sends are retried by the outbox

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def stop(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        if self.web is not None:
            await self.web.stop()
            self.web = None
        if self._tasks:  # updates being handled commit and answer before the client goes
            await asyncio.wait(set(self._tasks), timeout=15)
        await self.close()

    # --- the Bot API ---

    async def call(self, method: str, payload: dict[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        """One Bot API call: its result, or `ZaloApiError`. No URL (it holds the token) in any error or log."""
        if self._session is None:
            raise RuntimeError("the Zalo channel is not open")
        url = self._urls.get(method)
        if url is None:  # parsed once per method: a Bot API call is on the hot path
            url = self._urls[method] = URL(wire.method_url(self.settings.base_url, self._token, method))
        body = json.dumps(payload or {}, ensure_ascii=False).encode("utf-8")
        try:
            async with self._session.post(
                url, data=body, headers=_JSON, timeout=aiohttp.ClientTimeout(total=timeout) if timeout else None
            ) as response:
                raw = await response.read()
                status, headers = response.status, response.headers
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ZaloApiError(wire.Failure(0, type(exc).__name__)) from None
        result, failed = wire.failure(status, raw, headers)
        if failed is not None:
            raise ZaloApiError(failed)
        return result

    # --- updates in ---

    async def _poll(self) -> None:
        """getUpdates, one long poll after another; each update handled in a task of its own (several at once,
        each person's in order: the engine serialises a participant's messages)."""
        timeout = max(1, self.settings.poll_timeout)
        pause = 1.0
        while True:
            try:
                result = await self.call("getUpdates", wire.get_updates_payload(timeout), timeout=timeout + 15)
            except ZaloApiError as exc:
                if exc.failure.poll_empty:
                    continue
                log.warning("zalo getUpdates failed (%s): again in %.0f s", exc, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)
                continue
            except Exception as exc:  # never the end of polling
                log.error("zalo polling failed: %r", exc, exc_info=exc)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)
                continue
            pause = 1.0
            for message in wire.parse_updates(result):
                await self._spawn(message)

    async def _deliver(self, data: dict[str, Any]) -> None:
        """A webhook delivery (its secret already checked): handled in a task, answered 200 at once."""
        for message in wire.parse_updates(data):
            await self._spawn(message)

    async def _spawn(self, message: wire.ZaloMessage) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(max(1, self.settings.concurrent_updates))
        await self._slots.acquire()  # taken here, in arrival order: at most so many updates at once
        task = asyncio.create_task(self._handle(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, message: wire.ZaloMessage) -> None:
        """Translate, let the engine apply it (and commit); the engine delivers the replies."""
        assert self._slots is not None
        try:
            incoming = to_incoming(message)
            if incoming is None:
                return
            if message.group:
                await self._group(incoming)
                return
            if incoming.kind == Kind.COMMAND and incoming.command == "baocao":  # "typing…" while it is built
                self._background(self._typing(message.chat_id))
            await self.engine.handle(incoming)
        except Exception as exc:  # no personal data in logs: the exception only
            log.error("zalo update failed: %r", exc, exc_info=exc)
            with contextlib.suppress(Exception):
                await self.engine.delivery.send_now(Address(CHANNEL, message.chat_id), [Reply(t("chat.error"))])
        finally:
            self._slots.release()

    async def _group(self, incoming: Incoming) -> None:
        """A group (Marketplace bots cannot join one [O]; should one appear): `/start CODE` registers it for the
        reports (a board invite), another command gets one line, anything else is left alone."""
        if incoming.kind != Kind.COMMAND:
            return
        if incoming.command == "start" and incoming.text.strip():
            await self.engine.handle(replace(incoming, group=True))
        else:
            await self.engine.delivery.send_now(incoming.address, [Reply(t("chat.group.private_only"))])

    async def _typing(self, chat_id: str) -> None:
        with contextlib.suppress(ZaloApiError):
            await self.call("sendChatAction", wire.chat_action_payload(chat_id))

    def _background(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- replies out: the Sender port ---

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """Replies, reports, reminders. What Zalo refuses is a `SendError`: transient for a flood wait, a 5xx, a
        network failure or the bot's token (the outbox tries again), final for a chat that is gone (A5)."""
        if address.channel != CHANNEL:
            raise ValueError(f"{address} is not a Zalo chat")
        try:
            for reply in replies:
                await self._send_reply(address.chat_id, reply)
        except ZaloApiError as exc:
            failed = exc.failure
            reason = f"zalo {failed.code or type(exc).__name__}"
            raise SendError(
                reason, transient=failed.transient, retry_after=failed.retry_after, blocked=failed.blocked
            ) from None

    async def _send_reply(self, chat_id: str, reply: Reply) -> None:
        if reply.text.startswith(_HELP):  # the engine's help speaks of buttons: on Zalo, numbers
            reply = Reply(reply.text + t("zalo.help.numbers"), reply.choices, reply.files)
        for text in numbered([reply], start=self._numbered_before(chat_id, reply)):
            for chunk in wire.split_message(text):
                await self.call("sendMessage", wire.send_message_payload(chat_id, chunk))
        for name, content in reply.files:
            await self._send_file(chat_id, name, content)

    def _numbered_before(self, chat_id: str, reply: Reply) -> int:
        """Choices of the same answer already numbered for this chat. The outbox sends an answer's replies one by
        one, the engine numbers its choices across all of them: the count goes on while the state version (the
        payload's prefix) is the same, and starts again at 1 with a new one."""
        payloads = [choice.payload for row in reply.choices for choice in row if not choice.copy]
        if not payloads:
            return 0
        version = payloads[0].partition(":")[0]
        seen_version, count = self._numbering.get(chat_id, ("", 0))
        start = count if seen_version == version else 0
        if len(self._numbering) > 50_000:  # a chat's entry is only needed while its answer is being sent
            self._numbering.clear()
        self._numbering[chat_id] = (version, start + len(payloads))
        return start

    async def _send_file(self, chat_id: str, name: str, content: bytes) -> None:
        if not self.links.available:
            await self.call("sendMessage", wire.send_message_payload(chat_id, t("zalo.file.unavailable", name=name)))
            return
        link = await asyncio.to_thread(self.links.put, name, content)  # a few MB written: off the event loop
        if name.lower().endswith(PHOTO_TYPES):
            payload = wire.send_photo_payload(chat_id, link.url, t("zalo.file.photo", name=name))
            await self.call("sendPhoto", payload, timeout=60)  # Zalo fetches the picture before it answers
            return
        local = clock.local(link.expires)
        text = t(
            "zalo.file.link",
            name=name,
            size=max(1, round(len(content) / 1024)),
            url=link.url,
            time=f"{local:%H:%M}",
            date=f"{local:%d/%m/%Y}",
        )
        await self.call("sendMessage", wire.send_message_payload(chat_id, text))


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"
