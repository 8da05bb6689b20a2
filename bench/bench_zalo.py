"""Benchmark: N simulated users commenting through the Zalo adapter, against the fake Zalo Bot API server, beside the
Telegram adapter's figure measured in the same run (bench/bench_telegram.py's gopy bot on its fake server).

The fake servers and the simulated users run in this process; each bot runs in a child process. Each Zalo user, in
a closed loop, walks the draft from the section they read: types the number shown beside «Nhất trí» (saved; the
answer is the next section, the acknowledgement above it): one update and one message a comment, as a tap is on
Telegram (an edit there). Polling takes one update per getUpdates call, as Zalo's does; `--mode webhook` has the
fake server post each update to gopy's own web server instead.

    .venv/bin/python -m bench.bench_zalo [--users 200] [--comments 5] [--mode polling|webhook] [--no-telegram]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_telegram import SECTIONS, Result, _cpu, _stop, bench_comments  # noqa: E402
from bench.bench_telegram import prepare_db as prepare_telegram_db  # noqa: E402
from tests.fakes.telegram_api import FakeTelegram  # noqa: E402
from tests.fakes.zalo_api import Call, FakeZalo, numbers, user_id  # noqa: E402

USER_BASE = 900_000
SECRET = "bench-webhook-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _child(server: FakeZalo, db_url: str, mode: str, port: int, links: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "GOPY_LINK_"))}
    env.update(
        ZALO_BOT_TOKEN=server.token,
        ZALO_BASE_URL=server.base_url,
        ZALO_WEBHOOK_LISTEN="127.0.0.1",
        ZALO_WEBHOOK_PORT=str(port),
        GOPY_LINK_DIR=str(links),
        DATABASE_URL=db_url,
        PYTHONPATH=str(ROOT),
        GOPY_LOG_LEVEL="WARNING",
        GOPY_RATE_LIMIT_PER_MINUTE="100000",
    )
    if mode == "webhook":
        env.update(ZALO_WEBHOOK_URL=f"http://127.0.0.1:{port}/zalo-hook", ZALO_WEBHOOK_SECRET=SECRET)
    return subprocess.Popen([sys.executable, "-m", "bench.bench_zalo", "--serve"], env=env, cwd=ROOT)


async def _ready(server: FakeZalo, proc: subprocess.Popen[bytes], mode: str) -> None:
    start = server.polls
    while (server.polls == start) if mode == "polling" else not server.webhook:
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited with {proc.returncode}")
        await asyncio.sleep(0.05)


async def bench_zalo(server: FakeZalo, db_url: str, users: int, comments: int, mode: str, links: Path) -> Result:
    result = Result(f"gopy Zalo ({mode})")
    left = {user_id(USER_BASE + i): comments for i in range(users)}
    sent_at: dict[str, float] = {}
    finished = asyncio.Event()
    total = users * comments

    def agree(uid: str, text: str) -> None:
        sent_at[uid] = time.perf_counter()
        server.text(uid, numbers([text])["Nhất trí"])  # the number shown beside «Nhất trí»

    def on_call(call: Call) -> None:
        if call.method != "sendMessage":
            return
        uid, text = str(call.params["chat_id"]), str(call.params.get("text", ""))
        if uid not in sent_at:  # the section view /tieptuc showed: the walk starts
            agree(uid, text)
        elif text.startswith("✓ Đã ghi nhận"):
            result.latencies.append(time.perf_counter() - sent_at[uid])
            result.done += 1
            left[uid] -= 1
            if left[uid] > 0:
                agree(uid, text)
            if result.done >= total:
                finished.set()
        else:
            raise RuntimeError(f"unexpected reply: {text[:80]!r}")

    proc = _child(server, db_url, mode, _free_port(), links)
    try:
        await _ready(server, proc, mode)
        server.on_call = on_call
        t0, c0, b0 = time.perf_counter(), time.process_time(), _cpu(proc.pid)
        for uid in left:
            server.text(uid, "/tieptuc")
        await asyncio.wait_for(finished.wait(), 300)
        result.seconds = time.perf_counter() - t0
        result.server_cpu = time.process_time() - c0
        result.bot_cpu = _cpu(proc.pid) - b0
        server.on_call = None
    finally:
        _stop(proc)
    return result


def prepare_zalo_db(path: Path, users: int) -> str:
    """A migrated database with one open document and `users` Zalo participants reading its first section."""
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import ConversationState, Participant, Role
    from tests.factories import build_consultation

    url = f"sqlite:///{path}"
    upgrade(url)
    db = Database(url)
    with db.unit() as session:
        built = build_consultation(session, code="BENCH", sections=SECTIONS)
        for i in range(users):
            p = Participant(
                channel="zalo",
                channel_user_id=user_id(USER_BASE + i),
                role=Role.RESIDENT,
                consent_at=datetime.now(UTC),
            )
            session.add(p)
            session.flush()
            session.add(
                ConversationState(
                    participant_id=p.id,
                    step="section",
                    data={"v": 1, "doc": built.document_id, "sec": built.section_ids[0]},
                )
            )
    db.dispose()
    return url


def count_comments(url: str, channel: str) -> int:
    from sqlalchemy import func, select

    from storage.db import Database
    from storage.models import Comment

    db = Database(url)
    with db.unit() as session:
        n = int(session.scalar(select(func.count()).select_from(Comment).where(Comment.channel == channel)) or 0)
    db.dispose()
    return n


async def main(users: int, comments: int, mode: str, telegram: bool) -> None:
    results: list[tuple[Result, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        zalo_url = prepare_zalo_db(Path(tmp) / "zalo.db", users)
        server = await FakeZalo().start()
        server.record = False
        try:
            zalo = await bench_zalo(server, zalo_url, users, comments, mode, Path(tmp) / "links")
        finally:
            await server.stop()
        results.append((zalo, count_comments(zalo_url, "zalo")))
        if telegram:
            tg_url = prepare_telegram_db(Path(tmp) / "telegram.db", users)
            tg_server = await FakeTelegram().start()
            tg_server.record = False
            try:
                tg = await bench_comments(tg_server, tg_url, users, comments, "aiohttp", limiter=False, typed_every=0)
            finally:
                await tg_server.stop()
            tg.name = "gopy Telegram (polling)"
            results.append((tg, count_comments(tg_url, "telegram")))
    print(f"\n{users} users × {comments} comments, SQLite, fake Bot APIs on loopback, {os.cpu_count()} CPUs")
    print(
        f"{'bot':<26}{'done':>6}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'bot cpu s':>11}{'cpu ms/item':>13}{'stored':>8}"
    )
    for r, stored in results:
        print(
            f"{r.name:<26}{r.done:>6}{r.rate:>8.0f}{r.pct(50):>9.1f}{r.pct(95):>9.1f}"
            f"{r.bot_cpu:>11.1f}{r.cpu_ms:>13.2f}{stored:>8}"
        )
    if len(results) == 2 and results[1][0].rate:
        print(f"ratio Zalo/Telegram: {results[0][0].rate / results[1][0].rate:.2f} (comments per second)")


async def serve() -> None:
    """The Zalo bot, run in the child process (as `gopy serve` runs it, without the calendar)."""
    from bot.app import build_engine
    from bot.channels.zalo import ZaloChannel
    from bot.settings import settings

    engine = build_engine(settings())
    channel = ZaloChannel(engine, settings().zalo, settings().links)
    await channel.start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--mode", choices=["polling", "webhook"], default="polling")
    parser.add_argument("--no-telegram", action="store_true", help="skip the Telegram figure of the same run")
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    if args.serve:
        if os.environ.get("BENCH_PROFILE"):  # profile the bot: stats written on SIGTERM
            import cProfile
            import signal

            profiler = cProfile.Profile()

            def dump(*_: object) -> None:
                profiler.disable()
                profiler.dump_stats(os.environ["BENCH_PROFILE"])
                os._exit(0)

            signal.signal(signal.SIGTERM, dump)
            profiler.enable()
        asyncio.run(serve())
    else:
        asyncio.run(main(args.users, args.comments, args.mode, not args.no_telegram))
