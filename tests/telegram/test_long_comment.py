"""A comment longer than one Telegram message, sent in parts, joined, confirmed and stored whole."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Comment
from tests.telegram.conftest import Bot, TgUser


async def test_a_long_comment_in_several_messages(tg_bot: Bot) -> None:
    user = TgUser(tg_bot.server, 901)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị", "Mục lục")
    await user.press("I. MỤC LỚN 1", "Mục 1/6")
    await user.send("không nhất trí", "Xin gõ rõ ý kiến")  # the button's label typed: as if pressed
    await user.send("x" * 4500, "nhiều tin nhắn ngắn hơn")
    parts = ["Phần một. " + "a" * 3900, "Phần hai. " + "b" * 3900, "Phần ba."]
    # Each confirmation is split at paragraphs; its last piece (with the buttons) ends with the newest part.
    await user.send(parts[0], "Phần một.")
    await user.send(parts[1], "Phần hai.")
    await user.send(parts[2], "Phần ba.")
    await user.press("Xác nhận", "Đã ghi nhận")
    with tg_bot.db.unit() as s:
        [comment] = s.scalars(select(Comment)).all()
    assert comment.kind.value == "disagree" and comment.text == "\n".join(parts)
    assert all(len(t) <= 4096 for t in tg_bot.server.texts(901))
