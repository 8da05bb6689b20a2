"""End to end through python-telegram-bot's HTTP stack in polling mode."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from storage.models import Comment
from tests.fakes.telegram_api import buttons
from tests.handlers.helpers import SECTION_BUTTONS
from tests.telegram.conftest import Bot, TgUser


async def test_walkthrough_records_a_comment_and_registers_commands(tg_bot: Bot) -> None:
    server = tg_bot.server
    assert any(c.method == "setMyCommands" for c in server.calls)
    user = TgUser(server, 501)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị", "Mục lục (trang 1/1)")
    section = await user.press("I. MỤC LỚN 1", "Mục 1/6")
    assert "[1] Đoạn thứ nhất" in section.params["text"]
    assert list(buttons(section)) == SECTION_BUTTONS
    await user.press("Không nhất trí", "Xin gõ rõ ý kiến")
    confirm = await user.send("Cần nêu rõ chỉ tiêu hơn.", "Xin kiểm tra lại")
    assert "Nội dung: Cần nêu rõ chỉ tiêu hơn." in confirm.params["text"]
    done = await user.press("Xác nhận", "Đã ghi nhận")
    assert "Mục tiếp theo" in buttons(done)
    assert any(c.method == "answerCallbackQuery" for c in server.calls)
    with tg_bot.db.unit() as s:
        comment = s.scalars(select(Comment)).one()
        assert (comment.kind.value, comment.text, comment.channel) == (
            "disagree",
            "Cần nêu rõ chỉ tiêu hơn.",
            "telegram",
        )


async def test_same_update_twice_records_one_comment(tg_bot: Bot) -> None:
    server = tg_bot.server
    user = TgUser(server, 502)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị", "Mục lục")
    await user.press("I. MỤC LỚN 1", "Mục 1/6")
    await user.press("Nhất trí", "hoặc bấm «Gửi»")
    await user.press("Gửi", "Xin kiểm tra lại")
    update = server.callback(502, user.button("Xác nhận"))
    await user.expect("Đã ghi nhận")
    polls = server.polls
    server.redeliver(update)
    await server.wait_for(lambda: server.polls > polls)  # fetched: the bot has asked for more since
    await asyncio.sleep(0.5)
    # Applied once, answered once: the answer was delivered (the outbox holds only what was not).
    assert sum("Đã ghi nhận" in text for text in server.texts(502)) == 1
    with tg_bot.db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 1
