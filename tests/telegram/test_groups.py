"""In a group chat the bot keeps everyone's comments private: no conversation, no /ykiencuatoi, no /baocao there;
a command is answered with one line asking to write to the bot privately. The one thing done in a group: a board
invite registers it as the chat where its recipient receives the reports."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.invites import create_invite
from storage.models import Comment, Consultation, Invite, Participant, Recipient, Role
from tests.telegram.conftest import Bot, TgUser

GROUP, MEMBER = -1009876543210, 734061401


async def test_a_group_gets_one_line_and_nothing_personal(tg_bot: Bot) -> None:
    server = tg_bot.server
    member = TgUser(server, MEMBER)
    await member.onboard()  # registered in the private chat, with a comment of their own
    await member.open_section()
    await member.send("Ý kiến riêng về mục 1.", "✓ Đã ghi nhận ý kiến")
    for text in ("/ykiencuatoi", "/start", "/baocao", "một ý kiến gõ trong nhóm"):
        server.push(server.make_message(MEMBER, text, group=GROUP))
    await server.wait_for(lambda: len(server.texts(GROUP)) == 3)
    await asyncio.sleep(0.3)  # nothing more comes
    assert server.texts(GROUP) == [server.texts(GROUP)[0]] * 3 and "nhắn riêng" in server.texts(GROUP)[0]
    assert [c.method for c in server.calls if str(c.params.get("chat_id")) == str(GROUP)] == ["sendMessage"] * 3
    assert not any("Ý kiến riêng" in text for text in server.texts(GROUP))
    await member.send("/tieptuc", "Mục 1/6")  # the private conversation did not move
    with tg_bot.db.unit() as s:
        assert [c.text for c in s.scalars(select(Comment))] == ["Ý kiến riêng về mục 1."]


async def test_a_board_invite_registers_the_group_which_is_never_onboarded(tg_bot: Bot) -> None:
    server, db = tg_bot.server, tg_bot.db
    with db.unit() as s:
        consultation = s.scalars(select(Consultation.id)).one()
        s.add(Recipient(consultation_id=consultation, code="BTG", name="Ban Tuyên giáo và Dân vận Tỉnh ủy"))
    board = create_invite(db, Role.BOARD, None, uses=1, expires=None).code  # the plan's only recipient
    official = create_invite(db, Role.OFFICIAL, None, uses=1, expires=None).code

    server.push(server.make_message(MEMBER, f"/start {official}", group=GROUP))  # another role: the one line
    await server.wait_for(lambda: len(server.texts(GROUP)) == 1)
    assert "nhắn riêng" in server.texts(GROUP)[0]
    # As Telegram's "add to group" link sends it: addressed to this bot.
    server.push(server.make_message(MEMBER, f"/start@{server.username} {board}", group=GROUP))
    await server.wait_text(GROUP, "Nhóm này sẽ nhận báo cáo định kỳ gửi Ban Tuyên giáo và Dân vận Tỉnh ủy.")
    await asyncio.sleep(0.3)  # nothing more comes: no privacy notice, no question
    assert len(server.texts(GROUP)) == 2 and server.sent(MEMBER) == []
    with db.unit() as s:
        recipient = s.scalars(select(Recipient)).one()
        assert (recipient.channel, recipient.chat_id) == ("telegram", str(GROUP))
        assert s.scalar(select(Invite.uses_left).where(Invite.code == official)) == 1  # not used
        assert s.scalar(select(func.count()).select_from(Participant)) == 0  # nobody onboarded
