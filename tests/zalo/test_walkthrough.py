"""The resident's walk-through on Zalo, end to end through the fake Zalo Bot API (long polling): the same flow as on
Telegram with numbered choices typed back as numbers or labels (a stance saved at once, words typed saved at once,
an amendment by choosing a sentence, with no numbered choice for Telegram's copy button), "my comments", and what
Zalo cannot show."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from storage.models import Comment, Paragraph, Participant, Section
from tests.fakes.zalo_api import FakeZalo, user_id
from tests.handlers.helpers import SECTION_BUTTONS
from tests.zalo.conftest import Bot, ZaloUser


def comments(bot: Bot) -> list[Comment]:
    with bot.db.unit() as s:
        rows = list(s.scalars(select(Comment).order_by(Comment.id)))
        s.expunge_all()
    return rows


async def test_walkthrough_agree_free_comment_amendment_and_my_comments(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    with zalo_bot.db.unit() as s:  # section 3's first paragraph, printed as three sentences
        sec = s.scalars(select(Section).where(Section.title == "MỤC LỚN 2")).one()
        para = s.scalars(select(Paragraph).where(Paragraph.section_id == sec.id, Paragraph.number == 1)).one()
        para.text = "Giữ vững ổn định chính trị. Phát triển kinh tế nhanh, bền vững. (1) Chuyển đổi số."
    user = ZaloUser(server, user_id(501))
    consent = await user.send("/start", "có đồng ý không?")
    assert "  1. Đồng ý" in consent.params["text"]  # no buttons on Zalo: numbered lines
    await user.send("Đồng ý", "tư cách nào")  # a choice's label typed works like its number
    await user.choose("Người dân", "khu phố/thôn")
    await user.finish_onboarding("Bỏ qua")
    await user.choose("Dự thảo Báo cáo chính trị", "Mục lục (trang 1/1)")
    section = await user.choose("I. MỤC LỚN 1", "Mục 1/6")
    assert "[1] Đoạn thứ nhất" in section.params["text"]
    assert user.choices() == SECTION_BUTTONS

    moved = await user.choose("Nhất trí", "✓ Đã ghi nhận: Nhất trí")  # saved at once, the next section shown
    assert "Mục 2/6" in moved.params["text"] and user.choices()[-1] == "Hoàn tác" and user.choices()[0] == "Nhất trí"

    saved = await user.send("Cần nêu rõ lộ trình thực hiện.", "✓ Đã ghi nhận ý kiến")  # typed on a section
    assert "«Cần nêu rõ lộ trình thực hiện.»" in saved.params["text"]
    assert {"Sửa", "Rút lại", "Mục trước", "Mục sau"} <= set(user.choices())

    await user.choose("Mục sau", "Mục 3/6")  # an amendment: a paragraph, a sentence, the new wording
    await user.choose("Đề nghị sửa đổi, bổ sung", "đoạn nào")
    sentences = await user.choose("[1]", "1) Giữ vững ổn định chính trị.")
    assert "2) Phát triển kinh tế nhanh, bền vững." in sentences.params["text"]
    await user.choose("Câu 2", "«Phát triển kinh tế nhanh, bền vững.»")
    assert user.choices() == ["Huỷ"]  # the copy button is Telegram's: no numbered choice for it here
    await user.send("Phát triển kinh tế nhanh và bền vững.", "✓ Đã ghi nhận đề nghị sửa")
    await user.send("Theo xu hướng chung.", "Lý do: Theo xu hướng chung.")  # the reason, optional, typed next

    mine = await user.send("/ykiencuatoi", "Ý kiến của")
    assert "(3)" in mine.params["text"] and "Cần nêu rõ lộ trình thực hiện." in mine.params["text"]
    assert "Sửa #1" in user.choices()

    stored = comments(zalo_bot)
    assert [(c.kind.value, c.text, c.channel) for c in stored][:2] == [
        ("agree", "", "zalo"),
        ("other", "Cần nêu rõ lộ trình thực hiện.", "zalo"),
    ]
    assert (stored[2].kind.value, stored[2].quoted_original, stored[2].proposed_text, stored[2].reason) == (
        "amend",
        "Phát triển kinh tế nhanh, bền vững.",
        "Phát triển kinh tế nhanh và bền vững.",
        "Theo xu hướng chung.",
    )
    with zalo_bot.db.unit() as s:
        person = s.scalars(select(Participant)).one()
        assert (person.channel, person.channel_user_id) == ("zalo", user_id(501))
    assert all(1 <= len(text) <= 2000 for text in server.texts(user_id(501)))
    assert not any(c.method == "sendChatAction" for c in server.calls)  # only while a report is being built


async def test_help_and_commands_typed_as_text(zalo_bot: Bot) -> None:
    user = ZaloUser(zalo_bot.server, user_id(502))
    await user.onboard()
    help_text = await user.send("/giupdo", "Hướng dẫn")
    assert "Gõ số đó" in help_text.params["text"]  # how choices work on Zalo
    assert {"Góp ý dự thảo", "Ý kiến đã gửi", "Tiếp tục chỗ đang đọc"} <= set(user.choices())
    await user.choose("Ý kiến đã gửi", "chưa gửi ý kiến nào")  # a help button runs its command
    await user.send("/khongcolenhnay", "Không có lệnh «/khongcolenhnay»")
    await user.send("/gopy", "Chọn một dự thảo")


async def test_pictures_stickers_and_the_rest_get_the_clear_answer(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    uid = user_id(503)
    user = ZaloUser(server, uid)
    await user.onboard()
    server.push(server.make_update(uid, "message.image.received", photo_url="https://example.invalid/a.jpg"))
    await user.expect("chỉ đọc được tin nhắn chữ")
    server.push(server.make_update(uid, "message.sticker.received", sticker="0e078a2fb66a5f34067b"))
    await user.expect("chỉ đọc được tin nhắn chữ")
    server.push(server.make_update(uid, "message.unsupported.received"))
    await user.expect("chỉ đọc được tin nhắn chữ")
    await user.choose("Dự thảo Báo cáo chính trị", "Mục lục")  # the numbers still mean what they meant


async def redelivered(server: FakeZalo, update: dict[str, Any]) -> None:
    """`update` delivered again, and taken: the bot has asked for more since."""
    polls = server.polls
    server.redeliver(update)
    await server.wait_for(lambda: server.polls > polls + 1)


async def test_same_message_twice_stores_one_comment(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    uid = user_id(504)
    user = ZaloUser(server, uid)
    await user.onboard()
    await user.open_section()
    chosen = server.make_text(uid, user.number("Nhất trí"))  # a stance, by its number
    typed = server.make_text(uid, "Một ý kiến, gửi hai lần.")  # and words typed on the next section
    server.push(chosen)
    await user.expect("✓ Đã ghi nhận: Nhất trí")
    server.push(typed)
    await user.expect("✓ Đã ghi nhận ý kiến")
    for update in (chosen, typed):
        await redelivered(server, update)
    await user.send("/tieptuc", "Mục 2/6")  # answered after both redeliveries (one chat, in order)
    texts = server.texts(uid)
    assert sum("✓ Đã ghi nhận: Nhất trí" in text for text in texts) == 1
    assert sum("✓ Đã ghi nhận ý kiến" in text for text in texts) == 1
    with zalo_bot.db.unit() as s:
        stored = [(c.kind.value, c.text) for c in s.scalars(select(Comment).order_by(Comment.id))]
    assert stored == [("agree", ""), ("other", "Một ý kiến, gửi hai lần.")]  # not added to itself


async def test_a_group_gets_one_line_and_nothing_else(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    uid, group = user_id(505), "9f8e7d6c5b4a39281706"
    server.push(server.make_text(uid, "/gopy", group=group))
    await server.wait_text(group, "nhắn riêng")
    server.push(server.make_text(uid, "Ý kiến trong nhóm", group=group))
    await asyncio.sleep(0.3)
    assert len(server.texts(group)) == 1 and server.texts(uid) == []
    with zalo_bot.db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 0
