"""A comment longer than one Telegram message, sent in parts: the first part saved at once, each next part typed in
the SAVED step added to it, stored whole; every answer fits one message (the comment quoted shortened)."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Comment
from tests.fakes.telegram_api import buttons
from tests.telegram.conftest import Bot, TgUser


async def test_a_long_comment_in_several_messages(tg_bot: Bot) -> None:
    server = tg_bot.server
    user = TgUser(server, 901)
    await user.onboard()
    await user.open_section()
    await user.send("không nhất trí", "✓ Đã ghi nhận: Không nhất trí")  # the button's label typed: as if pressed
    await user.send("x" * 4500, "nhiều tin nhắn ngắn hơn")  # over one message's limit: refused, nothing added
    with tg_bot.db.unit() as s:
        assert [(c.kind.value, c.text) for c in s.scalars(select(Comment))] == [("disagree", "")]
    parts = ["Phần một. " + "a" * 3900, "Phần hai. " + "b" * 3900, "Phần ba."]
    saved = await user.send(parts[0], "✓ Đã ghi nhận ý kiến")  # the reason of «Không nhất trí»
    assert "«Phần một. aaa" in saved.params["text"]
    await user.send(parts[1], "✓ Đã nối thêm")  # typed next: added to it
    last = await user.send(parts[2], "✓ Đã nối thêm")
    assert {"Sửa", "Rút lại"} <= set(buttons(last))
    with tg_bot.db.unit() as s:
        [comment] = s.scalars(select(Comment)).all()
    assert comment.kind.value == "disagree" and comment.text == "\n".join(parts)
    assert all(len(t) <= 4096 for t in user.shown_texts())
    assert sum("✓ Đã nối thêm" in t for t in server.texts(901)) == 2  # each addition acknowledged once
    await server.wait_for(lambda: server.keyboards(901) == [last.message_id])  # one live keyboard: the newest
