"""The calendar in a running process: APScheduler 3 wakes the runner every few seconds (and at once on start, to
catch up on what fell due while nothing ran); with several workers on PostgreSQL only the holder of an advisory
lock runs it. Exactly-once does not rest on the lock (the delivery log does that); the lock saves the others the
work."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Connection, text

from core import clock
from scheduled.runner import Runner
from storage.db import Database

log = logging.getLogger(__name__)

LOCK_KEY = 0x676F7079  # "gopy": the advisory lock of the one scheduler
EVERY = 30.0  # seconds between looks at the calendar: a send goes out at most this late
STOP_WAIT = 10.0  # seconds a stop waits for a run in progress


class Leadership:
    """Which of several processes schedules: the holder of a PostgreSQL session-level advisory lock, kept on a
    connection of its own (a process that dies lets it go with its connection). SQLite: one process, always."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        """Blocking. True while this process holds (or has just taken) the lock."""
        if self.db.is_sqlite:
            return True
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT 1"))
                self._conn.commit()
                return True
            except Exception:  # the connection died, and the lock with it: try to take it again
                self._drop()
        conn = self.db.engine.connect()
        try:
            held = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}))
            conn.commit()  # the lock is the session's: no transaction is left open
        except Exception:
            conn.close()
            raise
        if held:
            self._conn = conn
            log.info("this process runs the calendar")
        else:
            conn.close()
        return held

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                self._conn.commit()
            except Exception as exc:
                log.warning("calendar lock not released (it goes with the connection): %r", exc)
            self._drop()

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()
                self._conn.close()
            except Exception as exc:
                log.debug("closing the calendar lock's connection: %r", exc)
            self._conn = None


class CalendarService:
    def __init__(
        self,
        runner: Runner,
        leadership: Leadership,
        *,
        every: float = EVERY,
        now: Callable[[], datetime] = clock.now,
    ) -> None:
        self.runner, self.leadership = runner, leadership
        self.every, self.now = every, now
        self.scheduler: AsyncIOScheduler | None = None
        self.runs = 0  # runs made by this process (the tests wait on it)
        self._current: asyncio.Task[None] | None = None

    async def start(self) -> None:
        scheduler = AsyncIOScheduler(timezone=clock.zone())
        scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=self.every, timezone=clock.zone()),
            id="calendar",
            next_run_time=datetime.now(clock.zone()),  # catch up at once
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        scheduler.start()
        self.scheduler = scheduler

    async def tick(self) -> None:
        self._current = asyncio.current_task()
        try:
            if not await asyncio.to_thread(self.leadership.acquire):
                return
            await self.runner.run_due(self.now())
            self.runs += 1
        except Exception as exc:  # the database away for a moment: the next tick tries again
            log.error("calendar run failed: %r", exc, exc_info=exc)
        finally:
            self._current = None

    async def stop(self) -> None:
        if self.scheduler is not None:
            if self.scheduler.running:
                self.scheduler.shutdown(wait=False)
            self.scheduler = None
        current = self._current
        if current is not None and not current.done():
            # A run claims and stages each send in one transaction: one cut short is delivered at the next start.
            done, _ = await asyncio.wait({current}, timeout=STOP_WAIT)
            if not done:
                current.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await current
        await asyncio.to_thread(self.leadership.release)
