"""The conversation engine: one database transaction per incoming message, replies released after commit.

On SQLite the transaction runs inline on the event loop (a database thread lost to GIL hand-offs); on PostgreSQL
in a small thread pool. A participant's messages are handled one at a time, in order. The reads and writes of the
hot path are Core statements built once (storage/conversation.py): the ORM's unit of work cost more than the SQL.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from core import clock
from core.address import Address
from core.messages import addressing, t
from handlers import groups, roles, submission
from handlers.context import (
    Ctx,
    Deferred,
    EngineConfig,
    MenuRequest,
    Notice,
    ProgressRequest,
    ReportRequest,
    SubmitRequest,
    UnitReportRequest,
)
from handlers.delivery import Delivery
from handlers.flow import (
    amend,
    browse,
    commands,
    compose,
    grant,
    link,
    mine,
    onboarding,
    progress,
    records,
    reminders,
    report,
    submit,
)
from handlers.flow.router import Flow
from handlers.ports import (
    ChatReport,
    MenuSetter,
    ProgressBuilder,
    ReportBuilder,
    ScopedReportBuilder,
    Sender,
    Senders,
    UnitReportBuilder,
)
from handlers.states import Action, Step
from handlers.types import Incoming, Kind, Reply
from handlers.view import one_message
from storage import conversation, outbox, queries
from storage import roles as role_store
from storage.db import Database
from storage.models import ConversationState, Role

log = logging.getLogger(__name__)

Notify = Callable[[list[Reply]], Awaitable[None]]
T = TypeVar("T")
# How long a delivery is remembered: platforms redeliver within hours; Telegram reuses update ids after a week
# without updates, so an older id is a new message.
DELIVERY_KEPT = timedelta(days=2)


FORGET_EVERY = 10_000


def delivery_key(incoming: Incoming) -> str:
    """A delivery's identity: its update id with the user's, so that another user's reused id is not a duplicate."""
    return f"{incoming.user_id}:{incoming.update_id}"


def build_flow(*, strict: bool = False) -> Flow:
    """The conversation: every flow module's router, included here and nowhere else."""
    return Flow(
        onboarding.router,
        browse.router,
        compose.router,
        amend.router,
        mine.router,
        reminders.router,
        submit.router,
        link.router,
        progress.router,
        report.router,
        grant.router,
        records.router,
        commands.router,
        strict=strict,
    )


class Engine:
    def __init__(
        self,
        db: Database,
        config: EngineConfig | None = None,
        *,
        report_builder: ReportBuilder | None = None,
        unit_report_builder: UnitReportBuilder | None = None,
        scoped_report_builder: ScopedReportBuilder | None = None,
        progress_builder: ProgressBuilder | None = None,
        db_threads: int | None = None,
    ) -> None:
        self.db = db
        self.config = config or EngineConfig()
        self.report_builder = report_builder  # injected by the composition root (aggregation/ builds it)
        self.unit_report_builder = unit_report_builder  # a unit's own summary (`/nopbaocao`), injected likewise
        self.scoped_report_builder = scoped_report_builder  # `/baocao`'s choices: a unit, an audience, a period
        self.progress_builder = progress_builder  # `/tiendo`: a unit's progress, or every unit's
        self.menus: dict[str, MenuSetter] = {}  # channels with a command menu per chat (`register_menus`)
        self.flow = build_flow(strict=self.config.strict_flow)
        # SQLite: inline on the event loop. A database thread lost to GIL hand-offs with the event loop (measured:
        # 31 comments/s with one DB thread against several hundred inline); a SQLite write in WAL mode without
        # fsync takes about a millisecond. PostgreSQL: a pool of threads, its waits are on the network.
        threads = (0 if db.is_sqlite else 8) if db_threads is None else db_threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gopy-db") if threads > 0 else None
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}
        self._recent: dict[tuple[str, str], deque[float]] = {}
        self._warned: dict[tuple[str, str], float] = {}
        self._handled = 0
        # The channels that deliver through the outbox (`register`): their replies are committed with the update
        # and sent by `delivery`, retried until the platform takes them.
        self.senders = Senders({})
        self.delivery = Delivery(db, self.senders, self._run_db)
        self.editing: set[str] = set()  # channels whose answers are one message, a button's replacing its own

    def register(self, name: str, sender: Sender, *, edits: bool = False) -> None:
        """A channel whose replies the engine delivers (through the outbox), and the scheduler's way to it.
        `edits`: the channel edits its messages; each answer is one message, a button's edits the one it was on."""
        self.senders.by_channel[name] = sender
        if edits:
            self.editing.add(name)

    def register_menus(self, name: str, setter: MenuSetter) -> None:
        """A channel whose chats have a command menu: each participant's is set to their role's."""
        self.menus[name] = setter

    async def start(self) -> None:
        """Deliver what was committed and not yet sent, and keep retrying what fails."""
        await self.delivery.start()

    async def stop(self) -> None:
        await self.delivery.stop()

    async def handle(
        self, incoming: Incoming, *, notify: Notify | None = None, committed: Notify | None = None
    ) -> list[Reply]:
        """Apply one incoming message; the replies returned are already backed by a committed transaction.

        For a registered channel the engine also delivers them (the outbox). `notify`, for a channel that renders
        replies itself, sends replies at once, before the slow work after the transaction (the `/baocao` report).
        `committed` is called with the replies as soon as the transaction is committed, before they are delivered
        (Telegram answers the button press there: its acknowledgement does not wait behind the rate limiter).
        """
        incoming = incoming.cleaned()
        address = incoming.address
        delivering = self.delivery.delivers(incoming.channel)
        if (limited := self._rate_limited(incoming)) is not None:
            if delivering:
                await self.delivery.send_now(address, limited)
            return limited
        if incoming.group:  # a group chat: a board invite registers it; nobody's conversation happens there
            return await self._group(incoming, delivering)
        async with self._serialised((incoming.channel, incoming.user_id)):
            replies, deferred, staged = await self._run_db(lambda: self.handle_sync(incoming))
            if committed is not None:
                await committed(replies)
            if staged is not None:  # sent in order: this user's next update waits until this one is out
                try:
                    await self.delivery.deliver(staged, address, replies)
                except Exception as exc:  # committed: the outbox sends it later; never an error to the user
                    log.warning("delivery of an update's replies deferred: %r", exc)
        if deferred and delivering:  # the report's notice and the report itself go out now, a few tries each

            async def notify(early: list[Reply]) -> None:
                await self.delivery.send_now(address, early)

        # Through the outbox the replies so far are already out; a channel that renders them itself gets them
        # with the "being built" notice (`_report` empties the list it was given then).
        before = [] if delivering else replies
        for request in deferred:
            if isinstance(request, SubmitRequest):  # delivered through the outbox by `_submit` itself
                replies.extend(await self._submit(request, address, delivering, before, notify))
                continue
            if isinstance(request, (MenuRequest, Notice)):  # for someone's chats, nothing said to the sender
                await self._for_others(request)
                continue
            if isinstance(request, ProgressRequest):
                report = await self._progress(request, before, notify)
            elif isinstance(request, UnitReportRequest):
                report = await self._unit_report(request, before, notify)
            else:
                report = await self._report(request, before, notify)
            if delivering:
                await self.delivery.send_now(address, report)
            replies.extend(report)
        return replies

    async def _run_db(self, fn: Callable[[], T]) -> T:
        """A blocking database call: inline on SQLite, in the database threads on PostgreSQL."""
        if self._executor is None:
            return fn()
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    def close(self) -> None:
        flushed: list[int] = []
        try:
            with self.db.unit() as session:  # what was delivered since the last transaction is forgotten now
                flushed = self.delivery.flush(session.connection())
        except Exception as exc:  # they are resent at the next start: better than lost
            log.warning("could not forget delivered replies: %r", exc)
        self.delivery.flushed(flushed)
        if self._executor is not None:
            self._executor.shutdown(wait=True)

    # --- the transaction ---

    def handle_sync(self, incoming: Incoming) -> tuple[list[Reply], list[Deferred], int | None]:
        """The transaction: (replies, work after it, the outbox row staged for delivery). A redelivered update is
        answered as it was, and delivers nothing again (its replies were, or are in the outbox)."""
        if self._handled % FORGET_EVERY == 0:  # at the first update, then now and then: old deliveries go
            with self.db.unit() as session:
                conversation.forget_deliveries(session, clock.now() - DELIVERY_KEPT)
        self._handled += 1
        try:
            return self._apply(incoming)
        except IntegrityError:
            # The whole transaction rolled back. Either the same delivery was applied before (a redelivered
            # update, or another worker got it first): answer as it was answered then. Or another worker created
            # this participant at the same moment: apply again, now that the row exists.
            if incoming.update_id is not None:
                with self.db.unit() as session:
                    stored = conversation.stored_replies(
                        session, incoming.channel, delivery_key(incoming), clock.now() - DELIVERY_KEPT
                    )
                if stored is not None:
                    return [Reply.from_json(r) for r in stored], [], None
            return self._apply(incoming)

    def _apply(self, incoming: Incoming) -> tuple[list[Reply], list[Deferred], int | None]:
        flushed: list[int] = []
        try:
            return self._transaction(incoming, flushed)
        except BaseException:
            self.delivery.unflush(flushed)  # rolled back: those rows are deleted with a later transaction
            raise

    def _transaction(self, incoming: Incoming, flushed: list[int]) -> tuple[list[Reply], list[Deferred], int | None]:
        with self.db.unit() as session:
            conn = session.connection()
            participant, state, before = conversation.load(conn, incoming.channel, incoming.user_id)
            if self.config.address_forms is None:  # the plan's forms of address: read once per process
                self.config = replace(self.config, address_forms=queries.address_forms(session))
            ctx = Ctx(session, participant, state, incoming, clock.now(), self.config, self.flow)
            forms = self.config.address_forms
            # Asked at each message rendered: a role chosen or granted during this update is addressed at once.
            with addressing(lambda: roles.address_form(ctx.participant.role, forms)):
                if not over_shared_limit(ctx):
                    dispatch(ctx, self.flow)
            self._staff_work(ctx, conn)
            if incoming.channel in self.editing:
                self._one_message(ctx)
            ctx.save()
            if ctx.switched is not None:  # this channel was linked to another participant (/lienket): theirs now
                participant, state, before = ctx.participant, ctx.state, ctx.switched
            conversation.save(conn, participant, state, before)
            flushed += self.delivery.flush(conn)  # delivered rows of earlier updates go with this commit
            replies = [r.to_json() for r in ctx.replies if r.text or r.choices or r.files or r.edit]
            staged = None
            delivering = self.delivery.delivers(incoming.channel)
            if replies and delivering:  # committed here, sent after the commit (with its files: a template)
                files = any(r.files for r in ctx.replies)
                rows = [r.to_json(files=True) for r in ctx.replies if r.files or r.text or r.edit] if files else replies
                staged = self.delivery.stage(conn, incoming.address, rows)
            if incoming.update_id is not None:
                # Claimed last, in the same transaction: a duplicate fails the unique key here and rolls back
                # everything it did (no extra query on the common path). Its replies are kept only for a channel
                # that renders them itself: through the outbox a duplicate is not answered again.
                conversation.claim_update(conn, incoming.channel, delivery_key(incoming), [] if delivering else replies)
        self.delivery.flushed(flushed)
        return ctx.replies, ctx.deferred, staged

    @staticmethod
    def _one_message(ctx: Ctx) -> None:
        """A channel that edits its messages (Telegram): the answer as one message, a button's replacing the message
        it was on. `data["live"]`: the message known to carry this chat's buttons (None once they went on a new
        message, whose id only the channel learns), kept across restarts for the channel to take them off."""
        inc = ctx.incoming
        live = ctx.data.get("live")
        pressed = inc.message_id if inc.kind == Kind.CHOICE else None
        if ctx.stale and pressed and pressed != str(live):  # an older message's button: only its buttons go
            ctx.replies = [Reply("", edit=pressed, toast=ctx.toast)]
            return
        ctx.replies = one_message(ctx.replies, edit=pressed, toast=ctx.toast, unkey=str(live) if live else None)
        if not ctx.replies and ctx.toast:  # a toast alone (a double tap): answered, nothing to send
            ctx.replies = [Reply("", toast=ctx.toast)]
        if any(r.choices and r.edit is None for r in ctx.replies):
            ctx.data.pop("live", None)  # the buttons go on a new message
        elif pressed and any(r.choices and r.edit == pressed for r in ctx.replies):
            ctx.data["live"] = pressed

    # --- around the transaction ---

    @asynccontextmanager
    async def _serialised(self, key: tuple[str, str]) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def _rate_limited(self, incoming: Incoming) -> list[Reply] | None:
        """A per-user sliding window of one minute; the first message over the limit gets a polite word."""
        key = (incoming.channel, incoming.user_id)
        now = time.monotonic()
        recent = self._recent.setdefault(key, deque())
        while recent and recent[0] <= now - 60:
            recent.popleft()
        if len(recent) < self.config.rate_limit_per_minute:
            recent.append(now)
            if len(self._recent) > 10_000:
                self._forget_idle(now)
            return None
        if self._warned.get(key, 0.0) > now - 60:
            return []
        self._warned[key] = now
        return [Reply(t("chat.rate_limited"))]

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, r in self._recent.items() if not r or r[-1] <= now - 60]:
            self._recent.pop(key, None)
            self._warned.pop(key, None)

    async def _report(self, request: ReportRequest, before: list[Reply], notify: Notify | None) -> list[Reply]:
        code = request.document_code
        if code is not None:
            with self.db.unit() as session:
                codes = queries.document_codes(session)
            wanted = code.casefold()  # codes are matched whatever their case ("dh-test" is "DH-TEST")
            code = next((c for c in codes if c.casefold() == wanted), None)
            if code is None:
                listed = ", ".join(codes) or "—"
                return [Reply(t("chat.report.unknown_doc", code=request.document_code, codes=listed))]
        scope = request.scope
        if scope is not None and not scope.by_document_only:  # a unit, an audience or a period chosen
            if self.scoped_report_builder is None:  # no builder given (a test engine)
                return [Reply(t("chat.error"))]
            build = partial(self.scoped_report_builder, self.db, replace(scope, document_code=code))
        elif self.report_builder is None:  # no builder given (a test engine): said before anything is promised
            return [Reply(t("chat.error"))]
        else:
            build = partial(self.report_builder, self.db, code)
        return await self._built(build, before, notify, t("report.chat.building"))

    async def _built(
        self, build: Callable[[], ChatReport], before: list[Reply], notify: Notify | None, notice: str
    ) -> list[Reply]:
        """A report or progress figures built after the transaction: "being built" first (with the replies so far),
        then the build in a worker thread of its own, so that other users are not blocked meanwhile."""
        if notify is not None:  # the replies so far and "being built", sent now: the build takes a while
            await notify([*before, Reply(notice)])
            before.clear()
        report = await asyncio.to_thread(build)
        replies = [Reply(text) for text in report.messages]
        if report.files:
            replies.append(Reply("", files=list(report.files)))
        return replies

    async def _unit_report(self, request: UnitReportRequest, before: list[Reply], notify: Notify | None) -> list[Reply]:
        """A unit's own summary (`/tiendo`'s choice), by the unit report builder; its scope was checked in the
        transaction that asked for it (handlers/flow/progress.py)."""
        if self.unit_report_builder is None:
            return [Reply(t("chat.error"))]
        build = partial(self.unit_report_builder, self.db, request.unit_code)
        return await self._built(build, before, notify, t("report.chat.building"))

    async def _progress(self, request: ProgressRequest, before: list[Reply], notify: Notify | None) -> list[Reply]:
        """`/tiendo`: the figures (one unit's, or every unit's), then the choices made in the transaction."""
        if self.progress_builder is None:
            return [Reply(t("chat.error"))]
        build = partial(self.progress_builder, self.db, request.unit_id, clock.now())
        replies = await self._built(build, before, notify, t("chat.progress.building"))
        if request.prompt or request.choices:
            replies.append(Reply(request.prompt, request.choices))
        return replies

    # --- roles: menus, and messages to the people whose role changed ---

    def _staff_work(self, ctx: Ctx, conn: Connection) -> None:
        """In the update's transaction: this chat's command menu when it is not the role's (a role just applied or
        granted, or set while the bot was not running), and the messages to others (`Notice`) staged with it."""
        inc, p = ctx.incoming, ctx.participant
        if inc.channel in self.menus and p.id is not None:
            shown = ctx.data.get("menus")
            current = shown.get(inc.channel, roles.DEFAULT_MENU) if isinstance(shown, dict) else roles.DEFAULT_MENU
            key = roles.menu_key(p.role)
            asked = any(isinstance(d, MenuRequest) and d.participant_id == p.id for d in ctx.deferred)
            if current != key and not asked:
                ctx.deferred.append(MenuRequest(p.id, key, inc.address))
        for item in ctx.deferred:
            if isinstance(item, Notice):
                rows = [r.to_json() for r in item.replies]
                if self.delivery.delivers(item.address.channel):  # held by this worker, sent after the commit
                    item.row_id = self.delivery.stage(conn, item.address, rows)
                else:  # the process running that channel sends it from the outbox
                    outbox.add(conn, item.address.channel, item.address.chat_id, rows, clock.now())

    async def _for_others(self, request: MenuRequest | Notice) -> None:
        if isinstance(request, Notice):
            if request.row_id is not None:
                try:
                    await self.delivery.deliver(request.row_id, request.address, request.replies)
                except Exception as exc:  # committed: the outbox sends it later
                    log.warning("delivery of a notice deferred: %r", exc)
            return
        if not self.menus:
            return
        if request.address is not None:
            chats = [request.address]
        else:

            def read() -> list[Address]:
                with self.db.unit() as session:
                    return role_store.addresses(session, request.participant_id)

            chats = await self._run_db(read)
        role = Role(request.key) if request.key in Role._value2member_map_ else None
        commands = None if request.key == roles.DEFAULT_MENU else roles.menu(role, self.flow.commands)
        for chat in chats:
            setter = self.menus.get(chat.channel)
            if setter is None:
                continue
            try:
                await setter.set_menu(chat, commands)
            except Exception as exc:  # tried again at this person's next message
                log.warning("command menu not set: %r", exc)
                continue
            await self._run_db(partial(self._menu_shown, request.participant_id, chat.channel, request.key))

    def _menu_shown(self, participant_id: int, channel: str, key: str) -> None:
        """Remember which menu this participant's chat on `channel` now shows (in their state row)."""
        with self.db.unit() as session:
            state = session.get(ConversationState, participant_id)
            if state is None:
                return
            data = dict(state.data or {})
            shown = dict(data.get("menus") or {})
            shown[channel] = key
            data["menus"] = shown
            state.data = data

    async def _submit(
        self, request: SubmitRequest, address: Address, delivering: bool, before: list[Reply], notify: Notify | None
    ) -> list[Reply]:
        """`/nopbaocao` confirmed: the unit's summary built (no transaction held), then recorded and staged for the
        secretary and the ward office in one transaction, then delivered (what fails waits in the outbox)."""

        async def answer(replies: list[Reply]) -> list[Reply]:
            if delivering:
                await self.delivery.send_now(address, replies)
            return replies

        def read() -> submission.Target | None:
            with self.db.unit() as session:
                return submission.target(session, request.unit_id)

        unit = await self._run_db(read)
        if unit is None or self.unit_report_builder is None:  # the unit is gone; no builder given (a test engine)
            return await answer([Reply(t("chat.error"))])
        if notify is not None and before:  # "being built", shown now: the build takes a while
            await notify(list(before))
            before.clear()
        try:
            report = await asyncio.to_thread(self.unit_report_builder, self.db, unit.code)
        except Exception as exc:  # nothing recorded, nothing sent: the secretary is told to try again
            log.error("unit summary not built: %r", exc, exc_info=exc)
            return await answer([Reply(t("chat.submit.failed", unit=unit.label))])

        def record() -> tuple[list[Reply], list[submission.Outgoing]]:
            with self.db.unit() as session:
                conn = session.connection()

                def stage(to: Address, replies: list[dict[str, object]]) -> int:
                    if self.delivery.delivers(to.channel):  # held by this worker, sent right after the commit
                        return self.delivery.stage(conn, to, replies)
                    return outbox.add(conn, to.channel, to.chat_id, replies, clock.now())  # due for its channel

                secretary = address if delivering else None
                forms = self.config.address_forms
                return submission.record(
                    session, unit, request.participant_id, report, secretary, clock.now(), stage, forms=forms
                )

        mine, outgoing = await self._run_db(record)
        for item in outgoing:
            if not self.delivery.delivers(item.address.channel):
                continue  # the process running that channel (e-mail, another platform) sends it from the outbox
            try:
                await self.delivery.deliver(item.row_id, item.address, item.replies)
            except Exception as exc:  # committed: the outbox sends it later
                log.warning("delivery of a submitted summary deferred: %r", exc)
        return mine

    async def _group(self, incoming: Incoming, delivering: bool) -> list[Reply]:
        """A command in a group chat (`groups.handle`): its answer committed with what it did, through the outbox."""

        def apply() -> tuple[list[Reply], int | None]:
            with self.db.unit() as session:
                conn = session.connection()
                replies = groups.handle(session, incoming, clock.now())
                staged = None
                if replies and delivering:
                    staged = self.delivery.stage(conn, incoming.address, [r.to_json() for r in replies])
                if incoming.update_id is not None:  # a redelivery fails here and changes nothing
                    conversation.claim_update(conn, incoming.channel, delivery_key(incoming), [])
            return replies, staged

        try:
            replies, staged = await self._run_db(apply)
        except IntegrityError:  # the same delivery, applied before: answered then
            return []
        if staged is not None:
            try:
                await self.delivery.deliver(staged, incoming.address, replies)
            except Exception as exc:
                log.warning("delivery of a group answer deferred: %r", exc)
        return replies


def over_shared_limit(ctx: Ctx) -> bool:
    """The per-user limit again, counted in the participant's state row (locked in this transaction), so that
    several workers together allow no more than one: a window of a minute, the first message over it answered."""
    window = int(ctx.now.timestamp()) // 60
    kept = ctx.data.get("rl")
    start, count, warned = kept if isinstance(kept, list) and len(kept) == 3 else (window, 0, 0)
    if start != window:
        start, count, warned = window, 0, 0
    count += 1
    over = count > ctx.config.rate_limit_per_minute
    if over and not warned:
        ctx.say_key("chat.rate_limited")
        warned = 1
    ctx.data["rl"] = [start, count, warned]
    return over


def dispatch(ctx: Ctx, flow: Flow) -> None:
    """Route one incoming message: a command, a button (pressed, typed as its label, or its number on a numbered
    channel), or text for the current step."""
    inc = ctx.incoming
    if inc.kind == Kind.FILE and flow.file is not None:  # a spreadsheet of meetings or letters, for those who may
        flow.run(ctx, flow.file, inc.file_name)
        return
    if inc.kind in (Kind.FILE, Kind.UNSUPPORTED):
        ctx.say_key("chat.unsupported")
        return
    if inc.kind in (Kind.TEXT, Kind.COMMAND) and len(inc.text) > ctx.config.max_text_length:
        ctx.say_key("chat.too_long", length=len(inc.text), limit=ctx.config.max_text_length)
        return
    if inc.kind == Kind.RESUME:  # not /tieptuc: under "keep writing or drop?" the question is asked again
        if ctx.participant.consent_at is None:
            flow.run(ctx, flow.commands["start"], "")
        else:
            ctx.reshow()
        return
    if inc.kind == Kind.COMMAND:
        route = flow.commands.get(inc.command)
        if route is None:
            commands.unknown(ctx)
        elif not roles.allowed(ctx.participant.role, inc.command):  # every command checks the role here
            ctx.say_key("chat.need_consent" if ctx.participant.consent_at is None else roles.refusal(inc.command))
        else:
            flow.run(ctx, route, inc.text)
        return
    if ctx.step in (Step.NEW, Step.REFUSED) or (
        ctx.participant.consent_at is None and ctx.step not in (Step.CONSENT, Step.LINK)  # LINK: a code, typed
    ):
        if ctx.step == Step.NEW:
            flow.run(ctx, flow.commands["start"], "")
        else:
            ctx.say_key("chat.need_consent")
        return
    if inc.numbered and inc.kind == Kind.TEXT and ctx.numbers_elsewhere(inc.text):
        ctx.say_key("chat.linking.renumbered")  # the choices were last shown on the person's other channel
        ctx.reshow()
        return
    payload = inc.payload if inc.kind == Kind.CHOICE else (ctx.numbered_choice(inc.text) if inc.numbered else None)
    if payload is not None:
        version, _, rest = payload.partition(":")
        name, _, arg = rest.partition(":")
        action = flow.action_named(name)
        # A button is of this state version and of a kind this step shows: anything else (an old message's button,
        # forged data) changes nothing.
        if version != str(ctx.version) or action is None or action not in flow.offers.get(ctx.step, ()):
            if inc.message_id is None:
                ctx.say_key("chat.stale_button")
            else:
                _stale_press(ctx, inc.message_id, version)
            return
        _press(ctx, flow, action, arg)
        return
    pressed = ctx.typed_button(inc.text)
    action = flow.action_named(pressed[0]) if pressed is not None else None
    if pressed is not None and action is not None and action in flow.offers.get(ctx.step, ()):
        _press(ctx, flow, action, pressed[1])  # a button's label typed as text: as if it were pressed
        return
    route = flow.texts.get(ctx.step)
    if route is None:
        ctx.ask_to_choose()
        ctx.reshow()
        return
    flow.run(ctx, route, inc.text)


def _stale_press(ctx: Ctx, message_id: str, version: str) -> None:
    """A button of another state pressed on a channel that edits its messages. On the live message: a second tap
    before the first one's edit arrived is done once (a toast); anything else there (forged, or the state moved on
    the person's other channel) shows where they stand, in that message. On an older message: only its buttons go,
    the live view stays where it is."""
    live = ctx.data.get("live")
    if live is not None and message_id != str(live):
        ctx.toast, ctx.stale = t("chat.view.stale"), True
    elif live is not None and version == str(ctx.version - 1):
        ctx.toast, ctx.stale = t("chat.view.already"), True
    else:
        ctx.toast = t("chat.view.stale")
        ctx.reshow()


def _press(ctx: Ctx, flow: Flow, action: Action, arg: str) -> None:
    """A button of this step pressed: run it if the participant's role has it (a role taken away since it was
    shown, or a button of a role's flow reached otherwise, is refused as the command would be)."""
    command = roles.ACTIONS.get(action)
    if command is not None and not roles.allowed(ctx.participant.role, command):
        ctx.say_key(roles.refusal(command))
        return
    flow.run(ctx, flow.actions[action], arg)
