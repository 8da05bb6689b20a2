"""The resident's walk-through on Zalo, end to end through the fake Zalo Bot API (long polling): numbered choices
typed back as numbers or labels, an amendment, "my comments", and what Zalo cannot show."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from storage.models import Comment, Participant
from tests.fakes.zalo_api import user_id
from tests.zalo.conftest import Bot, ZaloUser


def comments(bot: Bot) -> list[Comment]:
    with bot.db.unit() as s:
        rows = list(s.scalars(select(Comment).order_by(Comment.id)))
        s.expunge_all()
    return rows


async def test_walkthrough_agree_free_comment_amendment_and_my_comments(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    user = ZaloUser(server, user_id(501))
    consent = await user.send("/start", "Bạn có đồng ý không?")
    assert "  1. Đồng ý" in consent.params["text"]  # no buttons on Zalo: numbered lines
    await user.send("Đồng ý", "tư cách nào")  # a choice's label typed works like its number
    await user.choose("Người dân", "khu phố/thôn")
    await user.finish_onboarding("Bỏ qua")
    await user.choose("Dự thảo Báo cáo chính trị", "Mục lục (trang 1/1)")
    section = await user.choose("I. MỤC LỚN 1", "Mục 1/6")
    assert "[1] Đoạn thứ nhất" in section.params["text"]

    await user.choose("Nhất trí", "hoặc bấm «Gửi»")  # agree, nothing to add
    await user.choose("Gửi", "Xin kiểm tra lại")
    await user.choose("Xác nhận", "Đã ghi nhận")

    await user.choose("Mục tiếp theo", "Mục 2/6")  # a free comment: text typed while reading a section
    confirm = await user.send("Cần nêu rõ lộ trình thực hiện.", "Xin kiểm tra lại")
    assert "Nội dung: Cần nêu rõ lộ trình thực hiện." in confirm.params["text"]
    await user.choose("Xác nhận", "Đã ghi nhận")

    await user.choose("Mục tiếp theo", "Mục 3/6")  # an amendment, step by step
    await user.choose("Đề nghị sửa đổi, bổ sung", "đoạn")
    await user.choose("[2]", "(2)")
    await user.send("kinh tế xanh", "nội dung đề nghị thay thế")
    await user.send("kinh tế xanh, kinh tế số", "lý do")
    amended = await user.send("Theo xu hướng chung.", "Xin kiểm tra lại")
    assert "thay bằng «kinh tế xanh, kinh tế số»" in amended.params["text"]
    await user.choose("Xác nhận", "Đã ghi nhận")

    mine = await user.send("/ykiencuatoi", "Ý kiến của bạn (3)")
    assert "Cần nêu rõ lộ trình thực hiện." in mine.params["text"]
    assert "Sửa #1" in mine.params["text"]

    stored = comments(zalo_bot)
    assert [(c.kind.value, c.text, c.channel) for c in stored][:2] == [
        ("agree", "", "zalo"),
        ("other", "Cần nêu rõ lộ trình thực hiện.", "zalo"),
    ]
    assert (stored[2].kind.value, stored[2].quoted_original, stored[2].proposed_text, stored[2].reason) == (
        "amend",
        "kinh tế xanh",
        "kinh tế xanh, kinh tế số",
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
    help_text = await user.send("/giupdo", "Hướng dẫn góp ý dự thảo")
    assert "/ykiencuatoi" in help_text.params["text"] and "Gõ số đó" in help_text.params["text"]
    await user.send("/khongcolenhnay", "Bot không hiểu lệnh")
    await user.send("/gopy", "Chọn một dự thảo")


async def test_pictures_stickers_and_the_rest_get_the_clear_answer(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    uid = user_id(503)
    user = ZaloUser(server, uid)
    await user.onboard()
    server.push(server.make_update(uid, "message.image.received", photo_url="https://example.invalid/a.jpg"))
    await user.expect("bot chỉ đọc được tin nhắn chữ")
    server.push(server.make_update(uid, "message.sticker.received", sticker="0e078a2fb66a5f34067b"))
    await user.expect("bot chỉ đọc được tin nhắn chữ")
    server.push(server.make_update(uid, "message.unsupported.received"))
    await user.expect("bot chỉ đọc được tin nhắn chữ")
    await user.choose("Dự thảo Báo cáo chính trị", "Mục lục")  # the numbers still mean what they meant


async def test_same_message_twice_stores_one_comment(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    uid = user_id(504)
    user = ZaloUser(server, uid)
    await user.onboard()
    await user.choose("Dự thảo Báo cáo chính trị", "Mục lục")
    await user.choose("I. MỤC LỚN 1", "Mục 1/6")
    await user.choose("Ý kiến khác", "Xin gõ ý kiến")
    await user.send("Một ý kiến, gửi hai lần.", "Xin kiểm tra lại")
    update = server.make_text(uid, user.number("Xác nhận"))
    server.push(update)
    await user.expect("Đã ghi nhận")
    polls = server.polls
    server.redeliver(update)
    await server.wait_for(lambda: server.polls > polls + 1)  # taken, and the bot has asked for more since
    await asyncio.sleep(0.3)
    assert sum("Đã ghi nhận" in text for text in server.texts(uid)) == 1
    with zalo_bot.db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 1


async def test_a_group_gets_one_line_and_nothing_else(zalo_bot: Bot) -> None:
    server = zalo_bot.server
    uid, group = user_id(505), "9f8e7d6c5b4a39281706"
    server.push(server.make_text(uid, "/gopy", group=group))
    await server.wait_text(group, "nhắn riêng cho bot")
    server.push(server.make_text(uid, "Ý kiến trong nhóm", group=group))
    await asyncio.sleep(0.3)
    assert len(server.texts(group)) == 1 and server.texts(uid) == []
    with zalo_bot.db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 0
