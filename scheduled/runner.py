"""Running the calendar: at a moment, send what is due and not yet sent, exactly once.

For each send due and not in the delivery log: older than the plan's grace period → logged `missed` (shown, never
sent late); otherwise its messages are built (outside any transaction), then ONE transaction claims its key in the
delivery log and stages the messages in the outbox. Only the process whose insert won sends it, through the outbox
(retries, `retry_after`, order per chat), which marks the log `sent`, `failed` or `blocked`. A crash after the
platform took a message and before the outbox row was deleted sends that one message again, once, on restart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from core import clock
from handlers.delivery import Delivery
from handlers.types import Reply
from scheduled import calendar, content
from scheduled.calendar import Send, SendKind
from storage import calendar as calendar_rows
from storage import delivery_log
from storage.calendar import Snapshot
from storage.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
Builder = Callable[[Database, Snapshot, Send], list[Reply]]
CONCURRENT_SENDS = 64  # messages in flight at once; the channel's rate limiter paces them (Telegram: 30/s)
# How far back a run looks: sends older than the grace period are logged missed, up to this far; older still are
# shown as missed by `schedule show` without a log row. Keeps each run's work bounded as the consultation goes on.
LOOKBACK = timedelta(days=31)


@dataclass
class RunResult:
    staged: list[str] = field(default_factory=list)  # keys claimed and handed to the outbox by this run
    missed: list[str] = field(default_factory=list)  # keys logged as missed (older than the grace period)
    unaddressed: list[str] = field(default_factory=list)  # due, with nowhere to send them yet
    no_channel: list[str] = field(default_factory=list)  # due, on a channel not running here
    failed: list[str] = field(default_factory=list)  # due, but building the message failed: tried again next run
    already: int = 0  # due and sent (or being sent, or refused) before, by this or another scheduler


class Runner:
    def __init__(self, db: Database, delivery: Delivery, builder: Builder = content.build) -> None:
        self.db, self.delivery, self.builder = db, delivery, builder
        self._lock = asyncio.Lock()  # one run at a time in this process
        self._sent: dict[int, list[Reply]] = {}  # outbox row → its replies, during a run

    async def run_due(self, now: datetime | None = None) -> RunResult:
        """Send what is due at `now` (default: the clock's now); the messages are on their way when it returns."""
        async with self._lock:
            return await self._run(now or clock.now())

    async def _run(self, now: datetime) -> RunResult:
        snap = await self._db(partial(calendar_rows.load, around=now))
        result = RunResult()
        grace = timedelta(hours=snap.calendar.grace_hours)
        due = calendar.sends(snap, now - grace - LOOKBACK, now)
        if not due:
            return result
        known = await self._db(partial(delivery_log.known, since=due[0].due_at))
        fresh = [s for s in due if s.key not in known]
        result.already = sum(1 for s in due if known.get(s.key, delivery_log.MISSED) != delivery_log.MISSED)
        missed = [s for s in fresh if s.due_at < now - grace]
        if missed:
            await self._db(partial(_log_missed, sends=missed, now=now))
            result.missed = [s.key for s in missed if s.address is not None]
            result.unaddressed = [s.key for s in missed if s.address is None]  # shown as such, not as missed
        deliveries: list[Awaitable[None]] = []
        try:
            for send in fresh:
                if send.due_at >= now - grace:
                    row = await self._prepare(send, snap, now, result)
                    if row is not None:
                        assert send.address is not None
                        deliveries.append(self.delivery.deliver(row, send.address, self._sent[row], send.key))
        finally:  # what was claimed goes out even when a later send failed to build
            await _bounded(deliveries, CONCURRENT_SENDS)
            self._sent.clear()
        if result.staged or result.missed:
            log.info("calendar: %d sent, %d missed", len(result.staged), len(result.missed))
        return result

    async def _prepare(self, send: Send, snap: Snapshot, now: datetime, result: RunResult) -> int | None:
        """Build and claim one due send; its outbox row (its replies kept in `_sent`), or None when it is not ours
        to send now (the reason is counted in `result`)."""
        if send.address is None:
            result.unaddressed.append(send.key)
            return None
        if not self.delivery.delivers(send.address.channel):
            result.no_channel.append(send.key)
            return None
        if send.kind is SendKind.RESIDENT_REMINDER and await self._reminded_this_week(send):
            await self._db(partial(_log_skipped, send=send, now=now))
            return None
        try:
            replies = await asyncio.to_thread(self.builder, self.db, snap, send)
        except Exception as exc:  # a report that cannot be built: said, and tried again at the next run
            log.error("scheduled %s not built: %r", send.kind, exc, exc_info=exc)
            result.failed.append(send.key)
            return None
        row = await self._db(partial(self._claim, send=send, replies=replies, now=now))
        if row is None:
            result.already += 1
            return None
        result.staged.append(send.key)
        self._sent[row] = replies
        return row

    def _claim(self, session: Session, send: Send, replies: list[Reply], now: datetime) -> int | None:
        """In one transaction: the delivery log's row (unless another run has it), and the outbox row."""
        assert send.address is not None
        claimed = delivery_log.claim(
            session,
            key=send.key,
            kind=send.kind,
            recipient=send.recipient,
            address=str(send.address),
            due_at=send.due_at,
            now=now,
        )
        if not claimed:
            return None
        return self.delivery.stage(session, send.address, [r.to_json(files=True) for r in replies], send.key)

    async def _reminded_this_week(self, send: Send) -> bool:
        prefix = f"{SendKind.RESIDENT_REMINDER}:p{send.participant_id}:"
        last = await self._db(partial(delivery_log.last_due, key_prefix=prefix))
        return last is not None and send.due_at - last < calendar.WEEK

    async def _db(self, op: Callable[..., T]) -> T:
        def run() -> T:
            with self.db.unit() as session:
                return op(session)

        return await asyncio.to_thread(run)


def _log_missed(session: Session, sends: list[Send], now: datetime) -> None:
    for send in sends:
        delivery_log.claim(
            session,
            key=send.key,
            kind=send.kind,
            recipient=send.recipient,
            address=str(send.address) if send.address else None,
            due_at=send.due_at,
            now=now,
            status=delivery_log.MISSED,
            detail="" if send.address else delivery_log.NO_ADDRESS,
        )


def _log_skipped(session: Session, send: Send, now: datetime) -> None:
    """A resident's reminder within a week of the last one: never sent (at most one a week)."""
    delivery_log.claim(
        session,
        key=send.key,
        kind=send.kind,
        recipient=send.recipient,
        address=None,
        due_at=send.due_at,
        now=now,
        status=delivery_log.MISSED,
        detail=delivery_log.ONE_A_WEEK,
    )


async def _bounded(jobs: list[Awaitable[Any]], limit: int) -> None:
    gate = asyncio.Semaphore(limit)

    async def one(job: Awaitable[Any]) -> None:
        async with gate:
            try:
                await job
            except Exception as exc:  # left in the outbox: the sweep sends it
                log.warning("scheduled delivery deferred: %r", exc)

    await asyncio.gather(*(one(job) for job in jobs))
