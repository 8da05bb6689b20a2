"""The conversation engine: one database transaction per incoming message, replies released after commit.

On SQLite the transaction runs inline on the event loop (a database thread lost to GIL hand-offs); on PostgreSQL
in a small thread pool. A participant's messages are handled one at a time, in order. The hot path uses Core
statements built once (see `_LOAD`): the ORM's unit of work cost more than the SQL itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.messages import t
from handlers.context import Ctx, EngineConfig, ReportRequest
from handlers.flow import ACTIONS, TEXTS, commands, reshow
from handlers.types import Incoming, Kind, Reply
from storage.db import Database
from storage.models import ConversationState, Document, InboundUpdate, Participant

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from aggregation.api import ChatReport

ReportBuilder = Callable[[Database, str | None], "ChatReport"]
Notify = Callable[[list[Reply]], Awaitable[None]]

# The statements of every transaction, built once (SQLAlchemy then skips their cache-key generation) and run on
# the session's connection with Core: the ORM's unit of work cost more than the SQL itself here.
_P = cast(Table, Participant.__table__)
_S = cast(Table, ConversationState.__table__)
_PARTICIPANT_COLUMNS = tuple(c.key for c in _P.columns if c.key not in ("created_at", "updated_at"))
_LOAD = (
    select(*(_P.c[k] for k in _PARTICIPANT_COLUMNS), _S.c.step, _S.c.data)
    .join(_S, _S.c.participant_id == _P.c.id)
    .where(_P.c.channel == bindparam("channel"), _P.c.channel_user_id == bindparam("uid"))
    .with_for_update(of=_S)
)
_INSERT_PARTICIPANT = insert(_P)
_INSERT_STATE = insert(_S)
_UPDATE_PARTICIPANT = update(_P).where(_P.c.id == bindparam("pid"))
_UPDATE_STATE = (
    update(_S)
    .where(_S.c.participant_id == bindparam("pid"))
    .values(step=bindparam("step"), data=bindparam("data"), updated_at=bindparam("updated_at"))
)
_INSERT_UPDATE = insert(cast(Table, InboundUpdate.__table__))


class Engine:
    def __init__(
        self,
        db: Database,
        config: EngineConfig | None = None,
        *,
        report_builder: ReportBuilder | None = None,
        db_threads: int | None = None,
    ) -> None:
        self.db = db
        self.config = config or EngineConfig()
        self._report_builder = report_builder
        # SQLite: inline on the event loop. A database thread lost to GIL hand-offs with the event loop (measured:
        # 31 comments/s with one DB thread against several hundred inline); a SQLite write in WAL mode without
        # fsync takes about a millisecond. PostgreSQL: a pool of threads, its waits are on the network.
        threads = (0 if db.is_sqlite else 8) if db_threads is None else db_threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gopy-db") if threads > 0 else None
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}
        self._recent: dict[tuple[str, str], deque[float]] = {}
        self._warned: dict[tuple[str, str], float] = {}

    async def handle(self, incoming: Incoming, *, notify: Notify | None = None) -> list[Reply]:
        """Apply one incoming message; the replies returned are already backed by a committed transaction.

        `notify`, when the channel gives one, sends replies at once, before the slow work after the transaction
        (the `/baocao` report): the official is told that the report is coming.
        """
        if (limited := self._rate_limited(incoming)) is not None:
            return limited
        async with self._serialised((incoming.channel, incoming.user_id)):
            if self._executor is None:
                replies, deferred = self.handle_sync(incoming)
            else:
                loop = asyncio.get_running_loop()
                replies, deferred = await loop.run_in_executor(self._executor, self.handle_sync, incoming)
        for request in deferred:
            replies.extend(await self._report(request, replies, notify))
        return replies

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)

    # --- the transaction ---

    def handle_sync(self, incoming: Incoming) -> tuple[list[Reply], list[ReportRequest]]:
        try:
            return self._apply(incoming)
        except IntegrityError:
            # The whole transaction rolled back. Either the same delivery was applied before (a redelivered
            # update, or another worker got it first): answer as it was answered then. Or another worker created
            # this participant at the same moment: apply again, now that the row exists.
            if incoming.update_id is not None:
                with self.db.unit() as session:
                    stored = self._stored_replies(session, incoming)
                if stored is not None:
                    return stored, []
            return self._apply(incoming)

    def _apply(self, incoming: Incoming) -> tuple[list[Reply], list[ReportRequest]]:
        with self.db.unit() as session:
            conn = session.connection()
            participant, state, before = self._participant(conn, incoming)
            ctx = Ctx(session, participant, state, incoming, datetime.now(UTC), self.config)
            dispatch(ctx)
            ctx.save()
            # The participant and state rows are written with Core, in this transaction: only the participant
            # columns a step changed, the state row always (its step, data and updated_at), as the ORM did.
            changed = {k: v for k in _PARTICIPANT_COLUMNS if (v := getattr(participant, k)) != before.get(k)}
            if changed:
                conn.execute(_UPDATE_PARTICIPANT, {"pid": participant.id, **changed})
            conn.execute(
                _UPDATE_STATE,
                {"pid": participant.id, "step": state.step, "data": state.data, "updated_at": state.updated_at},
            )
            if incoming.update_id is not None:
                # Claimed last, in the same transaction: a duplicate fails the unique key here and rolls back
                # everything it did (no extra query on the common path).
                conn.execute(
                    _INSERT_UPDATE,
                    {
                        "channel": incoming.channel,
                        "update_id": incoming.update_id,
                        "replies": [r.to_json() for r in ctx.replies],
                    },
                )
        return ctx.replies, ctx.deferred

    @staticmethod
    def _stored_replies(session: Session, incoming: Incoming) -> list[Reply] | None:
        row = session.execute(
            select(InboundUpdate.replies).where(
                InboundUpdate.channel == incoming.channel, InboundUpdate.update_id == incoming.update_id
            )
        ).first()
        if row is None:
            return None
        return [Reply.from_json(r) for r in (row[0] or [])]

    @staticmethod
    def _participant(conn: Connection, incoming: Incoming) -> tuple[Participant, ConversationState, dict[str, Any]]:
        """The participant and their state row (created on first contact), as objects outside the session.

        Read with one Core statement (the state row locked on PostgreSQL); the steps change the objects and
        `_apply` writes the changes back with Core. Also returns the participant's columns as read.
        """
        row = conn.execute(_LOAD, {"channel": incoming.channel, "uid": incoming.user_id}).first()
        if row is None:
            values: dict[str, Any] = {"channel": incoming.channel, "channel_user_id": incoming.user_id}
            key = conn.execute(_INSERT_PARTICIPANT, values).inserted_primary_key
            assert key is not None
            values["id"] = key[0]
            step, data = "new", {"v": 0}
            conn.execute(_INSERT_STATE, {"participant_id": values["id"], "step": step, "data": data})
        else:
            mapping = row._mapping
            values = {k: mapping[k] for k in _PARTICIPANT_COLUMNS}
            step, data = row.step, row.data
        participant = Participant(**values)
        state = ConversationState(participant_id=values["id"], step=step, data=data)
        return participant, state, values

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
                codes = list(session.scalars(select(Document.code).order_by(Document.order, Document.id)))
            wanted = code.casefold()  # codes are matched whatever their case ("dh-test" is "DH-TEST")
            code = next((c for c in codes if c.casefold() == wanted), None)
            if code is None:
                listed = ", ".join(codes) or "—"
                return [Reply(t("chat.report.unknown_doc", code=request.document_code, codes=listed))]
        if notify is not None:  # the replies so far and "being built", sent now: the build takes a while
            await notify([*before, Reply(t("report.chat.building"))])
            before.clear()
        if self._report_builder is not None:
            builder = self._report_builder
        else:  # imported on first use: pandas and matplotlib are not needed to take comments
            from aggregation.api import build_chat_report

            builder = build_chat_report
        # In a worker thread of its own, so that other users are not blocked while the digest is built.
        report = await asyncio.to_thread(builder, self.db, code)
        replies = [Reply(text) for text in report.messages]
        if report.files:
            replies.append(Reply("", files=list(report.files)))
        return replies


def dispatch(ctx: Ctx) -> None:
    """Route one incoming message to the step functions."""
    inc = ctx.incoming
    if inc.kind in (Kind.FILE, Kind.UNSUPPORTED):
        ctx.say_key("chat.unsupported")
        return
    if inc.kind in (Kind.TEXT, Kind.COMMAND) and len(inc.text) > ctx.config.max_text_length:
        ctx.say_key("chat.too_long", length=len(inc.text), limit=ctx.config.max_text_length)
        return
    if inc.kind == Kind.COMMAND:
        commands.handle(ctx)
        return
    if ctx.step in ("new", "refused") or (ctx.participant.consent_at is None and ctx.step != "consent"):
        if ctx.step == "new":
            from handlers.flow.onboarding import start

            start(ctx, "")
        else:
            ctx.say_key("chat.need_consent")
        return
    if inc.kind == Kind.CHOICE:
        version, _, rest = inc.payload.partition(":")
        name, _, arg = rest.partition(":")
        if version != str(ctx.version) or name not in ACTIONS:
            ctx.say_key("chat.stale_button")
            return
        ACTIONS[name](ctx, arg)
        return
    if (pressed := ctx.typed_button(inc.text)) is not None and pressed[0] in ACTIONS:
        ACTIONS[pressed[0]](ctx, pressed[1])  # a button's label typed as text: as if it were pressed
        return
    handler = TEXTS.get(ctx.step)
    if handler is None:
        ctx.say_key("chat.use_buttons")
        reshow(ctx)
        return
    handler(ctx, inc.text)
