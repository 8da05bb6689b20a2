"""Onboarding: consent or refusal, role and area, invite codes, changing role and area with /start."""

from __future__ import annotations

from sqlalchemy import select

from handlers.engine import Engine
from storage.db import Database
from storage.models import Invite, Participant, Role, Unit
from tests.factories import Built
from tests.handlers.helpers import User, participant


async def test_onboarding_privacy_role_area(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    assert "Chúng tôi lưu" in user.text and "Ai được xem" in user.text and "Lưu bao lâu" in user.text
    assert list(user.buttons) == ["Đồng ý", "Không đồng ý"]
    await user.press("Đồng ý")
    assert list(user.buttons) == ["Người dân", "Đảng viên"]
    await user.press("Đảng viên")
    assert list(user.buttons) == ["Khu phố 1", "Khu phố 2", "Bỏ qua"]
    await user.press("Khu phố 2")
    assert "nhắc trước khi hết hạn góp ý" in user.text and list(user.buttons) == ["Có, nhắc tôi", "Không cần"]
    await user.press("Có, nhắc tôi")
    assert "Cảm ơn" in user.text and list(user.buttons) == ["Dự thảo Báo cáo chính trị"]
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert p.role == Role.MEMBER and p.area_id is not None and p.display_name == "Nguyễn Văn A"
        assert p.reminders is True


async def test_refusal_stores_only_the_refusal(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Không đồng ý")
    assert "không lưu thông tin nào khác" in user.text
    await user.send("/gopy")
    assert "cần đồng ý" in user.text
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert p.refused_at is not None and p.display_name is None and p.role is None and p.consent_at is None


async def test_invite_sets_role_and_unit(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        s.add(Invite(code="MOI123", role=Role.SECRETARY, unit_id=built.unit_ids["CB01"], uses_left=1))
    user = User(engine)
    await user.send("/start MOI123")
    await user.press("Đồng ý")
    assert "bí thư chi bộ, Chi bộ khu phố 1" in user.text
    assert "Bỏ qua" in user.buttons  # straight to the area: no role question
    other = User(engine, "u2")
    await other.send("/start MOI123")
    await other.press("Đồng ý")
    assert "không hợp lệ" in other.text and "Người dân" in other.buttons  # used up


async def test_start_for_a_registered_user_offers_to_change_role_and_area(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("/start")
    assert "vai trò người dân" in user.text and "Dự thảo Báo cáo chính trị" in user.buttons
    [change] = user.last[0].choices[0]
    assert change.label == "Đổi vai trò, khu phố/thôn"
    await user.press_payload(change.payload)
    await user.press("Đảng viên")
    await user.press("Khu phố 2")
    assert "Dự thảo Báo cáo chính trị" in user.buttons
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert p.role == Role.MEMBER and p.area_id is not None
    await user.send("/giupdo")
    await user.press("Đổi vai trò, khu phố")  # help's way to change them: /start, without starting over
    assert "vai trò đảng viên" in user.text and "Đồng ý" not in user.buttons
    assert user.last[0].choices[0][0].label == "Đổi vai trò, khu phố/thôn"


async def _change(user: User) -> None:
    await user.send("/start")
    await user.press_payload(user.last[0].choices[0][0].payload)  # "Đổi vai trò, khu phố/thôn"


async def test_a_change_of_role_is_saved_only_when_finished_and_huy_cancels_it(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await _change(user)
    await user.press("Đảng viên")
    assert participant(db).role == Role.RESIDENT  # not yet: the area is still asked
    await user.send("/huy")
    assert "Đã huỷ việc đổi vai trò" in user.text and participant(db).role == Role.RESIDENT


async def test_skip_keeps_the_area_and_another_button_clears_it(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Đồng ý")
    await user.press("Người dân")
    await user.press("Khu phố 1")
    area = participant(db).area_id
    await _change(user)
    await user.press("Đảng viên")
    assert "Hiện tại: Khu phố 1" in user.text and "Không chọn khu phố/thôn" in user.buttons
    await user.press("Bỏ qua")
    assert "Đã lưu: " in user.text and " tham gia góp ý với vai trò đảng viên, Khu phố 1." in user.text
    p = participant(db)
    assert (p.role, p.area_id) == (Role.MEMBER, area)
    await _change(user)
    await user.press("Người dân")
    await user.press("Không chọn khu phố/thôn")
    p = participant(db)
    assert (p.role, p.area_id) == (Role.RESIDENT, None)
    with db.unit() as s:
        assert s.get(Unit, area) is not None  # the area itself stays
