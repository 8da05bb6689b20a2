"""`gopy serve` as a real process: SIGKILL mid-conversation loses nothing acknowledged; SIGTERM exits cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from storage.db import Database
from storage.models import Comment
from tests.factories import sqlite_file_with_consultation
from tests.fakes.telegram_api import FakeTelegram
from tests.telegram.conftest import TgUser

ROOT = Path(__file__).resolve().parents[2]
# Only the command modules of this channel: the CLI must not depend on the rest being installed.
RUNNER = "from bot.cli import app, chat, serve; chat.register(app); serve.register(app); app()"


def start_bot(server: FakeTelegram, url: str, cwd: Path) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        TELEGRAM_TOKEN=server.token,
        TELEGRAM_BASE_URL=server.base_url,
        DATABASE_URL=url,
        PYTHONPATH=str(ROOT),
        GOPY_LOG_LEVEL="WARNING",
    )
    env.pop("TELEGRAM_WEBHOOK_URL", None)
    with open(cwd / "bot.log", "ab") as log:
        return subprocess.Popen([sys.executable, "-c", RUNNER, "serve"], env=env, cwd=cwd, stdout=log, stderr=log)


async def exit_code(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> int | None:
    """Wait without blocking the event loop: the fake server must keep answering the bot while it stops."""
    for _ in range(int(timeout / 0.05)):
        if proc.poll() is not None:
            return proc.returncode
        await asyncio.sleep(0.05)
    return None


async def to_confirmation(user: TgUser) -> None:
    """From the privacy notice (the bot was just started: its first answer may take a while) to «Xác nhận»."""
    await user.expect("Bạn có đồng ý không?", timeout=30)
    await user.press("Đồng ý", "tư cách nào")
    await user.press("Người dân", "khu phố/thôn")
    await user.press("Bỏ qua", "nhắc trước khi hết hạn")
    await user.press("Không cần", "Chọn một dự thảo")
    await user.press("Dự thảo Báo cáo chính trị", "Mục lục")
    await user.press("I. MỤC LỚN 1", "Mục 1/6")
    await user.press("Nhất trí", "hoặc bấm «Gửi»")
    await user.press("Gửi", "Xin kiểm tra lại")


async def terminate_cleanly(bot: subprocess.Popen[bytes], cwd: Path) -> None:
    bot.send_signal(signal.SIGTERM)
    assert await exit_code(bot) == 0, (cwd / "bot.log").read_text()


def kill(bot: subprocess.Popen[bytes]) -> None:
    """SIGKILL when still running: no shutdown, the last updates not confirmed to the server."""
    if bot.poll() is None:
        bot.kill()
        bot.wait(10)


def comments(url: str) -> list[tuple[str, str]]:
    db = Database(url)
    with db.unit() as s:
        rows = [(c.kind.value, c.text) for c in s.scalars(select(Comment).order_by(Comment.id))]
    db.dispose()
    return rows


async def test_sigkill_then_restart_keeps_comments_and_step(fake_tg: FakeTelegram, tmp_path: Path) -> None:
    url = sqlite_file_with_consultation(tmp_path / "gopy.db")

    bot = start_bot(fake_tg, url, tmp_path)
    try:
        user = TgUser(fake_tg, 601)
        fake_tg.message(601, "/start")
        await to_confirmation(user)
        await user.press("Xác nhận", "Đã ghi nhận")
        await user.press("Mục tiếp theo", "Mục 2/6")
        await user.press("Ý kiến khác", "Xin gõ ý kiến của bạn")
    finally:
        kill(bot)
    assert comments(url) == [("agree", "")]

    bot = start_bot(fake_tg, url, tmp_path)
    try:
        # Same step as before the crash: the typed text is the "Ý kiến khác" on section 2.
        fake_tg.message(601, "Viết sau khi khởi động lại.")
        confirm = await user.expect("Loại ý kiến: Ý kiến khác", timeout=30)
        assert "mục 1. Mục con của 1" in confirm.params["text"]
        await user.press("Xác nhận", "Đã ghi nhận")
        assert comments(url) == [("agree", ""), ("other", "Viết sau khi khởi động lại.")]
        await terminate_cleanly(bot, tmp_path)
    finally:
        kill(bot)


async def test_a_reply_committed_while_the_platform_failed_arrives_after_a_crash(
    fake_tg: FakeTelegram, tmp_path: Path
) -> None:
    """The comment is stored while every send fails; the process is killed; the next one delivers the
    acknowledgement from the outbox, once, and SIGTERM then stops it cleanly."""
    url = sqlite_file_with_consultation(tmp_path / "gopy.db")
    bot = start_bot(fake_tg, url, tmp_path)
    user = TgUser(fake_tg, 602)
    try:
        fake_tg.message(602, "/start")
        await to_confirmation(user)
        fake_tg.fail_every = 1  # the platform answers 500 to every send from now on
        fake_tg.callback(602, user.button("Xác nhận"))
        await fake_tg.wait_for(lambda: any("Đã ghi nhận" in str(c.params.get("text")) for c in fake_tg.failed))
        assert comments(url) == [("agree", "")]
    finally:
        kill(bot)
    fake_tg.fail_every = 0
    bot = start_bot(fake_tg, url, tmp_path)
    try:
        await user.expect("Đã ghi nhận", timeout=30)
        await asyncio.sleep(1)
        assert sum("Đã ghi nhận" in t for t in fake_tg.texts(602)) == 1
        await terminate_cleanly(bot, tmp_path)
    finally:
        kill(bot)
