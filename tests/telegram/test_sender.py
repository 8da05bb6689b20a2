"""The `Sender` port: a message that is not a reply (a weekly report, a reminder) reaches a Telegram chat through
PTB's real HTTP stack, with its buttons and files; an address on a channel that is not running is refused."""

from __future__ import annotations

import pytest

from core.address import Address
from handlers.ports import UnknownChannel
from handlers.types import Choice, Reply
from tests.telegram.conftest import Bot

BOARD_GROUP = -1001234567890  # a group chat: Telegram gives groups negative ids


async def test_send_to_an_address_reaches_the_chat_with_buttons_and_files(tg_bot: Bot) -> None:
    senders = tg_bot.engine.senders  # every channel registers with the engine: its way out
    report = Reply("Báo cáo tiến độ tuần 2: 41 ý kiến.", [[Choice("Xem chi tiết", "1:doc:1")]])
    await senders.send(Address.parse(f"telegram:{BOARD_GROUP}"), [report, Reply("", files=[("tuan-2.docx", b"PK")])])
    sent = tg_bot.server.sent(BOARD_GROUP)
    assert [c.method for c in sent] == ["sendMessage", "sendDocument"]
    assert sent[0].params["text"] == "Báo cáo tiến độ tuần 2: 41 ý kiến."
    assert "Xem chi tiết" in str(sent[0].params["reply_markup"])
    assert sent[1].params["document"]["filename"] == "tuan-2.docx"


async def test_an_address_on_a_channel_not_running_is_refused(tg_bot: Bot) -> None:
    senders = tg_bot.engine.senders
    with pytest.raises(UnknownChannel):
        await senders.send(Address("zalo", "abc"), [Reply("x")])
    with pytest.raises(ValueError):
        Address.parse("telegram")  # no chat id
    assert str(Address.parse(" telegram:42 ")) == "telegram:42"
