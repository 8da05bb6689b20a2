"""The calendar from the command line (the real `gopy`, in a subprocess, against the fake Bot API started here), the
calendar service on the real APScheduler, and which of several processes runs it (PostgreSQL's advisory lock)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from handlers.engine import Engine
from handlers.types import Reply
from scheduled.calendar import Send
from scheduled.runner import Runner
from scheduled.service import LOCK_KEY, CalendarService, Leadership
from storage.calendar import Snapshot
from storage.db import Database
from storage.models import DeliveryLog
from storage.plan_loader import load_plan
from tests.cli.conftest import GOPY
from tests.fakes.telegram_api import FakeTelegram
from tests.scheduled.conftest import PLAN, Recorder, add_secretary, local

SECRETARY = 701
GROUP = -100900  # BTG's Telegram group in the plan
SUMMARY = re.compile(r"^Lúc (\S+ \S+): đã gửi (\d+); đã gửi từ trước (\d+);", re.MULTILINE)


@pytest.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    yield server
    await server.stop()


@pytest.fixture
def cli_db(db: Database, tmp_path: Path) -> Database:
    """The migrated SQLite file of the `db` fixture, with the plan loaded and CB-A's secretary registered."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    load_plan(db, plan)
    add_secretary(db, "CB-A", str(SECRETARY))
    return db


def _env(db: Database, server: FakeTelegram | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "GOPY_", "SMTP_", "DATABASE_URL"))}
    env["DATABASE_URL"] = db.url
    if server is not None:
        env["TELEGRAM_TOKEN"] = server.token
        env["TELEGRAM_BASE_URL"] = server.base_url
    return env


async def gopy(db: Database, server: FakeTelegram | None, *args: str) -> subprocess.CompletedProcess[str]:
    """`gopy ARGS` in a subprocess (in a thread: the fake server answers it from this event loop)."""
    return await asyncio.to_thread(
        subprocess.run,
        [str(GOPY), *args],
        cwd=Path(db.url.removeprefix("sqlite:///")).parent,  # no .env of the developer's
        env=_env(db, server),
        capture_output=True,
        text=True,
        timeout=120,
    )


def quick(_db: Database, _snap: Snapshot, send: Send) -> list[Reply]:
    return [Reply(f"{send.kind} {send.recipient}")]


def _summary(out: str) -> tuple[str, int, int]:
    found = SUMMARY.search(out)
    assert found is not None, out
    return found.group(1), int(found.group(2)), int(found.group(3))


async def test_run_due_sends_what_is_due_once_and_show_lists_every_state(
    cli_db: Database, fake_tg: FakeTelegram
) -> None:
    first = await gopy(cli_db, fake_tg, "schedule", "run-due", "--at", "11/07/2025 08:05")
    assert first.returncode == 0, first.stderr
    assert _summary(first.stdout) == ("11/07/2025 08:05", 2, 0)  # CB-A's reminder, the weekly report to the group
    assert "kênh chưa cấu hình 1" in first.stdout  # the report by e-mail: no SMTP here
    reminder = fake_tg.texts(SECRETARY)
    assert len(reminder) == 1 and "Chi bộ khu A" in reminder[0] and "14/07/2025" in reminder[0]
    group = fake_tg.sent(GROUP)
    assert group[0].params["text"].startswith("TIẾN ĐỘ LẤY Ý KIẾN GÓP Ý HẰNG TUẦN")
    assert sorted(c.params["document"]["filename"].rsplit(".", 1)[-1] for c in group[1:] if "document" in c.params) == [
        "docx",
        "png",
        "xlsx",
    ]
    calls = len(fake_tg.calls)
    with cli_db.unit() as s:
        statuses = {r.key: r.status for r in s.scalars(select(DeliveryLog))}
    assert sorted(v for v in statuses.values() if v != "missed") == ["sent", "sent"]

    second = await gopy(cli_db, fake_tg, "schedule", "run-due", "--at", "11/07/2025 08:05")
    assert second.returncode == 0, second.stderr
    at, sent, already = _summary(second.stdout)
    # The two sent before count as sent before; the missed ones, never sent, do not.
    assert (at, sent) == ("11/07/2025 08:05", 0) and already == sum(v != "missed" for v in statuses.values()) == 2
    assert [c.method for c in fake_tg.calls[calls:] if c.method.startswith("send")] == []  # nothing more sent

    shown = await gopy(cli_db, None, "schedule", "show", "--from", "2025-07-07", "--to", "2025-07-14")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    for state in ("đã gửi", "bỏ lỡ", "chưa có nơi nhận"):
        assert state in out, out
    for kind in ("Báo cáo tiến độ hằng tuần", "Nhắc hạn nộp báo cáo chi bộ", "Tình hình góp ý của chi bộ"):
        assert kind in out, out
    assert "11/07/2025 08:00" in out and "CB-A" in out and "BTG" in out
    assert "Nguyễn Văn Bí Mật" not in out and str(SECRETARY) not in out  # no name, no chat id


@pytest.mark.parametrize("value", ["32/07/2025 08:00", "11/07/2025 25:00", "thứ sáu"])
async def test_a_bad_moment_is_one_vietnamese_line_and_exit_2(cli_db: Database, value: str) -> None:
    result = await gopy(cli_db, None, "schedule", "run-due", "--at", value)
    assert result.returncode == 2
    err = result.stderr.strip()
    assert err.splitlines() == [err] and "Traceback" not in err
    assert err.startswith("Lỗi: thời điểm không hợp lệ") and value in err
    assert result.stdout == ""
    with cli_db.unit() as s:
        assert s.scalars(select(DeliveryLog)).all() == []


# --- the service (APScheduler) and the leadership ---


async def _until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Wait (bounded) until `condition()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.02)


async def test_the_service_catches_up_at_start_keeps_running_and_stops_cleanly(plan_db: Database) -> None:
    tg = Recorder()
    add_secretary(plan_db, "CB-A", "701")
    engine = Engine(plan_db)
    engine.register("telegram", tg)
    moment = local(date(2025, 7, 13), "09:00")  # CB-A's reminder fell due at 08:00, while nothing ran
    service = CalendarService(
        Runner(plan_db, engine.delivery, quick), Leadership(plan_db), every=0.05, now=lambda: moment
    )
    await service.start()
    try:
        await _until(lambda: service.runs >= 1, "the catch-up run at start")
        assert [r.text for r in tg.to("701")] == ["cell_reminder CB-A"]
        await _until(lambda: service.runs >= 4, "the runs that follow")
    finally:
        await service.stop()
    assert service.scheduler is None
    runs = service.runs
    await asyncio.sleep(0.2)  # several intervals: no run after the stop
    assert service.runs == runs
    assert [r.text for r in tg.to("701")] == ["cell_reminder CB-A"]  # every run after the first found it sent
    await engine.stop()
    engine.close()
    if not plan_db.is_sqlite:  # the lock went with the stop: another process may run the calendar
        other = Database(plan_db.url)
        try:
            successor = Leadership(other)
            assert successor.acquire()
            successor.release()
        finally:
            other.dispose()


@pytest.mark.postgres
def test_one_process_of_several_runs_the_calendar(pg_db: Database) -> None:
    dbs = [Database(pg_db.url) for _ in range(2)]  # two processes: connections of their own
    first, second = (Leadership(d) for d in dbs)
    try:
        assert first.acquire() and not second.acquire()
        assert first.acquire() and not second.acquire()  # held while it lives
        first.release()
        assert second.acquire() and not first.acquire()
        # The holder dies (its connection is gone): the lock goes with it, and the other takes it.
        with pg_db.engine.begin() as conn:
            holder = conn.scalar(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :key AND granted AND database ="
                    " (SELECT oid FROM pg_database WHERE datname = current_database())"
                ),
                {"key": LOCK_KEY},
            )
            assert holder is not None
            # PostgreSQL ≥ 14 waits (here up to 10 s) until the backend is gone, and its locks with it.
            assert conn.scalar(text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": holder})
        assert first.acquire()
        assert not second.acquire()  # it finds its connection dead, and the lock taken
    finally:
        first.release()
        second.release()
        for d in dbs:
            d.dispose()


def test_on_sqlite_the_one_process_always_leads(db: Database) -> None:
    assert Leadership(db).acquire() and Leadership(db).acquire()
