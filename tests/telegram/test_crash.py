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


async def to_section(user: TgUser) -> None:
    """From the privacy notice (the bot was just started: its first answer may take a while) to section 1's view."""
    await user.expect("có đồng ý không?", timeout=30)
    await user.press("Đồng ý", "tư cách nào")
    await user.press("Người dân", "khu phố/thôn")
    await user.press("Bỏ qua", "nhắc trước khi hết hạn")
    await user.press("Không cần", "Chọn một dự thảo")
    await user.open_section()


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
        await to_section(user)
        moved = await user.press("Nhất trí", "✓ Đã ghi nhận: Nhất trí")  # saved at once; section 2 shown
        assert "Mục 2/6" in moved.params["text"]
        saved = await user.send("Phần viết trước khi dừng.", "✓ Đã ghi nhận ý kiến")  # saved as typed: step SAVED
        await fake_tg.wait_for(lambda: fake_tg.keyboards(601) == [saved.message_id])  # the section's taken off
    finally:
        kill(bot)
    assert comments(url) == [("agree", ""), ("other", "Phần viết trước khi dừng.")]

    bot = start_bot(fake_tg, url, tmp_path)
    try:
        # Same step as before the crash: text typed now is added to the comment saved just before.
        fake_tg.message(601, "Viết sau khi khởi động lại.")
        added = await user.expect("✓ Đã nối thêm", timeout=30)
        assert "Mục con của 1" in added.params["text"]  # about section 2, where the person stood
        assert comments(url) == [("agree", ""), ("other", "Phần viết trước khi dừng.\nViết sau khi khởi động lại.")]
        await user.press("Mục sau", "Mục 3/6")  # and the buttons of the new process's message work
        await user.press("Ý kiến khác", "gõ ý kiến về")
        await user.send("Ý kiến mới sau khởi động lại.", "✓ Đã ghi nhận ý kiến")
        assert comments(url)[2:] == [("other", "Ý kiến mới sau khởi động lại.")]
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
        await to_section(user)
        fake_tg.fail_every = 1  # the platform answers 500 to every new message from now on
        fake_tg.message(602, "Ý kiến gõ khi nền tảng đang lỗi.")  # saved at once; its answer is a new message
        await fake_tg.wait_for(lambda: any("✓ Đã ghi nhận ý kiến" in str(c.params.get("text")) for c in fake_tg.failed))
        assert comments(url) == [("other", "Ý kiến gõ khi nền tảng đang lỗi.")]
    finally:
        kill(bot)
    fake_tg.fail_every = 0
    bot = start_bot(fake_tg, url, tmp_path)
    try:
        await user.expect("✓ Đã ghi nhận ý kiến", timeout=30)
        await user.send("/tieptuc", "Mục 1/6")  # answered after anything still queued for this chat
        assert sum("✓ Đã ghi nhận ý kiến" in t for t in fake_tg.texts(602)) == 1
        await terminate_cleanly(bot, tmp_path)
    finally:
        kill(bot)
