"""Kill test: the calendar reminding N cell secretaries while its process is SIGKILLed again and again.

A SQLite database in a temp dir with a plan whose N cells are all due today, reminded a few minutes ago (dates
relative to today: the process runs the calendar on the real clock), one registered secretary per cell. The fake
Bot API server runs in this process with Telegram's flood control on (30 messages in any 1-second window). Then
`gopy serve` (which runs the calendar, catching up at start) is started, SIGKILLed at a random moment, started
again, K times; a last start runs until the delivery log says every reminder is sent, and is stopped with SIGTERM.

Why `gopy serve`: a process that dies holds the outbox rows it was sending for `HOLD` (5 minutes, a constant:
nothing in the environment shortens it). On SQLite only `gopy serve` (the single process serving the database)
releases them at start (`Delivery.start(release_held=True)`); `gopy scheduler` and `gopy schedule run-due` leave
them until the hold ends, so a kill test with those waits 5 minutes after each kill.

    .venv/bin/python -m bench.kill_schedule [--secretaries 500] [--kills 10] [--seed 1]

Counts: chats that got no message (lost: must be 0), chats that got 2 or more (a message the platform took whose
outbox row was not yet deleted when the process died: sent again after the restart), by the kill that caused it,
and whether any chat got 3 or more.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_schedule import GOPY, gopy_env, log_states, prepare, scratch_database  # noqa: E402
from core import clock  # noqa: E402
from tests.fakes.telegram_api import Call, FakeTelegram  # noqa: E402

FIRST_SEND_WAIT = 60.0  # seconds a run may take to send its first message before it is killed anyway
FINAL_WAIT = 600.0  # seconds the last run may take to send everything


@dataclass
class Life:
    """One start of `gopy serve`: when it started, sent its first message, was killed; what it sent."""

    number: int
    started: float
    first_send: float | None = None
    killed: float | None = None
    sent: int = 0
    resent: int = 0  # messages this life sent whose outbox row it had not forgotten when it died: sent again


@dataclass
class Record:
    lives: list[Life] = field(default_factory=list)
    by_chat: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # chat → lives that sent to it

    def on_call(self, call: Call) -> None:
        if call.method != "sendMessage" or not self.lives:
            return
        life = self.lives[-1]
        life.sent += 1
        if life.first_send is None:
            life.first_send = time.monotonic()
        self.by_chat[str(call.params.get("chat_id"))].append(life.number)


def plan_moment() -> tuple[date, str]:
    """(today's local date, a reminder time two minutes ago, or midnight just after it)."""
    now = clock.local_now()
    earlier = now - timedelta(minutes=2)
    return now.date(), earlier.strftime("%H:%M") if earlier.date() == now.date() else "00:00"


async def start(url: str, server: FakeTelegram, cwd: Path, log: Path) -> asyncio.subprocess.Process:
    env = gopy_env(url, server)
    env["GOPY_LOG_LEVEL"] = "WARNING"
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            str(GOPY), "serve", env=env, cwd=cwd, stdout=asyncio.subprocess.DEVNULL, stderr=out
        )


async def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


async def kill_test(secretaries: int, kills: int, seed: int, rate: float | None) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp, scratch_database("sqlite", Path(tmp)) as url:
        directory = Path(tmp)
        day, at = plan_moment()
        chats = prepare(url, directory, secretaries, day, at=at, grace_hours=2)
        server = await FakeTelegram().start()
        server.rate_limit = rate
        record = Record()
        server.on_call = record.on_call
        log = directory / "serve.log"

        def all_sent() -> bool:
            return log_states(url)["sent"] >= len(chats)

        def claimed() -> int:
            states = log_states(url)
            return states["sending"] + states["sent"]

        began = time.monotonic()
        try:
            for number in range(kills + 1):
                life = Life(number, time.monotonic())
                record.lives.append(life)
                proc = await start(url, server, directory, log)
                if number == kills:  # the last life: runs until everything is sent, then stops cleanly
                    done = await wait_for(all_sent, FINAL_WAIT)
                    proc.send_signal(signal.SIGTERM)
                    await proc.wait()
                    if not done:
                        print(f"not all sent after {FINAL_WAIT:.0f} s: {dict(log_states(url))}")
                    break
                if number == 0:  # the first while it claims the sends: some staged, some not yet claimed
                    await wait_for(lambda: claimed() >= len(chats) // 3, FINAL_WAIT)
                elif number % 4 == 3:  # now and then while starting
                    await asyncio.sleep(rng.uniform(0.5, 5.0))
                else:  # mostly while sending
                    await wait_for(lambda: life.first_send is not None or all_sent(), FIRST_SEND_WAIT)  # noqa: B023
                    await asyncio.sleep(rng.uniform(0.1, 3.0))
                if all_sent():  # nothing left to kill it for
                    proc.send_signal(signal.SIGTERM)
                    await proc.wait()
                    print(f"everything was sent before kill {number + 1}: no more kills")
                    break
                proc.kill()  # SIGKILL: no cleanup of any kind
                await proc.wait()
                life.killed = time.monotonic()
        finally:
            await server.stop()
        seconds = time.monotonic() - began
        got = Counter({chat: len(lives) for chat, lives in record.by_chat.items()})
        for lives in record.by_chat.values():
            for earlier in lives[:-1]:  # each message after a chat's first: the life before it died unforgotten
                record.lives[earlier].resent += 1
        lost = [chat for chat in chats if got[chat] == 0]
        twice = sum(1 for chat in chats if got[chat] == 2)
        more = sum(1 for chat in chats if got[chat] >= 3)
        states = log_states(url)
        print(
            f"{len(chats)} secretaries, {kills} SIGKILLs, seed {seed}, flood limit {rate or 'off'}/s: {seconds:.0f} s"
        )
        for life in record.lives:
            first = f"{life.first_send - life.started:.1f} s" if life.first_send is not None else "—"
            killed = f"killed at {life.killed - life.started:.1f} s" if life.killed is not None else "SIGTERM"
            print(
                f"  start {life.number + 1:2}: first message after {first}, {killed}; sent {life.sent}, "
                f"sent again after this kill: {life.resent}"
            )
        print(
            f"messages {sum(got.values())}; chats with 0: {len(lost)}; with 2: {twice}; with 3 or more: {more} "
            f"(most to one chat: {max(got.values(), default=0)}); "
            f"HTTP 429 {server.too_many}; delivery log {dict(states)}"
        )
        resent = [life.resent for life in record.lives if life.killed is not None]
        print(f"sent again per kill: {resent} (mean {sum(resent) / len(resent):.1f})" if resent else "")
        if lost or states["sent"] != len(chats):
            sys.exit("FAILED: a reminder was lost")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--secretaries", type=int, default=500)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=30.0, help="the fake's flood limit, messages/s (0: none)")
    args = parser.parse_args()
    asyncio.run(kill_test(args.secretaries, args.kills, args.seed, args.rate or None))


if __name__ == "__main__":
    main()
