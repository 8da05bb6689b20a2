"""Benchmark: the plan's calendar reminding N cell secretaries at one moment, through the real `gopy` command.

A fresh database (SQLite in a temp dir, or a scratch PostgreSQL database, dropped after): a YAML plan whose N cells
all have their summary due on one day (loaded with the plan loader), and one registered secretary per cell, created
directly. The fake Bot API server (`tests/fakes/telegram_api.py`) runs in this process with Telegram's flood control
on (at most 30 messages in any 1-second window, HTTP 429 with `retry_after` over it). Then what cron runs:
`gopy schedule run-due --at …` in a subprocess, and again (it sweeps the outbox first) while anything waits, until
the delivery log says every reminder is sent.

    .venv/bin/python -m bench.bench_schedule [--secretaries 1000] [--backend sqlite|postgres] [--rate 30]

Prints the seconds, the messages delivered, the HTTP 429 answers the fake gave, duplicates (chats that received
more than one message) and missing chats.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import DeliveryLog, Outbox, Participant, Role, Unit  # noqa: E402
from storage.plan_loader import load_plan  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402

GOPY = Path(sys.executable).with_name("gopy")
PG_ADMIN = os.environ.get("GOPY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
CHAT_BASE = 800_000  # secretary i's Telegram chat id is CHAT_BASE + i
DUE = date(2025, 7, 15)  # a Tuesday: every cell's summary is due that day
AT = "15/07/2025 08:05"  # the run: five minutes after the day's reminders fell due (08:00)


@contextlib.contextmanager
def scratch_database(backend: str, directory: Path) -> Iterator[str]:
    """A migrated empty database: a SQLite file in `directory`, or a PostgreSQL database created and dropped."""
    if backend == "sqlite":
        url = f"sqlite:///{directory / 'gopy.db'}"
        upgrade(url)
        yield url
        return
    name = f"gopy_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def plan_yaml(cells: int, due: date, at: str = "08:00", grace_hours: int = 2) -> str:
    """A plan whose `cells` cells all have their summary due on `due` (their congress two days before): each is
    reminded at `at` that day; the day before is long past the grace when the run comes, and the weekly note to
    secretaries falls on another weekday."""
    lines = [
        "consultation:",
        "  code: BENCH-LICH",
        "  title: Lấy ý kiến dự thảo văn kiện (thử tải lịch gửi)",
        "  organisation: ĐẢNG ỦY PHƯỜNG THỬ TẢI",
        f"  issued_on: {(due - timedelta(days=12)).isoformat()}",
        f"  ward_congress_date: {(due + timedelta(days=30)).isoformat()}",
        "documents:",
        "  - code: PHUONG",
        "    title: Dự thảo Báo cáo chính trị Đại hội Đảng bộ phường",
        "    level: ward",
        "    windows:",
        f"      members: {{from: {due - timedelta(days=12)}, to: {due + timedelta(days=20)}}}",
        "units:",
    ]
    congress = (due - timedelta(days=2)).isoformat()
    lines += [
        f"  - {{code: CB{i:04d}, name: Chi bộ {i:04d}, kind: cell, congress_date: {congress}}}" for i in range(cells)
    ]
    lines += [
        "calendar:",
        f'  at: "{at}"',
        f"  grace_hours: {grace_hours}",
        "  cell_days_before: [1]",
        f"  secretary_weekday: {(due.weekday() + 3) % 7}",
    ]
    return "\n".join(lines) + "\n"


def prepare(url: str, directory: Path, cells: int, due: date, at: str = "08:00", grace_hours: int = 2) -> list[str]:
    """Load the plan, register one secretary per cell; their chat ids."""
    db = Database(url)
    try:
        plan = directory / "plan.yaml"
        plan.write_text(plan_yaml(cells, due, at, grace_hours), encoding="utf-8")
        load_plan(db, plan)
        with db.unit() as s:
            units = s.execute(sa.select(Unit.id, Unit.code).order_by(Unit.code)).all()
            consent = datetime(2025, 7, 1, tzinfo=UTC)
            s.add_all(
                Participant(
                    channel="telegram",
                    channel_user_id=str(CHAT_BASE + i),
                    display_name=f"Bí thư {i:04d}",
                    role=Role.SECRETARY,
                    unit_id=unit_id,
                    consent_at=consent,
                )
                for i, (unit_id, _code) in enumerate(units)
            )
        return [str(CHAT_BASE + i) for i in range(len(units))]
    finally:
        db.dispose()


def gopy_env(url: str, server: FakeTelegram) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "GOPY_", "SMTP_", "DATABASE_URL"))}
    env.update(DATABASE_URL=url, TELEGRAM_TOKEN=server.token, TELEGRAM_BASE_URL=server.base_url)
    return env


def received(server: FakeTelegram) -> Counter[str]:
    """chat id → messages the platform took for it."""
    return Counter(str(c.params.get("chat_id")) for c in server.calls if c.method == "sendMessage")


def log_states(url: str, kind: str = "cell_reminder") -> Counter[str]:
    db = Database(url)
    try:
        with db.unit() as s:
            return Counter(s.scalars(sa.select(DeliveryLog.status).where(DeliveryLog.kind == kind)))
    finally:
        db.dispose()


def outbox_next(url: str) -> tuple[int, datetime | None]:
    """Rows waiting in the outbox, and when the first is due (UTC)."""
    db = Database(url)
    try:
        with db.unit() as s:
            count, first = s.execute(sa.select(sa.func.count(), sa.func.min(Outbox.due_at))).one()
        if first is not None and first.tzinfo is None:
            first = first.replace(tzinfo=UTC)
        return int(count), first
    finally:
        db.dispose()


@dataclass
class Run:
    seconds: float
    returncode: int
    summary: str
    stderr: str


@dataclass
class Outcome:
    runs: list[Run] = field(default_factory=list)
    started: float = 0.0  # time.monotonic() at the first run's start
    seconds: float = 0.0


async def run_due(url: str, server: FakeTelegram, cwd: Path, at: str) -> Run:
    """`gopy schedule run-due --at AT` in a subprocess (the fake server keeps answering meanwhile)."""
    start = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        str(GOPY),
        "schedule",
        "run-due",
        "--at",
        at,
        env=gopy_env(url, server),
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    summary = next((line for line in out.decode().splitlines() if line.startswith("Lúc ")), out.decode().strip())
    return Run(time.monotonic() - start, proc.returncode or 0, summary, err.decode())


async def until_sent(url: str, server: FakeTelegram, cwd: Path, at: str, expected: int, rounds: int = 20) -> Outcome:
    """run-due, then run-due again while the outbox holds anything, each time once its first row is due."""
    outcome = Outcome(started=time.monotonic())
    start = outcome.started
    for _ in range(rounds):
        run = await run_due(url, server, cwd, at)
        outcome.runs.append(run)
        if run.returncode:
            raise SystemExit(f"gopy schedule run-due exited {run.returncode}:\n{run.stderr[-3000:]}")
        waiting, first = outbox_next(url)
        if not waiting and log_states(url)["sent"] + log_states(url)["blocked"] >= expected:
            break
        if first is not None:
            await asyncio.sleep(min(max(0.0, (first - datetime.now(UTC)).total_seconds()) + 0.1, 310))
    outcome.seconds = time.monotonic() - start
    return outcome


async def bench(backend: str, secretaries: int, rate: float | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, scratch_database(backend, Path(tmp)) as url:
        t0 = time.monotonic()
        chats = prepare(url, Path(tmp), secretaries, DUE)
        prepared = time.monotonic() - t0
        server = await FakeTelegram().start()
        server.rate_limit = rate
        try:
            outcome = await until_sent(url, server, Path(tmp), AT, len(chats))
        finally:
            await server.stop()
        got = received(server)
        sends = sorted(c.at for c in server.calls if c.method == "sendMessage")
        window = sends[-1] - sends[0] if len(sends) > 1 else 0.0
        states = log_states(url)
        return {
            "backend": backend,
            "secretaries": len(chats),
            "prepare_s": round(prepared, 1),
            "seconds": round(outcome.seconds, 1),
            "runs": len(outcome.runs),
            "first_run_s": round(outcome.runs[0].seconds, 1),
            "first_message_s": round(sends[0] - outcome.started, 1) if sends else None,
            "sending_s": round(window, 1),
            "rate_per_s": round((len(sends) - 1) / window, 1) if window else None,
            "delivered": sum(got.values()),
            "http_429": server.too_many,
            "duplicates": sum(1 for n in got.values() if n > 1),
            "missing": sum(1 for chat in chats if got[chat] == 0),
            "log": dict(states),
            "summary": [run.summary for run in outcome.runs],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--secretaries", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rate", type=float, default=30.0, help="the fake's flood limit, messages/s (0: none)")
    args = parser.parse_args()
    result = asyncio.run(bench(args.backend, args.secretaries, args.rate or None))
    for line in result.pop("summary"):  # type: ignore[attr-defined]
        print(f"  gopy: {line}")
    print(
        f"{result['secretaries']} secretaries, {result['backend']}, flood limit {args.rate or 'off'}/s: "
        f"{result['seconds']} s in {result['runs']} run(s) of `gopy schedule run-due` "
        f"(first {result['first_run_s']} s; first message after {result['first_message_s']} s; "
        f"sending {result['sending_s']} s at {result['rate_per_s']} messages/s); delivered {result['delivered']}, "
        f"HTTP 429 {result['http_429']}, duplicates {result['duplicates']}, missing {result['missing']}; "
        f"delivery log {result['log']}"
    )


if __name__ == "__main__":
    main()
