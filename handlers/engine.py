"""The conversation engine: one database transaction per incoming message, replies released after commit.

Throughput on SQLite comes from one dedicated database thread (SQLite has one writer anyway, so more threads
only add lock waits); on PostgreSQL a small pool. A participant's messages are handled one at a time, in order.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aggregation.api import ChatReport, build_chat_report
from handlers.context import Ctx, EngineConfig, ReportRequest
from handlers.flow import ACTIONS, TEXTS, commands, reshow
from handlers.messages import t
from handlers.types import Incoming, Kind, Reply
from storage.db import Database
from storage.models import ConversationState, Document, InboundUpdate, Participant

log = logging.getLogger(__name__)

ReportBuilder = Callable[[Database, str | None], ChatReport]


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

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Apply one incoming message; the replies returned are already backed by a committed transaction."""
        if (limited := self._rate_limited(incoming)) is not None:
            return limited
        async with self._serialised((incoming.channel, incoming.user_id)):
            if self._executor is None:
                replies, deferred = self.handle_sync(incoming)
            else:
                loop = asyncio.get_running_loop()
                replies, deferred = await loop.run_in_executor(self._executor, self.handle_sync, incoming)
        for request in deferred:
            replies.extend(await self._report(request))
        return replies

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)

    # --- the transaction ---

    def handle_sync(self, incoming: Incoming) -> tuple[list[Reply], list[ReportRequest]]:
        try:
            return self._apply(incoming)
        except IntegrityError:
            # The same delivery was applied before (a redelivered update, or another worker got it first):
            # the whole transaction rolled back; answer as it was answered then.
            if incoming.update_id is None:
                raise
            with self.db.unit() as session:
                stored = self._stored_replies(session, incoming)
            return (stored or []), []

    def _apply(self, incoming: Incoming) -> tuple[list[Reply], list[ReportRequest]]:
        with self.db.unit() as session:
            participant, state = self._participant(session, incoming)
            ctx = Ctx(session, participant, state, incoming, datetime.now(UTC), self.config)
            dispatch(ctx)
            ctx.save()
            if incoming.update_id is not None:
                # Claimed last, in the same transaction: a duplicate fails the unique key at commit and rolls
                # back everything it did (no extra query on the common path).
                session.add(
                    InboundUpdate(
                        channel=incoming.channel,
                        update_id=incoming.update_id,
                        replies=[r.to_json() for r in ctx.replies],
                    )
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
    def _participant(session: Session, incoming: Incoming) -> tuple[Participant, ConversationState]:
        row = session.execute(
            select(Participant, ConversationState)
            .join(ConversationState, ConversationState.participant_id == Participant.id)
            .where(Participant.channel == incoming.channel, Participant.channel_user_id == incoming.user_id)
            .with_for_update(of=ConversationState)
        ).first()
        if row is not None:
            return row[0], row[1]
        participant = Participant(channel=incoming.channel, channel_user_id=incoming.user_id)
        session.add(participant)
        session.flush()
        state = ConversationState(participant_id=participant.id, step="new", data={"v": 0})
        session.add(state)
        return participant, state

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

    async def _report(self, request: ReportRequest) -> list[Reply]:
        if request.document_code is not None:
            with self.db.unit() as session:
                known = session.scalar(select(Document.id).where(Document.code == request.document_code))
            if known is None:
                return [Reply(t("chat.report.unknown_doc", code=request.document_code))]
        builder = self._report_builder or build_chat_report
        # In a worker thread of its own, so that other users are not blocked while the digest is built.
        report = await asyncio.to_thread(builder, self.db, request.document_code)
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
    handler = TEXTS.get(ctx.step)
    if handler is None:
        ctx.say_key("chat.use_buttons")
        reshow(ctx)
        return
    handler(ctx, inc.text)
