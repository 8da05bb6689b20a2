"""Benchmark: N simulated users commenting through the Telegram adapter, against the fake Bot API server.

The fake server and the simulated users run in this process; the bot runs in a child process (one core each on
a two-core machine). Each resident, in a closed loop, walks the draft from the section they read: taps «Nhất trí»
(saved; the next section is edited into the same message) or types a comment (saved; a new message, the previous
one's buttons taken off) and taps «Mục sau». Each bot's messages sent and edited are counted per comment. With
`--limiter on` the bot runs its real rate limiter (one message every 1/30 s) and the fake server Telegram's flood
control (429 over 30 messages in any second); `off` gives the engine's capacity. A minimal PTB echo bot on the
same server gives the ceiling.

    .venv/bin/python -m bench.bench_telegram [--users 200] [--comments 5] [--bots stance,typed,mix] [--limiter off,on]
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
    outgoing: dict[str, int] = field(default_factory=dict)  # the bot's messages sent and edited, by method
    too_many: int = 0  # HTTP 429 answered by the fake server's flood control

    @property
    def per_item(self) -> float:
        """Outgoing chat messages (sent or edited) per comment: what Telegram's ~30/s limit counts."""
        return sum(self.outgoing.values()) / self.done if self.done else 0.0

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


def _child(
    mode: str, server: FakeTelegram, db_url: str, http_client: str, *, limiter: bool = False
) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        TELEGRAM_HTTP_CLIENT=http_client,
        TELEGRAM_TOKEN=server.token,
        TELEGRAM_BASE_URL=server.base_url,
        DATABASE_URL=db_url,
        PYTHONPATH=str(ROOT),
        GOPY_LOG_LEVEL="WARNING",
        GOPY_RATE_LIMIT_PER_MINUTE="100000",
        BENCH_LIMITER="1" if limiter else "0",
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
    server: FakeTelegram,
    proc: subprocess.Popen[bytes],
    result: Result,
    total: int,
    begin: Begin,
    react: React,
    methods: tuple[str, ...] | None = ("sendMessage",),
) -> None:
    """`react` sees each call of `methods` (None: every call) to a user's chat."""
    await _wait_polling(server, proc)
    finished = asyncio.Event()
    sent_at: dict[int, float] = {}

    def on_call(call: Call) -> None:
        if methods is not None and call.method not in methods:
            return
        if "chat_id" not in call.params:
            return
        uid = int(call.params["chat_id"])
        if react(call, uid, sent_at, result) and result.done >= total:
            finished.set()

    server.on_call = on_call
    t0, c0, b0 = time.perf_counter(), time.process_time(), _cpu(proc.pid)
    begin(sent_at)
    await asyncio.wait_for(finished.wait(), 600)
    result.seconds = time.perf_counter() - t0
    result.server_cpu = time.process_time() - c0
    result.bot_cpu = _cpu(proc.pid) - b0
    server.on_call = None


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


SECTIONS = 12  # top-level sections in the bench draft, each with one child: 24 sections with text to walk


@dataclass
class Walk:
    """One simulated resident walking the draft: taps «Nhất trí» (saved, the next section edited in) or, for a
    typed comment, types it (saved, a new message) and taps «Mục sau». `typed_every`: every n-th comment typed."""

    left: int
    typed: bool = False
    stage: str = "open"  # open: waiting for the section view; saved: a typed comment's answer; done


async def bench_comments(
    server: FakeTelegram, db_url: str, users: int, comments: int, http_client: str, *, limiter: bool, typed_every: int
) -> Result:
    """Comments through the bot as residents make them on their phones, the outgoing calls counted per comment;
    timed from the moment every user has a section on screen (setup excluded; CPU figures include it).
    `limiter`: the bot's own rate limiter on (1/30 s between messages) and the fake server's flood control on (HTTP
    429 over 30 messages in any second), as on Telegram."""
    mode = "stance" if typed_every == 0 else ("typed" if typed_every == 1 else f"1 in {typed_every} typed")
    result = Result(f"gopy {mode}, limiter {'on' if limiter else 'off'}")
    walks = {USER_BASE + i: Walk(comments) for i in range(users)}
    counted = ("sendMessage", "editMessageText", "editMessageReplyMarkup")
    outgoing = {"sendMessage": 0, "editMessageText": 0, "editMessageReplyMarkup": 0}
    done_count = [0]
    ready: dict[int, Call] = {}
    phase = [0.0, 0.0]  # when the comments began (every user had their section) and when the last was answered

    def press(uid: int, call: Call, label: str, sent_at: dict[int, float]) -> None:
        message_id = call.message_id if call.message_id is not None else int(call.params["message_id"])
        sent_at[uid] = time.perf_counter()
        server.callback(uid, buttons(call)[label], message_id)

    def next_comment(uid: int, call: Call, sent_at: dict[int, float]) -> None:
        walk = walks[uid]
        n = comments - walk.left
        walk.typed = typed_every > 0 and n % typed_every == 0
        if walk.typed:
            sent_at[uid] = time.perf_counter()
            server.message(uid, f"Ý kiến số {n + 1} của người dùng {uid}: đề nghị làm rõ chỉ tiêu.")
        else:
            press(uid, call, "Nhất trí", sent_at)

    def on_call(call: Call, uid: int, sent_at: dict[int, float], res: Result) -> bool:
        if call.method in counted and walks[uid].stage != "setup":
            outgoing[call.method] += 1
        if call.method not in ("sendMessage", "editMessageText"):
            return False
        walk, text = walks[uid], str(call.params.get("text", ""))
        if walk.stage == "setup":  # the section view, shown by /tieptuc: once every user has it, the walks start
            walk.stage = "open"
            ready[uid] = call
            if len(ready) == len(walks):
                phase[0] = time.perf_counter()
                for each, view in ready.items():
                    next_comment(each, view, sent_at)
            return False
        acked = text.startswith("✓ Đã ghi nhận")
        if not acked:
            if walk.stage == "saved":  # «Mục sau» after a typed comment: the next section is shown
                walk.stage = "open"
                next_comment(uid, call, sent_at)
                return False
            raise RuntimeError(f"unexpected reply: {text[:80]!r}")
        res.latencies.append(time.perf_counter() - sent_at[uid])
        phase[1] = time.perf_counter()
        res.done += 1
        done_count[0] += 1
        walk.left -= 1
        if walk.left <= 0:
            walk.stage = "done"
            return True
        if walk.typed:  # on to the next section, then the next comment
            walk.stage = "saved"
            press(uid, call, "Mục sau", sent_at)
        else:
            next_comment(uid, call, sent_at)
        return True

    def begin(sent_at: dict[int, float]) -> None:
        for uid, walk in walks.items():
            walk.stage = "setup"
            server.message(uid, "/tieptuc")

    proc = _child("comment", server, db_url, http_client, limiter=limiter)
    server.rate_limit = 30 if limiter else None
    too_many = server.too_many
    try:
        await _run(server, proc, result, users * comments, begin, on_call, methods=None)
    finally:
        _stop(proc)
        server.rate_limit = None
    result.seconds = phase[1] - phase[0]  # the comments only, not the setup (each user's /tieptuc)
    result.outgoing = dict(outgoing)
    result.too_many = server.too_many - too_many
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
    """A migrated database with one open document and `users` residents reading its first section."""
    from datetime import UTC, datetime

    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import ConversationState, Participant, Role
    from tests.factories import build_consultation

    url = f"sqlite:///{path}"
    upgrade(url)
    db = Database(url)
    with db.unit() as session:
        built = build_consultation(session, code="BENCH", sections=SECTIONS)
        consent = datetime.now(UTC)
        for i in range(users):
            p = Participant(
                channel="telegram", channel_user_id=str(USER_BASE + i), role=Role.RESIDENT, consent_at=consent
            )
            session.add(p)
            session.flush()
            data = {"v": 1, "doc": built.document_id, "sec": built.section_ids[0]}
            session.add(ConversationState(participant_id=p.id, step="section", data=data))
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


MODES = {"stance": 0, "typed": 1, "mix": 5}  # every n-th comment typed (0: none)


async def main(users: int, comments: int, http_client: str, bots: list[str], limiters: list[str]) -> None:
    server = await FakeTelegram().start()
    server.record = False
    results: list[tuple[Result, int]] = []
    echoes: dict[str, Result] = {}
    try:
        for bot in bots:
            if bot.startswith("echo"):
                client = bot.partition(":")[2] or "httpx"
                echoes[client] = await bench_echo(server, users, comments, client)
                results.append((echoes[client], users * comments))
                continue
            for limiter in limiters:
                with tempfile.TemporaryDirectory() as tmp:
                    url = prepare_db(Path(tmp) / "bench.db", users)
                    run = await bench_comments(
                        server, url, users, comments, http_client, limiter=limiter == "on", typed_every=MODES[bot]
                    )
                    stored = count_comments(url)
                server.messages.clear()
                results.append((run, stored))
    finally:
        await server.stop()
    print(f"\n{users} users × {comments} comments, SQLite, fake Bot API on loopback, {os.cpu_count()} CPUs")
    print(
        f"{'bot':<32}{'done':>6}{'stored':>7}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'out/cmt':>9}{'sent':>7}"
        f"{'edited':>8}{'unkeyed':>8}{'429':>5}{'cpu ms/item':>13}"
    )
    for r, stored in results:
        o = r.outgoing
        print(
            f"{r.name:<32}{r.done:>6}{stored:>7}{r.rate:>8.1f}{r.pct(50):>9.1f}{r.pct(95):>9.1f}{r.per_item:>9.2f}"
            f"{o.get('sendMessage', 0):>7}{o.get('editMessageText', 0):>8}{o.get('editMessageReplyMarkup', 0):>8}"
            f"{r.too_many:>5}{r.cpu_ms:>13.2f}"
        )


# --- the bots, run in the child process ---


async def serve_comment() -> None:
    from bot.app import build_engine
    from bot.channels.telegram import OVERALL_RATE, TelegramChannel
    from bot.settings import settings

    engine = build_engine(settings())
    limiter = os.environ.get("BENCH_LIMITER") == "1"  # the bot's own limiter, as `gopy serve` runs it
    channel = TelegramChannel(engine, settings().telegram, overall_max_rate=OVERALL_RATE if limiter else 0)
    await engine.start()
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
        default="echo:httpx,stance,typed,mix",
        help="what to run, in order: echo:httpx (the ceiling of record), echo:aiohttp; gopy's residents: stance "
        "(each comment a tap of «Nhất trí»), typed (each typed, then «Mục sau»), mix (one in five typed)",
    )
    parser.add_argument("--limiter", default="off,on", help="the rate limiter off (engine capacity), on, or both")
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
        asyncio.run(main(args.users, args.comments, args.http_client, args.bots.split(","), args.limiter.split(",")))
