"""In a group chat the bot keeps everyone's comments private: no conversation, no /ykiencuatoi, no /baocao there;
a command is answered with one line asking to write to the bot privately."""

from __future__ import annotations

import asyncio

from tests.telegram.conftest import Bot, TgUser

GROUP, MEMBER = -1009876543210, 734061401


async def test_a_group_gets_one_line_and_nothing_personal(tg_bot: Bot) -> None:
    server = tg_bot.server
    member = TgUser(server, MEMBER)
    await member.onboard()  # registered in the private chat, with comments of their own
    for text in ("/ykiencuatoi", "/start", "/baocao", "một ý kiến gõ trong nhóm"):
        server.push(server.make_message(MEMBER, text, group=GROUP))
    await server.wait_for(lambda: len(server.texts(GROUP)) == 3)
    await asyncio.sleep(0.3)  # nothing more comes
    assert server.texts(GROUP) == [server.texts(GROUP)[0]] * 3 and "nhắn riêng" in server.texts(GROUP)[0]
    await member.send("/tieptuc", "Chọn một dự thảo")  # the private conversation did not move
