"""`gopy serve` with Zalo as a real process: SIGKILL mid-conversation, then a restart resumes at the same step;
SIGTERM exits cleanly."""

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
from tests.fakes.zalo_api import FakeZalo, user_id
from tests.zalo.conftest import ZaloUser

ROOT = Path(__file__).resolve().parents[2]
RUNNER = "from bot.cli import app, chat, serve; chat.register(app); serve.register(app); app()"


def start_bot(server: FakeZalo, url: str, cwd: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "SMTP_", "GOPY_LINK_"))}
    env.update(
        ZALO_BOT_TOKEN=server.token,
        ZALO_BASE_URL=server.base_url,
        ZALO_POLL_TIMEOUT="5",
        GOPY_LINK_DIR=str(cwd / "links"),
        DATABASE_URL=url,
        PYTHONPATH=str(ROOT),
        GOPY_LOG_LEVEL="WARNING",
    )
    with open(cwd / "bot.log", "ab") as log:
        return subprocess.Popen([sys.executable, "-c", RUNNER, "serve"], env=env, cwd=cwd, stdout=log, stderr=log)


async def exit_code(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> int | None:
    for _ in range(int(timeout / 0.05)):
        if proc.poll() is not None:
            return proc.returncode
        await asyncio.sleep(0.05)
    return None


def kill(bot: subprocess.Popen[bytes]) -> None:
    if bot.poll() is None:
        bot.kill()
        bot.wait(10)


def comments(url: str) -> list[tuple[str, str, str]]:
    db = Database(url)
    with db.unit() as s:
        rows = [(c.kind.value, c.text, c.channel) for c in s.scalars(select(Comment).order_by(Comment.id))]
    db.dispose()
    return rows


async def test_sigkill_then_restart_resumes_at_the_same_step(fake_zalo: FakeZalo, tmp_path: Path) -> None:
    url = sqlite_file_with_consultation(tmp_path / "gopy.db")
    uid = user_id(611)
    user = ZaloUser(fake_zalo, uid)
    bot = start_bot(fake_zalo, url, tmp_path)
    try:
        await user.send("/start", "có đồng ý không?", timeout=30)  # the first answer may take a while
        await user.choose("Đồng ý", "tư cách nào")
        await user.choose("Người dân", "khu phố/thôn")
        await user.finish_onboarding("Bỏ qua")
        await user.open_section()
        moved = await user.choose("Nhất trí", "✓ Đã ghi nhận: Nhất trí")  # saved at once
        assert "Mục 2/6" in moved.params["text"]
        await user.choose("Ý kiến khác", "gõ ý kiến về")  # step COMPOSE: nothing saved yet
    finally:
        kill(bot)
    assert comments(url) == [("agree", "", "zalo")]

    # Typed while the bot was down: waiting at Zalo, taken after the restart, at the step the person was at.
    fake_zalo.text(uid, "Viết khi bot đang khởi động lại.")
    bot = start_bot(fake_zalo, url, tmp_path)
    try:
        saved = await user.expect("✓ Đã ghi nhận ý kiến", timeout=30)
        assert "(Ý kiến khác)" in saved.params["text"] and "Mục con của 1" in saved.params["text"]
        assert comments(url) == [("agree", "", "zalo"), ("other", "Viết khi bot đang khởi động lại.", "zalo")]
        await user.send("Thêm một dòng.", "✓ Đã nối thêm")  # step SAVED: added to the same comment
        assert comments(url)[1:] == [("other", "Viết khi bot đang khởi động lại.\nThêm một dòng.", "zalo")]
        bot.send_signal(signal.SIGTERM)
        assert await exit_code(bot) == 0, (tmp_path / "bot.log").read_text()
    finally:
        kill(bot)
