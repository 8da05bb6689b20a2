"""Reminders before a window closes: asked once at onboarding, turned on and off with /nhacnho; and how far each
draft was read (`seen`), which tells the scheduler what was started and not finished."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from handlers.engine import Engine
from storage.db import Database
from storage.models import ConversationState, Paragraph, Participant
from tests.factories import Built
from tests.handlers.helpers import User, comments, open_section, participant


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
    await user.press("Nhắc hạn góp ý")  # /giupdo's button runs /nhacnho
    assert "Nhắc hạn góp ý đang tắt" in user.text and list(user.buttons) == ["Bật", "Tắt"]


async def test_nhacnho_while_choosing_a_sentence_just_goes(engine: Engine, db: Database, built: Built) -> None:
    """Nothing typed is ever unsaved, so a command asks nothing: the choice under way is left, the comment typed
    before stays saved."""
    with db.unit() as s:
        s.execute(
            update(Paragraph)
            .where(Paragraph.section_id == built.section_ids[0], Paragraph.number == 1)
            .values(text="Câu thứ nhất. Câu thứ hai.")
        )
    user = User(engine)
    await open_section(user)
    await user.send("Đã gõ là đã ghi.")
    await user.send("/tieptuc")
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.press("[1]")
    assert "Câu 2" in user.buttons  # choosing a sentence
    await user.send("/nhacnho")
    assert "Nhắc hạn góp ý đang tắt" in user.text and list(user.buttons) == ["Bật", "Tắt"]
    assert [(c.kind.value, c.text) for c in comments(db)] == [("other", "Đã gõ là đã ghi.")]
    await user.press("Bật")
    assert participant(db).reminders is True
    assert "draft" not in state_data(db)  # the sentence being chosen is not waiting anywhere


async def test_the_onboarding_question_is_asked_once(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Đồng ý")
    await user.press("Người dân")
    await user.press("Bỏ qua")
    assert list(user.buttons) == ["Có, nhắc tôi", "Không cần"]
    assert participant(db).reminders is None  # not answered yet
    await user.press("Có, nhắc tôi")
    assert "Đã bật nhắc hạn góp ý" in user.text and "Cảm ơn" in user.text
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
    assert "Cảm ơn" in user.text and list(user.buttons) == ["Dự thảo Báo cáo chính trị"]
    assert participant(db).reminders is True


async def test_seen_keeps_the_furthest_section_read_of_each_draft(engine: Engine, db: Database, built: Built) -> None:
    user = User(engine)
    await user.onboard()
    assert "seen" not in state_data(db)
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("I. MỤC LỚN 1")
    doc = str(built.document_id)
    assert state_data(db)["seen"] == {doc: 0}
    await user.press("Mục sau")
    await user.press("Mục sau")
    assert state_data(db)["seen"] == {doc: 2}
    await user.press("Về mục lục")
    await user.press("I. MỤC LỚN 1")  # reading an earlier section again: what was read stays
    assert state_data(db)["seen"] == {doc: 2}
    await user.press("Ý kiến khác")
    await user.send("Một ý kiến.")
    assert "✓ Đã ghi nhận" in user.text
    assert state_data(db)["seen"] == {doc: 2}
