"""End to end through python-telegram-bot's HTTP stack in polling mode."""

from __future__ import annotations

from typing import Any

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
    stance = await user.press("Không nhất trí", "✓ Đã ghi nhận: Không nhất trí")
    assert stance.method == "editMessageText" and "Hoàn tác" in buttons(stance)
    assert "Đã ghi nhận" in user.toasts()  # the press answered with a toast too
    saved = await user.send("Cần nêu rõ chỉ tiêu hơn.", "✓ Đã ghi nhận ý kiến")
    assert "«Cần nêu rõ chỉ tiêu hơn.»" in saved.params["text"]
    assert {"Sửa", "Rút lại", "Mục sau"} <= set(buttons(saved))
    with tg_bot.db.unit() as s:
        comment = s.scalars(select(Comment)).one()
        assert (comment.kind.value, comment.text, comment.channel) == (
            "disagree",
            "Cần nêu rõ chỉ tiêu hơn.",
            "telegram",
        )


async def redelivered(bot: Bot, update: dict[str, Any]) -> None:
    """`update` delivered again, and fetched: the bot has asked for more since."""
    polls = bot.server.polls
    bot.server.redeliver(update)
    await bot.server.wait_for(lambda: bot.server.polls > polls)


async def test_same_update_twice_records_one_comment(tg_bot: Bot) -> None:
    server = tg_bot.server
    user = TgUser(server, 502)
    await user.onboard()
    await user.open_section()
    data, message_id = user.pressable("Nhất trí")
    press = server.callback(502, data, message_id)
    await user.expect("✓ Đã ghi nhận: Nhất trí")
    typed = server.message(502, "Ý kiến về mục 2, gửi một lần.")
    await user.expect("✓ Đã ghi nhận ý kiến")
    for update in (press, typed):
        await redelivered(tg_bot, update)
    await user.send("/tieptuc", "Mục 2/6")  # answered after both redeliveries were taken (one chat, in order)
    # Applied once, answered once: the answers were delivered (the outbox holds only what was not).
    texts = user.shown_texts()
    assert sum("✓ Đã ghi nhận: Nhất trí" in text for text in texts) == 1
    assert sum("✓ Đã ghi nhận ý kiến" in text for text in texts) == 1
    with tg_bot.db.unit() as s:
        stored = [(c.kind.value, c.text) for c in s.scalars(select(Comment).order_by(Comment.id))]
        assert s.scalar(select(func.count()).select_from(Comment)) == 2
    assert stored == [("agree", ""), ("other", "Ý kiến về mục 2, gửi một lần.")]  # not appended to itself
