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
from storage import delivery_log, outbox
from storage.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
RunDb = Callable[[Callable[[], Any]], Awaitable[Any]]  # runs a blocking database call (inline or in a thread)

# A row being sent is this worker's for this long (then another worker may take it): longer than any flood wait
# or rate-limiter queue. Within one process, rows being sent are never taken twice whatever the hold (`_busy`).
HOLD = timedelta(minutes=5)
SWEEP_EVERY = 2.0  # seconds between looks for what is due (retries, rows a stopped worker left)
BACKOFF = (1, 2, 5, 10, 30, 60, 120, 300)  # seconds before the next try, by attempts so far; then every 5 min
MAX_ATTEMPTS = 60  # about four hours of tries: then the message is dropped (logged), the chat's next ones go on


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
        self._busy: set[int] = set()  # rows this process is sending, or has delivered and not yet deleted
        self._released: set[str] = set()  # chats given a row to send in order since their last sweep
        self._logged: dict[int, str] = {}  # scheduled sends being delivered: row id → delivery log key

    def delivers(self, channel: str) -> bool:
        return channel in self.senders.by_channel

    # --- in the update's transaction ---

    def flush(self, conn: Connection) -> list[int]:
        """In a transaction the caller commits: delete the rows delivered so far. Once it is committed call
        `flushed` with what this returns; rolled back, `unflush` (they are deleted next time)."""
        with self._delivered_lock:
            done, self._delivered = self._delivered, []
        if done:
            outbox.delivered(conn, done)
            if self._logged:
                keys = [self._logged[row] for row in done if row in self._logged]
                delivery_log.mark(conn, keys, delivery_log.SENT, clock.now())
        return done

    def flushed(self, done: list[int]) -> None:
        self._busy.difference_update(done)
        for row in done:
            self._logged.pop(row, None)

    def unflush(self, done: list[int]) -> None:
        if done:
            with self._delivered_lock:
                self._delivered.extend(done)

    async def _flush_now(self) -> None:
        if not self._delivered:
            return

        def flush(session: Session) -> list[int]:
            return self.flush(session.connection())

        done: list[int] = []
        try:
            done = await self._tx(flush)
        except Exception:
            self.unflush(done)
            raise
        self.flushed(done)

    def stage(
        self,
        conn: Connection | Session,
        address: Address,
        replies: list[dict[str, object]],
        log_key: str | None = None,
    ) -> int:
        """Commit `replies` (as `Reply.to_json`) with the update; this worker sends them right after the commit.
        `log_key`: a scheduled send, marked in the delivery log once the platform has it (or gave up)."""
        return outbox.add(conn, address.channel, address.chat_id, replies, clock.now() + HOLD, log_key)

    # --- after the commit ---

    async def deliver(
        self, row_id: int, address: Address, replies: Sequence[Reply], log_key: str | None = None
    ) -> None:
        key = str(address)
        async with self._lock(key):
            if self.closing or key in self._waiting:  # stopping, or an earlier message to this chat waits: later
                self._released.add(key)
                await self._tx(partial(outbox.release, row_id=row_id, now=clock.now()))
                return
            await self._send_row(row_id, address, list(replies), 0, log_key)

    async def send_now(self, address: Address, replies: Sequence[Reply], tries: int = 4) -> None:
        """Not committed anywhere (a report built after the transaction, a slow-down notice): a few tries now."""
        for attempt in range(tries):
            try:
                await self.senders.send(address, replies)
                return
            except Exception as exc:
                error = exc if isinstance(exc, SendError) else SendError(repr(exc), transient=True)
                if not error.transient or attempt == tries - 1:
                    log.warning("message to %s not delivered: %s", address.channel, error)
                    return
                await asyncio.sleep(error.retry_after or backoff(attempt))

    async def sweep(self) -> None:
        """Send what is due, chat by chat in order: retries, and what a stopped worker left committed."""
        await self._flush_now()
        rows = await self._tx(partial(outbox.pending, channels=tuple(self.senders.by_channel)))
        chats: dict[str, list[outbox.Pending]] = {}
        for row in rows:
            chats.setdefault(f"{row.channel}:{row.chat_id}", []).append(row)
        for key, queue in chats.items():
            async with self._lock(key):
                self._released.discard(key)
                for row in queue:
                    now = clock.now()
                    if row.id in self._busy:  # being sent here (a slow send), or sent and not yet deleted
                        break
                    if row.due_at > now:  # held by a worker sending it now, or waiting for its next try
                        if row.attempts:
                            self._waiting.add(key)
                        break
                    held = await self._tx(partial(outbox.hold, row_id=row.id, now=now, until=now + HOLD))
                    if held is None:
                        break
                    replies = [Reply.from_json(r) for r in held[0]]
                    address = Address(row.channel, row.chat_id)
                    if not await self._send_row(row.id, address, replies, held[1], row.log_key):
                        break
                else:
                    if key not in self._released:  # nothing given to the sweep since it read the rows
                        self._waiting.discard(key)

    async def start(self, *, release_held: bool = True) -> None:
        """Deliver what was committed and not sent (a crash, a failed platform), then keep looking. `release_held`:
        this is the only process serving a SQLite database, so what was held by it before a crash is due now."""
        self.closing = False
        if self._task is None:
            if release_held and self.db.is_sqlite:
                await self._tx(partial(outbox.release_held, now=clock.now(), busy=sorted(self._busy)))
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

    async def _send_row(
        self, row_id: int, address: Address, replies: list[Reply], attempts: int, log_key: str | None = None
    ) -> bool:
        """Send a row's replies one by one; True when the row is done (delivered, or never deliverable)."""
        self._busy.add(row_id)
        refused: SendError | None = None
        try:
            for i, reply in enumerate(replies):
                if self.closing and i:  # stopping mid-row: the rest waits in the outbox
                    await self._later(row_id, 0, replies[i:])
                    return False
                try:
                    await self.senders.send(address, [reply])
                except Exception as exc:
                    error = exc if isinstance(exc, SendError) else SendError(repr(exc), transient=True)
                    if error.transient and attempts + 1 < MAX_ATTEMPTS:
                        wait = error.retry_after or backoff(attempts)
                        await self._later(row_id, wait, replies[i:])
                        self._waiting.add(str(address))
                        log.info("message to %s not delivered (%s): retry in %.0f s", address.channel, error, wait)
                        return False
                    log.warning("message to %s not deliverable, dropped: %s", address.channel, error)
                    refused = refused or error
        except BaseException:
            self._busy.discard(row_id)  # not delivered: the row stays in the outbox, held
            raise
        if log_key is not None:
            if refused is None:
                if await self._forget_sent(row_id, log_key):
                    return True
                self._logged[row_id] = log_key  # marked sent when the row is deleted
            else:  # said at once: `schedule show` tells the official, and nobody waits for it
                status = delivery_log.BLOCKED if refused.blocked else delivery_log.FAILED
                await self._tx(
                    partial(delivery_log.mark, keys=[log_key], status=status, now=clock.now(), detail=str(refused))
                )
        with self._delivered_lock:
            self._delivered.append(row_id)  # stays busy until deleted
        return True

    async def _forget_sent(self, row_id: int, log_key: str) -> bool:
        """A scheduled send the platform took: its outbox row deleted and its delivery log row marked sent at once,
        in a transaction of its own (a few a second at most). Left to the next flush, as replies are, a crash resent
        every message delivered since, however many (bench/kill_schedule.py); now only one the platform took just
        before the crash. False when the database did not take it: then it goes with the next flush."""
        try:
            await self._tx(partial(_sent, row_id=row_id, log_key=log_key))
        except Exception as exc:
            log.warning("scheduled delivery recorded later: %r", exc)
            return False
        self._busy.discard(row_id)
        return True

    async def _later(self, row_id: int, seconds: float, rest: list[Reply]) -> None:
        when = clock.now() + timedelta(seconds=seconds)
        try:
            await self._tx(
                partial(outbox.retry_at, row_id=row_id, when=when, replies=[r.to_json(files=True) for r in rest])
            )
        finally:
            self._busy.discard(row_id)

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


def _sent(session: Session, row_id: int, log_key: str) -> None:
    outbox.delivered(session, [row_id])
    delivery_log.mark(session, [log_key], delivery_log.SENT, clock.now())
