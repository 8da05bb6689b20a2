"""Delivery through the outbox: a message decided by an update is committed with it (storage/outbox.py) and sent
after the commit; a send the platform does not take is retried with backoff (its `retry_after` honoured), in each
chat's order, also after a restart. Nothing committed is left unsent, and no one is told "error" for a comment that
was saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from core import clock
from core.address import Address
from handlers.ports import SendError, Senders
from handlers.types import Reply
from storage import outbox
from storage.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
RunDb = Callable[[Callable[[], Any]], Awaitable[Any]]  # runs a blocking database call (inline or in a thread)

HOLD = timedelta(seconds=30)  # a row being sent is this worker's for this long (then another may take it)
SWEEP_EVERY = 2.0  # seconds between looks for what is due (retries, rows a stopped worker left)
BACKOFF = (1, 2, 5, 10, 30, 60, 120, 300)  # seconds before the next try, by attempts so far; then every 5 min


def backoff(attempts: int) -> float:
    return float(BACKOFF[min(attempts, len(BACKOFF) - 1)])


class Delivery:
    def __init__(self, db: Database, senders: Senders, run_db: RunDb) -> None:
        self.db, self.senders = db, senders
        self._run_db = run_db
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: set[str] = set()  # chats with an earlier message waiting for a retry: later ones queue up
        self._task: asyncio.Task[None] | None = None
        self.closing = False  # shutting down: what is not yet sent stays in the outbox for the next start
        # Delivered rows, deleted with the next update's transaction or the next sweep (no commit of their own:
        # measured, a transaction per delivered reply cost a quarter of the throughput). Held rows are not
        # resent before their hold ends, long after this is flushed.
        self._delivered: list[int] = []
        self._delivered_lock = threading.Lock()  # appended on the event loop, flushed in database threads

    def delivers(self, channel: str) -> bool:
        return channel in self.senders.by_channel

    # --- in the update's transaction ---

    def flush(self, conn: Connection) -> list[int]:
        """In a transaction the caller commits: delete the rows delivered so far. Call `flushed` with what this
        returns once the transaction is committed (rolled back, they stay to be deleted next time)."""
        with self._delivered_lock:
            done = list(self._delivered)
        if done:
            outbox.delivered(conn, done)
        return done

    def flushed(self, done: list[int]) -> None:
        if done:
            gone = set(done)
            with self._delivered_lock:
                self._delivered = [row for row in self._delivered if row not in gone]

    async def _flush_now(self) -> None:
        if self._delivered:
            self.flushed(await self._tx(lambda session: self.flush(session.connection())))

    def stage(self, conn: Connection, address: Address, replies: list[dict[str, object]]) -> int:
        """Commit `replies` (as `Reply.to_json`) with the update; this worker sends them right after the commit."""
        return outbox.add(conn, address.channel, address.chat_id, replies, clock.now() + HOLD)

    # --- after the commit ---

    async def deliver(self, row_id: int, address: Address, replies: Sequence[Reply]) -> None:
        key = str(address)
        async with self._lock(key):
            if self.closing or key in self._waiting:  # stopping, or an earlier message to this chat waits: later
                await self._tx(partial(outbox.release, row_id=row_id, now=clock.now()))
                return
            await self._send_row(row_id, address, list(replies), 0)

    async def send_now(self, address: Address, replies: Sequence[Reply], tries: int = 4) -> None:
        """Not committed anywhere (a report built after the transaction, a slow-down notice): a few tries now."""
        for attempt in range(tries):
            try:
                await self.senders.send(address, replies)
                return
            except SendError as exc:
                if not exc.transient or attempt == tries - 1:
                    log.warning("message to %s not delivered: %s", address.channel, exc)
                    return
                await asyncio.sleep(exc.retry_after or backoff(attempt))

    async def sweep(self) -> None:
        """Send what is due, chat by chat in order: retries, and what a stopped worker left committed."""
        await self._flush_now()
        rows = await self._tx(partial(outbox.pending, channels=tuple(self.senders.by_channel)))
        chats: dict[str, list[outbox.Pending]] = {}
        for row in rows:
            chats.setdefault(f"{row.channel}:{row.chat_id}", []).append(row)
        for key, queue in chats.items():
            async with self._lock(key):
                for row in queue:
                    now = clock.now()
                    if row.due_at > now:  # held by a worker sending it now, or waiting for its next try
                        if row.attempts:
                            self._waiting.add(key)
                        break
                    if not await self._tx(partial(outbox.hold, row_id=row.id, now=now, until=now + HOLD)):
                        break
                    replies = [Reply.from_json(r) for r in row.replies]
                    if not await self._send_row(row.id, Address(row.channel, row.chat_id), replies, row.attempts):
                        break
                else:
                    self._waiting.discard(key)

    async def start(self) -> None:
        """Deliver what was committed and not sent (a crash, a failed platform), then keep looking."""
        if self._task is None:
            if self.db.is_sqlite:  # one process serves a SQLite database: what it held before a crash is due now
                await self._tx(partial(outbox.release_held, now=clock.now()))
            self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        """Stop sending: a stop is quick, what is not yet sent goes out at the next start."""
        self.closing = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._flush_now()

    # --- inside ---

    async def _loop(self) -> None:
        while True:
            try:
                await self.sweep()
            except Exception as exc:  # the database away for a moment: look again later
                log.warning("outbox sweep failed: %r", exc)
            await asyncio.sleep(SWEEP_EVERY)

    async def _send_row(self, row_id: int, address: Address, replies: list[Reply], attempts: int) -> bool:
        """Send a row's replies one by one; True when the row is done (delivered, or never deliverable)."""
        key = str(address)
        for i, reply in enumerate(replies):
            if self.closing and i:  # stopping mid-row: the rest waits in the outbox
                rest = [r.to_json() for r in replies[i:]]
                await self._tx(partial(outbox.retry_at, row_id=row_id, when=clock.now(), replies=rest))
                return False
            try:
                await self.senders.send(address, [reply])
            except Exception as exc:
                error = exc if isinstance(exc, SendError) else SendError(repr(exc), transient=True)
                if error.transient:
                    when = clock.now() + timedelta(seconds=error.retry_after or backoff(attempts))
                    rest = [r.to_json() for r in replies[i:]]
                    await self._tx(partial(outbox.retry_at, row_id=row_id, when=when, replies=rest))
                    self._waiting.add(key)
                    log.info("message to %s not delivered (%s): retry at %s", address.channel, error, when)
                    return False
                log.warning("message to %s not deliverable, dropped: %s", address.channel, error)
                break
        with self._delivered_lock:
            self._delivered.append(row_id)
        self._waiting.discard(key)
        return True

    async def _tx(self, op: Callable[[Session], T]) -> T:
        """`op(session)` in a transaction of its own, off the event loop where the database is remote."""

        def run() -> T:
            with self.db.unit() as session:
                return op(session)

        return cast(T, await self._run_db(run))

    def _lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock
