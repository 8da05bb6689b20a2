"""Telegram adapter (python-telegram-bot 22): long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set.

Each callback is small: translate the update, `await engine.handle(...)`, render the replies. The engine commits
before it returns, so "Đã ghi nhận" is only ever sent for a stored comment.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from io import BytesIO
from typing import Any
from urllib.parse import urlparse

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    Chat,
    CopyTextButton,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest, HTTPXRequest

from bot.failures import CannotRun, network_reason, port_error
from bot.settings import TelegramSettings
from bot.web import WebServer
from core.address import Address
from core.messages import t
from core.text import split_text
from handlers import roles
from handlers.engine import Engine
from handlers.ports import SendError
from handlers.types import Choice, Incoming, Kind, Reply
from storage.sheets import MAX_FILE_BYTES as MAX_SHEET_BYTES

log = logging.getLogger(__name__)
# A flood wait (HTTP 429) is not retried inside PTB's rate limiter (max_retries=0): its retry holds every other
# request back and then lets them go at once, a burst that earns the next 429s (bench/bench_telegram.py: 58 of
# 500 taps refused with one retry, 4 without). The outbox waits the `retry_after` for that chat alone and logs it;
# PTB's own ERROR with a traceback for each would only be noise.
logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
# PTB 22 returns durations (a flood wait's retry_after) as timedelta when asked to, and warns on every read if not.
os.environ.setdefault("PTB_TIMEDELTA", "1")

CHANNEL = "telegram"
MESSAGE_LIMIT = 4096
COPY_LIMIT = 256  # characters a copy_text button may carry
# Messages (sent or edited) a second, all chats together: Telegram's ~30, one every 1/30 s. The requests reach the
# server with jitter, and now and then 31 land within a second: a 429, which the outbox waits out for that chat
# alone (bench/bench_telegram.py, 1,000 taps: 7 refused at 30/s for 28.4 comments/s; 3 at 29/s for 27.8/s).
OVERALL_RATE = 30.0
LIVE_KEPT = 100_000  # chats whose live message (the one with buttons) this process remembers
# The default menu: everyone's commands (residents never see a staff command); each role with commands of its own
# gets its own menu in its private chat (`set_menu`, handlers/roles.py).
COMMANDS = roles.menu(None)
ALLOWED_UPDATES = ["message", "callback_query"]
# Documents downloaded for the engine: spreadsheets (a filled-in template of meetings or letters) up to the sheet
# reader's own bound; any other document is passed on by name only.
SPREADSHEETS = (".xlsx", ".xlsm")
MAX_DOCUMENT_BYTES = MAX_SHEET_BYTES
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def api_urls(base_url: str | None) -> tuple[str, str]:
    """(base_url, base_file_url) for PTB, which appends the token: accepts a server root or a ".../bot" URL."""
    if not base_url:
        return "https://api.telegram.org/bot", "https://api.telegram.org/file/bot"
    root = base_url.rstrip("/")
    root = root.removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def to_incoming(update: Update) -> Incoming | None:
    """The neutral message for an update; None for updates the bot ignores (edits, channel posts, ...)."""
    user = update.effective_user
    if user is None:
        return None
    uid, name, update_id = str(user.id), user.full_name, str(update.update_id)
    query = update.callback_query
    if query is not None:
        on = query.message  # the message the button was on: the answer edits it in place (handlers/view.py)
        return Incoming(
            CHANNEL,
            uid,
            Kind.CHOICE,
            payload=query.data or "",
            display_name=name,
            update_id=update_id,
            message_id=str(on.message_id) if on is not None else None,
        )
    message = update.message
    if message is None:
        return None
    if message.text is not None:
        return Incoming.from_text(CHANNEL, uid, message.text, display_name=name, update_id=update_id)
    kind = Kind.FILE if (message.photo or message.document) else Kind.UNSUPPORTED
    return Incoming(CHANNEL, uid, kind, display_name=name, update_id=update_id)


async def set_menu(bot: Bot, chat_id: int | str | None, commands: Sequence[str] | None) -> None:
    """A command menu (setMyCommands): the default scope when `chat_id` is None, else one chat's
    (BotCommandScopeChat); `commands` None removes that chat's own menu, so that it shows the default again."""
    scope = BotCommandScopeChat(chat_id) if chat_id is not None else None
    if commands is None:
        await bot.delete_my_commands(scope=scope)
    else:
        await bot.set_my_commands([BotCommand(c, t(f"chat.cmd.{c}")) for c in commands], scope=scope)


def button(choice: Choice) -> InlineKeyboardButton | None:
    """A choice as an inline button; a copy button (Telegram allows 1–256 characters to copy) or nothing."""
    if not choice.copy:
        return InlineKeyboardButton(choice.label, callback_data=choice.payload)
    if len(choice.copy) > COPY_LIMIT:
        return None
    return InlineKeyboardButton(choice.label, copy_text=CopyTextButton(choice.copy))


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = [[b for b in map(button, row) if b is not None] for row in reply.choices]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def make_request(client: str, **kwargs: Any) -> BaseRequest:
    """PTB's request object for `client` ("aiohttp" or "httpx"), with HTTPXRequest's arguments."""
    if client == "aiohttp":
        from bot.channels.aiohttp_request import AiohttpRequest

        return AiohttpRequest(**kwargs)
    if client == "httpx":
        return HTTPXRequest(**kwargs)
    raise ValueError(f"unknown HTTP client {client!r}")


class TelegramChannel:
    name = CHANNEL

    def __init__(
        self,
        engine: Engine,
        settings: TelegramSettings,
        *,
        overall_max_rate: float = OVERALL_RATE,
    ) -> None:
        if settings.token is None:
            raise ValueError("TELEGRAM_TOKEN is not set")
        self.engine = engine
        self.settings = settings
        self.app = self._build(overall_max_rate)
        self.web: WebServer | None = None
        # Replies go out through the engine's outbox, retried until delivered; each answer one message, a button's
        # edited into the message it was on. The live message of each chat (its buttons the only ones shown):
        self.live: OrderedDict[int | str, int] = OrderedDict()
        engine.register(CHANNEL, self, edits=True)
        engine.register_menus(CHANNEL, self)  # each role its own command menu

    def _build(self, overall_max_rate: float) -> Application[Any, Any, Any, Any, Any, Any]:
        s = self.settings
        assert s.token is not None
        base_url, base_file_url = api_urls(s.base_url)
        pool = max(2, s.connection_pool)  # one connection with concurrent updates collapses throughput
        builder = (
            Application.builder()
            .token(s.token.get_secret_value())
            .base_url(base_url)
            .base_file_url(base_file_url)
            .request(make_request(s.http_client, connection_pool_size=pool, pool_timeout=10.0))
            .get_updates_request(make_request(s.http_client, connection_pool_size=1, read_timeout=30.0))
            # Telegram's limits: ~30 messages/s overall (OVERALL_RATE), 20/min per group; a 429 flood wait goes back
            # to the outbox (above). Overall: one message every 1/30 s; AIORateLimiter's default bucket lets 30 go at
            # once and 30 more within the same second, which flood control answers with 429 (bench/bench_schedule.py:
            # 142 for 1,000 messages).
            .rate_limiter(
                AIORateLimiter(
                    overall_max_rate=1 if overall_max_rate else 0,
                    overall_time_period=1 / overall_max_rate if overall_max_rate else 1,
                    max_retries=0,
                )
            )
        )
        if s.concurrent_updates > 1:
            builder = builder.concurrent_updates(s.concurrent_updates)
        app = builder.build()
        app.add_handler(TypeHandler(Update, self._on_update))
        app.add_error_handler(self._on_error)
        return app

    @property
    def webhook_secret(self) -> str:
        """The configured secret, else one derived from the token: a webhook is never left unchecked."""
        if self.settings.webhook_secret is not None:
            return self.settings.webhook_secret.get_secret_value()
        assert self.settings.token is not None
        return hashlib.sha256(self.settings.token.get_secret_value().encode()).hexdigest()

    async def start(self) -> None:
        """Take updates. A webhook's port is opened first (a port taken is told before Telegram is asked), then the
        token is checked (getMe), then the webhook route is added and set. What the operator must fix (the token,
        the network, the port, the webhook URL) stops the start as a `CannotRun` (bot/failures.py)."""
        s = self.settings
        if s.webhook_url:
            # gopy's own server, not PTB's: the secret is checked before a body is read, and bodies are capped.
            web = WebServer(s.webhook_listen, s.webhook_port)
            try:
                await web.start()
            except OSError as exc:
                raise port_error(exc, s.webhook_listen, s.webhook_port, "TELEGRAM_WEBHOOK_PORT") from exc
            self.web = web
        await self.open()
        with self._explained():
            await set_menu(self.app.bot, None, roles.menu(None, self.engine.flow.commands))
            # Updates taken first, then handled (PTB's own order): a refusal is told before anything is logged.
            if s.webhook_url:
                assert self.web is not None
                path = urlparse(s.webhook_url).path
                self.web.add_webhook(path, secret=self.webhook_secret, header=SECRET_HEADER, deliver=self._enqueue)
                try:
                    await self.app.bot.set_webhook(
                        s.webhook_url, secret_token=self.webhook_secret, allowed_updates=ALLOWED_UPDATES
                    )
                except BadRequest as exc:  # not HTTPS, a port Telegram does not take, a name it cannot resolve
                    raise CannotRun("cli.ops.telegram_webhook", url=s.webhook_url, reason=exc.message) from exc
            else:
                updater = self.app.updater
                assert updater is not None
                await updater.start_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
            await self.app.start()
        if s.webhook_url:
            log.info("telegram channel started (webhook, listening on %s:%s)", s.webhook_listen, s.webhook_port)
        else:
            log.info("telegram channel started (polling)")

    async def open(self) -> None:
        """Ready to send, without taking updates (`gopy scheduler`, `gopy schedule run-due`): another process may be
        polling this bot, and Telegram allows one getUpdates at a time. The token is checked here (getMe)."""
        with self._explained():
            try:
                await self.app.initialize()
            except BaseException:
                await self.app.bot.shutdown()  # its HTTP clients were opened before getMe failed
                raise

    @contextlib.contextmanager
    def _explained(self) -> Iterator[None]:
        """PTB's errors at start that the operator fixes, as `CannotRun`: a refused token (PTB's own message holds
        the token: it is only a cause, logged at DEBUG through the privacy filter), no connection to Telegram."""
        try:
            yield
        except InvalidToken as exc:
            raise CannotRun("cli.ops.telegram_token") from exc
        except BadRequest:  # a NetworkError to PTB, but Telegram's answer: not the network
            raise
        except NetworkError as exc:  # TimedOut too
            host = urlparse(api_urls(self.settings.base_url)[0]).netloc
            raise CannotRun("cli.ops.telegram_network", host=host, why=t(network_reason(exc))) from exc

    async def close(self) -> None:
        await self.app.shutdown()

    async def _enqueue(self, data: dict[str, Any]) -> None:
        """A webhook delivery, handed to PTB's update queue (as its own webhook server does)."""
        update = Update.de_json(data, self.app.bot)
        if update is not None:
            await self.app.update_queue.put(update)

    async def stop(self) -> None:
        if self.web is not None:
            await self.web.stop()
            self.web = None
        updater = self.app.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Translate, let the engine apply it (and commit), render the replies."""
        incoming = to_incoming(update)
        chat = update.effective_chat
        if incoming is None or chat is None:
            return
        query = update.callback_query
        answered = False

        async def answer(replies: list[Reply]) -> None:
            """The press answered once the transaction is committed (its acknowledgement as a toast), not after
            the edit, which may wait behind the rate limiter."""
            nonlocal answered
            if query is None or answered:
                return
            answered = True
            toast = next((r.toast for r in replies if r.toast), "")
            with contextlib.suppress(TelegramError):  # a press from long ago ("query is too old") still counts
                await query.answer(toast or None)

        try:
            await self._dispatch(update, incoming, chat, answer)
        finally:
            await answer([])  # a press the engine did not apply (a group, a limit): the spinner stops anyway

    async def _dispatch(
        self, update: Update, incoming: Incoming, chat: Chat, answer: Callable[[list[Reply]], Awaitable[None]]
    ) -> None:
        if chat.type != ChatType.PRIVATE:
            # A group sees everything said in it: nobody's conversation or comments belong there. `/start CODE`
            # goes to the engine (a board invite registers the group for the reports: handlers/groups.py); any
            # other command gets one line saying so; anything else is left alone.
            if self._start_with_code(update, incoming):
                await self.engine.handle(replace(incoming, chat_id=str(chat.id), group=True))
            elif incoming.kind == Kind.COMMAND:
                await self.engine.delivery.send_now(
                    Address(CHANNEL, str(chat.id)), [Reply(t("chat.group.private_only"))]
                )
            return
        if incoming.kind == Kind.FILE and update.message is not None and update.message.document is not None:
            incoming = await self._with_document(incoming, update.message.document)
        # The engine delivers the replies.
        await self.engine.handle(replace(incoming, chat_id=str(chat.id)), committed=answer)

    async def _with_document(self, incoming: Incoming, document: Document) -> Incoming:
        """A document's name and size; its bytes too when it is a spreadsheet within the size bound (a filled-in
        template: handlers/flow/records.py decides who may send one). Anything else is not downloaded."""
        name = document.file_name or ""
        size = document.file_size or 0
        found = replace(incoming, file_name=name, file_size=size)
        if not name.lower().endswith(SPREADSHEETS) or size > MAX_DOCUMENT_BYTES:
            return found
        try:
            remote = await document.get_file()
            content = bytes(await remote.download_as_bytearray())
        except TelegramError as exc:  # the person is told the file was not read
            log.warning("document not downloaded: %r", exc)
            return found
        if len(content) > MAX_DOCUMENT_BYTES:
            return replace(found, file_size=len(content))
        return replace(found, file=content, file_size=len(content))

    def _start_with_code(self, update: Update, incoming: Incoming) -> bool:
        """`/start CODE` or `/start@<this bot> CODE` (Telegram's "add to group" link sends the latter)."""
        if incoming.kind != Kind.COMMAND or incoming.command != "start" or not incoming.text.strip():
            return False
        head = (update.message.text or "").split(maxsplit=1)[0] if update.message is not None else ""
        _, at, name = head.partition("@")
        return not at or name.casefold() == (self.app.bot.username or "").casefold()

    async def set_menu(self, address: Address, commands: Sequence[str] | None) -> None:
        """The `MenuSetter` port: one private chat's command menu (None: the default one)."""
        if address.channel != CHANNEL:
            raise ValueError(f"{address} is not a Telegram chat")
        chat_id = int(address.chat_id) if address.chat_id.lstrip("-").isdigit() else address.chat_id
        await set_menu(self.app.bot, chat_id, commands)

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """The `Sender` port: replies, reports, reminders. What Telegram refuses is a `SendError`: transient for
        a flood wait, a 5xx or a network failure (the outbox tries again), final for a chat that is gone."""
        if address.channel != CHANNEL:
            raise ValueError(f"{address} is not a Telegram chat")
        chat_id = int(address.chat_id) if address.chat_id.lstrip("-").isdigit() else address.chat_id
        try:
            await self._send(chat_id, replies)
        except RetryAfter as exc:
            wait = exc.retry_after  # a timedelta (PTB_TIMEDELTA, set above); seconds in older PTB
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            raise SendError("flood wait", transient=True, retry_after=seconds) from exc
        except Forbidden as exc:  # blocked by the user, removed from the group
            raise SendError(type(exc).__name__, transient=False, blocked=True) from exc
        except BadRequest as exc:
            raise SendError(type(exc).__name__, transient=False) from exc
        except TelegramError as exc:  # 5xx, connection, timeout, a bad token (the bot's fault, not the chat's): again
            raise SendError(type(exc).__name__, transient=True) from exc

    async def _send(self, chat_id: int | str, replies: Sequence[Reply]) -> None:
        bot = self.app.bot
        for reply in replies:
            if not reply.text and reply.edit is not None and not reply.files:  # an old message's buttons taken off
                await self._unkey(chat_id, int(reply.edit))
                continue
            if reply.text:
                markup = keyboard(reply)
                edit = int(reply.edit) if reply.edit is not None and len(reply.text) <= MESSAGE_LIMIT else None
                if edit is not None and await self._edit(chat_id, edit, reply.text, markup):
                    await self._now_live(chat_id, edit if markup else None, edited=edit)
                    continue
                chunks = split_text(reply.text, MESSAGE_LIMIT)
                for i, chunk in enumerate(chunks):
                    last = i == len(chunks) - 1
                    sent = await bot.send_message(chat_id, chunk, reply_markup=markup if last else None)
                    if last and markup is not None:
                        known = int(reply.unkey) if reply.unkey and reply.unkey.isdigit() else None
                        await self._now_live(chat_id, sent.message_id, known=known)
            for name, content in reply.files:
                await bot.send_document(chat_id, InputFile(BytesIO(content), filename=name))

    async def _edit(self, chat_id: int | str, message_id: int, text: str, markup: InlineKeyboardMarkup | None) -> bool:
        """The message replaced in place; False when Telegram cannot edit it (gone, too old): sent anew then. An edit
        sent twice (a retry, a restart) is "not modified": done."""
        try:
            await self.app.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return True
            log.info("message not edited, sent anew: %s", exc)
            return False
        return True

    async def _now_live(
        self, chat_id: int | str, message_id: int | None, *, edited: int | None = None, known: int | None = None
    ) -> None:
        """`message_id` carries the chat's buttons now (None: the edited message `edited` has none any more): the
        buttons of the one before are taken off, so that only the live message has any. `known`: the one before as
        the conversation remembers it, when this process does not (it restarted)."""
        before = self.live.pop(chat_id, None) or known
        if message_id is not None:
            self.live[chat_id] = message_id
            if len(self.live) > LIVE_KEPT:
                self.live.popitem(last=False)
        if before is None or before in (message_id, edited):
            return
        await self._unkey(chat_id, before)

    async def _unkey(self, chat_id: int | str, message_id: int) -> None:
        """A message's buttons taken off (editMessageReplyMarkup without a markup)."""
        if self.live.get(chat_id) == message_id:
            self.live.pop(chat_id, None)
        try:
            await self.app.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=None)
        except TelegramError as exc:  # gone, not modified, or the network: an old keyboard answers as stale anyway
            log.info("buttons of an earlier message not removed: %s", type(exc).__name__)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # No personal data in logs: the exception only, never the message text or the user.
        log.error("update failed: %r", context.error, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await self.app.bot.send_message(update.effective_chat.id, t("chat.error"))
            except Exception as exc:
                log.warning("could not send the error notice: %r", exc)
