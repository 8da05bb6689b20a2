"""A board invite names a report recipient: the chat it is used in (a private chat, or a group) becomes that
recipient's chat. In a group nobody is onboarded and nothing else is done."""

from __future__ import annotations

from dataclasses import replace
from itertools import count

from sqlalchemy import func, select

from core.messages import t
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.types import Incoming, Reply
from storage.db import Database
from storage.models import Invite, Participant, Recipient, Role
from tests.factories import Built, build_consultation
from tests.handlers.helpers import User, participant

CONFIG = EngineConfig(rate_limit_per_minute=1000, strict_flow=True)
_ids = count(1)


def _board(db: Database, consultation_id: int, code: str = "BAN23456", role: Role = Role.BOARD) -> int:
    with db.unit() as s:
        recipient = Recipient(consultation_id=consultation_id, code="BTG", name="Ban Tuyên giáo và Dân vận Tỉnh ủy")
        s.add(recipient)
        s.flush()
        s.add(Invite(code=code, role=role, uses_left=1, recipient_id=recipient.id))
        return recipient.id


def _recipient(db: Database, recipient_id: int) -> tuple[str | None, str | None]:
    with db.unit() as s:
        r = s.get(Recipient, recipient_id)
        assert r is not None
        return r.channel, r.chat_id


def _uses_left(db: Database, code: str) -> int:
    with db.unit() as s:
        return int(s.scalar(select(Invite.uses_left).where(Invite.code == code)) or 0)


def in_group(text: str, group: str = "-100777", user: str = "55", update_id: str | None = None) -> Incoming:
    """A command typed in a group chat, as the Telegram adapter hands it over."""
    return replace(
        Incoming.from_text("test", user, text, update_id=update_id or f"g{next(_ids)}"), chat_id=group, group=True
    )


def _texts(replies: list[Reply]) -> list[str]:
    return [r.text for r in replies]


async def test_in_a_private_chat_the_board_member_and_the_chat_are_registered(
    engine: Engine, db: Database, built: Built
) -> None:
    recipient = _board(db, built.consultation_id)
    user = User(engine, "777")
    await user.send("/start ban23456")
    await user.press("Đồng ý")
    assert "Cuộc trò chuyện này sẽ nhận báo cáo định kỳ gửi Ban Tuyên giáo và Dân vận Tỉnh ủy." in user.text
    assert participant(db).role == Role.BOARD and _recipient(db, recipient) == ("test", "777")
    # Not asked where they live, nor about reminders: told what they can do, then the drafts.
    assert "/baocao" in user.text and "Cảm ơn" in user.text and "khu phố/thôn nào" not in user.text


async def test_in_a_group_the_invite_registers_the_group_once_and_onboards_nobody(any_db: Database) -> None:
    with any_db.unit() as s:
        built = build_consultation(s)
    recipient = _board(any_db, built.consultation_id)
    engine = Engine(any_db, CONFIG)
    try:
        first = in_group("/start BAN23456")
        assert _texts(await engine.handle(first)) == [
            "Nhóm này sẽ nhận báo cáo định kỳ gửi Ban Tuyên giáo và Dân vận Tỉnh ủy."
        ]
        assert _recipient(any_db, recipient) == ("test", "-100777") and _uses_left(any_db, "BAN23456") == 0
        assert await engine.handle(first) == []  # the same update again: nothing more
        other = await engine.handle(in_group("/start BAN23456", group="-100888"))  # a single use, taken
        assert "không hợp lệ hoặc đã hết hạn" in other[0].text and _recipient(any_db, recipient)[1] == "-100777"
        for text in ("/start", "/gopy", "/baocao", "/start KHONGCO"):
            assert t("chat.group.private_only") in (await engine.handle(in_group(text)))[0].text
    finally:
        engine.close()
    with any_db.unit() as s:  # nobody's conversation started there
        assert s.scalar(select(func.count()).select_from(Participant)) == 0


async def test_another_role_invite_in_a_group_gets_the_one_line_and_stays_unused(
    engine: Engine, db: Database, built: Built
) -> None:
    with db.unit() as s:
        s.add(Invite(code="CANBO234", role=Role.OFFICIAL, uses_left=1))
    replies = await engine.handle(in_group("/start CANBO234"))
    assert len(replies) == 1 and t("chat.group.private_only") in replies[0].text
    assert _uses_left(db, "CANBO234") == 1
    with db.unit() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 0
