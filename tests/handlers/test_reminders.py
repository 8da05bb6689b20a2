"""Reminders before a window closes: asked once at onboarding, turned on and off with /nhacnho; and how far each
draft was read (`seen`), which tells the scheduler what was started and not finished."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from handlers.engine import Engine
from storage.db import Database
from storage.models import ConversationState, Participant
from tests.factories import Built
from tests.handlers.helpers import User, open_section, participant


def state_data(db: Database) -> dict[str, Any]:
    with db.unit() as s:
        return dict(s.scalars(select(ConversationState.data)).one())


async def test_nhacnho_shows_the_current_choice_and_turns_it_on_and_off(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard(reminders="Không cần")
    assert participant(db).reminders is False
    await user.send("/nhacnho")
    assert "Nhắc hạn góp ý đang tắt" in user.text and list(user.buttons) == ["Bật", "Tắt"]
    await user.press("Bật")
    assert "Đã bật nhắc hạn góp ý" in user.text and "Dự thảo Báo cáo chính trị" in user.buttons
    assert participant(db).reminders is True
    await user.send("/nhacnho")
    assert "Nhắc hạn góp ý đang bật" in user.text
    await user.send("tắt")  # a button's label typed
    assert "Đã tắt nhắc hạn góp ý" in user.text and participant(db).reminders is False
    await user.send("/giupdo")
    assert "/nhacnho" in user.text


async def test_nhacnho_while_writing_a_comment_asks_first(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("Đang viết dở.")
    await user.send("/nhacnho")
    assert "Bạn đang viết dở một ý kiến" in user.text
    await user.press("Bỏ ý kiến này, chuyển sang /nhacnho")
    assert "Nhắc hạn góp ý đang tắt" in user.text and list(user.buttons) == ["Bật", "Tắt"]


async def test_the_onboarding_question_is_asked_once(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Đồng ý")
    await user.press("Người dân")
    await user.press("Bỏ qua")
    assert list(user.buttons) == ["Có, nhắc tôi", "Không cần"]
    assert participant(db).reminders is None  # not answered yet
    await user.press("Có, nhắc tôi")
    assert "Đã bật nhắc hạn góp ý" in user.text and "Cảm ơn bạn" in user.text
    assert participant(db).reminders is True
    # A change of role and area: not asked.
    await user.send("/start")
    await user.press_payload(user.last[0].choices[0][0].payload)  # "Đổi vai trò, khu phố/thôn"
    await user.press("Đảng viên")
    await user.press("Bỏ qua")
    assert "Đã lưu" in user.text and "Có, nhắc tôi" not in user.buttons
    # Onboarded again (consent given again): answered once, never asked again.
    with db.unit() as s:
        s.execute(update(Participant).values(consent_at=None))
    await user.send("/start")
    await user.press("Đồng ý")
    await user.press("Người dân")
    await user.press("Bỏ qua")
    assert "Cảm ơn bạn" in user.text and list(user.buttons) == ["Dự thảo Báo cáo chính trị"]
    assert participant(db).reminders is True


async def test_seen_keeps_the_furthest_section_read_of_each_draft(engine: Engine, db: Database, built: Built) -> None:
    user = User(engine)
    await user.onboard()
    assert "seen" not in state_data(db)
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("I. MỤC LỚN 1")
    doc = str(built.document_id)
    assert state_data(db)["seen"] == {doc: 0}
    await user.press("Mục tiếp theo")
    await user.press("Mục tiếp theo")
    assert state_data(db)["seen"] == {doc: 2}
    await user.press("Về mục lục")
    await user.press("I. MỤC LỚN 1")  # reading an earlier section again: what was read stays
    assert state_data(db)["seen"] == {doc: 2}
    await user.press("Ý kiến khác")
    await user.send("Một ý kiến.")
    await user.press("Xác nhận")
    assert state_data(db)["seen"] == {doc: 2}
