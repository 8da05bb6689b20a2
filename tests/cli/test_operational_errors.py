"""What stops `gopy serve` (what `make run` runs) and the calendar for a reason the operator fixes: a token the
platform refuses, no network, a database never migrated or behind the code, a port taken, a webhook URL refused.

Each is the real command in a subprocess against the fake Bot API servers on 127.0.0.1: exit code 1, one line on
stderr in Vietnamese (the catalog's, word for word), no traceback, and the token nowhere in what it printed, logs
at the default level included. With GOPY_LOG_LEVEL=DEBUG the detail is logged, the token still masked.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.messages import t
from storage.db import Database
from storage.migrate import upgrade
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

GOPY = Path(sys.executable).with_name("gopy")
# Tokens of the real shape (the log filter's pattern finds them), the wrong one as a mistyped .env would hold.
TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
WRONG = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDxyz"
ZALO_WRONG = "1459232241454765289:zalo-WRONG-secret-ABCDEFGHIJKLMNOPQRSTUV"
SECRETS = (TOKEN, WRONG, ZALO_WRONG)
LIMIT = 120  # seconds a command may take before the test gives up on it (each fails within a few)


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def env_for(url: str, **settings: str) -> dict[str, str]:
    """The environment of a fresh machine (no gopy setting inherited) with the database and `settings`."""
    prefixes = ("TELEGRAM_", "GOPY_", "ZALO_", "SMTP_", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(DATABASE_URL=url, **settings)
    return env


async def run_gopy(cwd: Path, env: dict[str, str], *args: str) -> Run:
    """The installed `gopy` command, run without blocking the loop (the fake servers answer it meanwhile)."""
    proc = await asyncio.create_subprocess_exec(
        str(GOPY), *args, cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), LIMIT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError(f"gopy {' '.join(args)} did not stop within {LIMIT} s") from None
    assert proc.returncode is not None
    return Run(proc.returncode, out.decode(), err.decode())


def assert_one_line(run: Run, expected: str) -> None:
    """Exit 1, the one catalog line on stderr and nothing else, no traceback, no token (not even its secret part)."""
    printed = run.out + run.err
    assert run.code == 1, printed
    assert "Traceback" not in printed
    for secret in SECRETS:
        assert secret not in printed
        assert secret.split(":", 1)[1] not in printed
    assert run.lines == [t("cli.error", detail=expected)], printed
    assert run.out == ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram(token=TOKEN).start()
    yield server
    await server.stop()


@pytest.fixture
def migrated(db: Database, tmp_path: Path) -> str:
    """A migrated SQLite database file (the tests' template)."""
    return f"sqlite:///{tmp_path / 'gopy.db'}"


@pytest.fixture
def listening() -> Iterator[int]:
    """A port on 127.0.0.1 already bound and listening, as another program's would be."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield int(s.getsockname()[1])


@pytest.mark.parametrize("command", [("serve",), ("scheduler",)])
async def test_a_token_telegram_refuses(
    telegram: FakeTelegram, migrated: str, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """The Bot API answers 401 Unauthorized to getMe (as Telegram does to an unknown token)."""
    env = env_for(migrated, TELEGRAM_TOKEN=WRONG, TELEGRAM_BASE_URL=telegram.base_url)
    run = await run_gopy(tmp_path, env, *command)
    assert_one_line(run, t("cli.ops.telegram_token"))


async def test_a_token_telegram_refuses_with_debug_logs_the_detail_masked(
    telegram: FakeTelegram, migrated: str, tmp_path: Path
) -> None:
    env = env_for(migrated, TELEGRAM_TOKEN=WRONG, TELEGRAM_BASE_URL=telegram.base_url, GOPY_LOG_LEVEL="DEBUG")
    run = await run_gopy(tmp_path, env, "serve")
    printed = run.out + run.err
    assert run.code == 1
    assert run.lines[-1] == t("cli.error", detail=t("cli.ops.telegram_token"))
    assert "InvalidToken" in printed  # the detail, logged
    assert WRONG not in printed and WRONG.split(":", 1)[1] not in printed


async def test_no_network(migrated: str, tmp_path: Path) -> None:
    """Nothing listens where the Bot API should be: the connection is refused."""
    port = free_port()
    env = env_for(migrated, TELEGRAM_TOKEN=TOKEN, TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot")
    run = await run_gopy(tmp_path, env, "serve")
    expected = t("cli.ops.telegram_network", host=f"127.0.0.1:{port}", why=t("cli.ops.why.refused"))
    assert_one_line(run, expected)


@pytest.mark.parametrize("command", [("serve",), ("scheduler",)])
async def test_a_database_never_migrated(telegram: FakeTelegram, tmp_path: Path, command: tuple[str, ...]) -> None:
    """An empty SQLite file: told before any channel starts (Telegram is not even asked)."""
    path = tmp_path / "empty.db"
    path.touch()
    env = env_for(f"sqlite:///{path}", TELEGRAM_TOKEN=TOKEN, TELEGRAM_BASE_URL=telegram.base_url)
    run = await run_gopy(tmp_path, env, *command)
    assert_one_line(run, t("cli.ops.db_not_migrated", url=f"sqlite:///{path}"))
    assert telegram.calls == []


async def test_a_database_behind_the_code(telegram: FakeTelegram, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    env = env_for(url, TELEGRAM_TOKEN=TOKEN, TELEGRAM_BASE_URL=telegram.base_url)
    run = await run_gopy(tmp_path, env, "serve")
    assert_one_line(run, t("cli.ops.db_behind", url=url))
    assert telegram.calls == []


async def test_any_command_on_a_database_never_migrated(tmp_path: Path) -> None:
    """A command that reads the database without the start's check (`gopy role list`): SQLite's "no such table"
    is told the same way."""
    path = tmp_path / "empty.db"
    path.touch()
    run = await run_gopy(tmp_path, env_for(f"sqlite:///{path}"), "role", "list")
    assert_one_line(run, t("cli.ops.db_not_migrated", url=f"sqlite:///{path}"))


async def test_a_database_server_not_running(tmp_path: Path) -> None:
    """PostgreSQL not listening: the URL is shown without its password."""
    port = free_port()
    run = await run_gopy(tmp_path, env_for(f"postgresql://gopy:pa55word@127.0.0.1:{port}/gopy"), "serve")
    assert_one_line(run, t("cli.ops.db_unreachable", url=f"postgresql://gopy:***@127.0.0.1:{port}/gopy"))
    assert "pa55word" not in run.err


async def test_the_webhook_port_taken(telegram: FakeTelegram, migrated: str, tmp_path: Path, listening: int) -> None:
    """Told before Telegram is asked anything."""
    env = env_for(
        migrated,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=telegram.base_url,
        TELEGRAM_WEBHOOK_URL="https://gopy.example.vn/telegram",
        TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
        TELEGRAM_WEBHOOK_PORT=str(listening),
    )
    run = await run_gopy(tmp_path, env, "serve")
    assert_one_line(run, t("cli.ops.port_taken", host="127.0.0.1", port=listening, setting="TELEGRAM_WEBHOOK_PORT"))
    assert telegram.calls == []


async def test_a_webhook_url_telegram_refuses(telegram: FakeTelegram, migrated: str, tmp_path: Path) -> None:
    telegram.refuse_webhook = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    url = "http://gopy.example.vn/telegram"
    env = env_for(
        migrated,
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=telegram.base_url,
        TELEGRAM_WEBHOOK_URL=url,
        TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
        TELEGRAM_WEBHOOK_PORT=str(free_port()),
    )
    run = await run_gopy(tmp_path, env, "serve")
    reason = "Bad webhook: an https url must be provided for webhook"  # as PTB words it
    assert_one_line(run, t("cli.ops.telegram_webhook", url=url, reason=reason))


async def test_a_token_zalo_refuses(migrated: str, tmp_path: Path) -> None:
    server = await FakeZalo().start()
    try:
        env = env_for(migrated, ZALO_BOT_TOKEN=ZALO_WRONG, ZALO_BASE_URL=server.base_url)
        run = await run_gopy(tmp_path, env, "serve")
    finally:
        await server.stop()
    assert_one_line(run, t("cli.ops.zalo_token"))


def test_the_catalog_lines_are_one_line_each() -> None:
    """Every operational message renders as one line (a field never brings a line break in: the URL, the host and
    the reason are one line each)."""
    from core.messages import MESSAGES

    keys = [key for key in MESSAGES if key.startswith("cli.ops.")]
    assert len(keys) >= 10
    for key in keys:
        assert "\n" not in MESSAGES[key], key
