"""Benchmark: N simulated users commenting through the Telegram adapter, against the fake Bot API server.

The fake server and the simulated users run in this process; the bot runs in a child process (one core each on
a two-core machine). Each user, in a closed loop, types a comment on the section they read (the bot answers with
the confirmation), presses "Xác nhận" and waits for "Đã ghi nhận". In the same run a minimal PTB echo bot on
the same server gives the ceiling.

    .venv/bin/python -m bench.bench_telegram [--users 200] [--comments 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.telegram_api import Call, FakeTelegram, buttons  # noqa: E402

USER_BASE = 900_000


@dataclass
class Result:
    name: str
    done: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # injection of the last update → the bot's answer
    bot_cpu: float = 0.0  # CPU seconds of the bot process during the run (start-up excluded)
    server_cpu: float = 0.0  # CPU seconds of this process (fake server + simulated users) during the run

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms(self) -> float:
        """Bot CPU per item: the figure the machine's load does not move much."""
        return self.bot_cpu * 1000 / self.done if self.done else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        return statistics.quantiles(self.latencies, n=100)[int(q) - 1] * 1000


def _child(mode: str, server: FakeTelegram, db_url: str, http_client: str) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        TELEGRAM_HTTP_CLIENT=http_client,
        TELEGRAM_TOKEN=server.token,
        TELEGRAM_BASE_URL=server.base_url,
        DATABASE_URL=db_url,
        PYTHONPATH=str(ROOT),
        GOPY_LOG_LEVEL="WARNING",
        GOPY_RATE_LIMIT_PER_MINUTE="100000",
    )
    return subprocess.Popen([sys.executable, "-m", "bench.bench_telegram", "--serve", mode], env=env, cwd=ROOT)


async def _wait_polling(server: FakeTelegram, proc: subprocess.Popen[bytes]) -> None:
    start = server.polls
    while server.polls == start:
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited with {proc.returncode}")
        await asyncio.sleep(0.05)


Begin = Callable[[dict[int, float]], None]
React = Callable[[Call, int, dict[int, float], Result], bool]


async def _run(
    server: FakeTelegram, proc: subprocess.Popen[bytes], result: Result, total: int, begin: Begin, react: React
) -> None:
    await _wait_polling(server, proc)
    finished = asyncio.Event()
    sent_at: dict[int, float] = {}

    def on_call(call: Call) -> None:
        if call.method != "sendMessage":
            return
        uid = int(call.params["chat_id"])
        if react(call, uid, sent_at, result) and result.done >= total:
            finished.set()

    server.on_call = on_call
    t0, c0, b0 = time.perf_counter(), time.process_time(), _cpu(proc.pid)
    begin(sent_at)
    await asyncio.wait_for(finished.wait(), 110)
    result.seconds = time.perf_counter() - t0
    result.server_cpu = time.process_time() - c0
    result.bot_cpu = _cpu(proc.pid) - b0
    server.on_call = None


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def bench_comments(server: FakeTelegram, db_url: str, users: int, comments: int, http_client: str) -> Result:
    result = Result(f"gopy ({http_client})")
    left = {USER_BASE + i: comments for i in range(users)}

    def type_comment(uid: int, sent_at: dict[int, float]) -> None:
        server.message(uid, f"Ý kiến số {left[uid]} của người dùng {uid}: đề nghị làm rõ chỉ tiêu.")

    def begin(sent_at: dict[int, float]) -> None:
        for uid in left:
            type_comment(uid, sent_at)

    def react(call: Call, uid: int, sent_at: dict[int, float], res: Result) -> bool:
        text = str(call.params.get("text", ""))
        if text.startswith("Xin kiểm tra lại"):
            sent_at[uid] = time.perf_counter()
            server.callback(uid, buttons(call)["Xác nhận"])
            return False
        if text.startswith("Đã ghi nhận"):
            res.latencies.append(time.perf_counter() - sent_at[uid])
            res.done += 1
            left[uid] -= 1
            if left[uid] > 0:
                type_comment(uid, sent_at)
            return True
        raise RuntimeError(f"unexpected reply: {text[:80]!r}")

    proc = _child("comment", server, db_url, http_client)
    try:
        await _run(server, proc, result, users * comments, begin, react)
    finally:
        _stop(proc)
    return result


async def bench_echo(server: FakeTelegram, users: int, messages: int, http_client: str) -> Result:
    result = Result(f"PTB echo ({http_client})")
    left = {USER_BASE + i: messages for i in range(users)}

    def send(uid: int, sent_at: dict[int, float]) -> None:
        sent_at[uid] = time.perf_counter()
        server.message(uid, f"Tin nhắn {left[uid]}")

    def begin(sent_at: dict[int, float]) -> None:
        for uid in left:
            send(uid, sent_at)

    def react(call: Call, uid: int, sent_at: dict[int, float], res: Result) -> bool:
        res.latencies.append(time.perf_counter() - sent_at[uid])
        res.done += 1
        left[uid] -= 1
        if left[uid] > 0:
            send(uid, sent_at)
        return True

    proc = _child("echo", server, "", http_client)
    try:
        await _run(server, proc, result, users * messages, begin, react)
    finally:
        _stop(proc)
    return result


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(10)


def prepare_db(path: Path, users: int) -> str:
    """A migrated database with one open document and `users` participants reading its first section."""
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import ConversationState, Participant, Role
    from tests.factories import build_consultation

    url = f"sqlite:///{path}"
    upgrade(url)
    db = Database(url)
    with db.unit() as session:
        built = build_consultation(session, code="BENCH")
        now = time.time()
        from datetime import UTC, datetime

        for i in range(users):
            p = Participant(
                channel="telegram",
                channel_user_id=str(USER_BASE + i),
                role=Role.RESIDENT,
                consent_at=datetime.fromtimestamp(now, UTC),
            )
            session.add(p)
            session.flush()
            session.add(
                ConversationState(
                    participant_id=p.id,
                    step="section",
                    data={"v": 1, "doc": built.document_id, "sec": built.section_ids[1]},
                )
            )
    db.dispose()
    return url


def count_comments(url: str) -> int:
    from sqlalchemy import func, select

    from storage.db import Database
    from storage.models import Comment

    db = Database(url)
    with db.unit() as session:
        n = int(session.scalar(select(func.count()).select_from(Comment)) or 0)
    db.dispose()
    return n


async def main(users: int, comments: int, http_client: str, bots: list[str]) -> None:
    server = await FakeTelegram().start()
    server.record = False
    results: list[Result] = []
    echoes: dict[str, Result] = {}
    gopy: Result | None = None
    with tempfile.TemporaryDirectory() as tmp:
        url = prepare_db(Path(tmp) / "bench.db", users)
        try:
            for bot in bots:
                if bot.startswith("echo"):
                    client = bot.partition(":")[2] or "httpx"
                    echoes[client] = await bench_echo(server, users, comments, client)
                    results.append(echoes[client])
                else:
                    gopy = await bench_comments(server, url, users, comments, http_client)
                    results.append(gopy)
        finally:
            await server.stop()
        stored = count_comments(url)
    print(f"\n{users} users × {comments} comments, SQLite, fake Bot API on loopback, {os.cpu_count()} CPUs")
    print(
        f"{'bot':<22}{'done':>6}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'bot cpu s':>11}{'cpu ms/item':>13}"
        f"{'server cpu s':>14}"
    )
    for r in results:
        print(
            f"{r.name:<22}{r.done:>6}{r.rate:>8.0f}{r.pct(50):>9.1f}{r.pct(95):>9.1f}"
            f"{r.bot_cpu:>11.1f}{r.cpu_ms:>13.2f}{r.server_cpu:>14.1f}"
        )
    if gopy is not None:
        print(f"comments stored: {stored} (expected {users * comments})")
        for client, echo in echoes.items():
            print(f"ratio gopy/echo ({client}): {gopy.rate / echo.rate:.2f}")


# --- the bots, run in the child process ---


async def serve_comment() -> None:
    from bot.app import build_engine
    from bot.channels.telegram import TelegramChannel
    from bot.settings import settings

    engine = build_engine(settings())
    channel = TelegramChannel(engine, settings().telegram, overall_max_rate=0)
    await channel.start()
    await asyncio.Event().wait()


async def serve_echo() -> None:
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    from bot.channels.telegram import api_urls, make_request
    from bot.settings import settings

    s = settings().telegram
    assert s.token is not None
    base, files = api_urls(s.base_url)

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = (
        Application.builder()
        .token(s.token.get_secret_value())
        .base_url(base)
        .base_file_url(files)
        .request(make_request(s.http_client, connection_pool_size=s.connection_pool))
        .get_updates_request(make_request(s.http_client, connection_pool_size=1, read_timeout=30.0))
        .concurrent_updates(s.concurrent_updates)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--http-client", choices=["aiohttp", "httpx"], default="aiohttp", help="gopy's client")
    parser.add_argument(
        "--bots",
        default="echo:httpx,echo:aiohttp,gopy",
        help="what to run, in order: echo:httpx (the ceiling of record), echo:aiohttp, gopy",
    )
    parser.add_argument("--serve", choices=["comment", "echo"])
    args = parser.parse_args()
    if args.serve and os.environ.get("BENCH_PROFILE"):  # profile the bot: stats written on SIGTERM
        import cProfile
        import signal

        profiler = cProfile.Profile()

        def dump(*_: object) -> None:
            profiler.disable()
            profiler.dump_stats(os.environ["BENCH_PROFILE"] + f".{args.serve}")
            os._exit(0)

        signal.signal(signal.SIGTERM, dump)
        profiler.enable()
    if args.serve == "comment":
        asyncio.run(serve_comment())
    elif args.serve == "echo":
        asyncio.run(serve_echo())
    else:
        asyncio.run(main(args.users, args.comments, args.http_client, args.bots.split(",")))
