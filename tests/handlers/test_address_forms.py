"""Forms of address through the engine (issue 12): a resident reads "ông/bà", a party member "đồng chí", from the
message right after the role is chosen; a plan's `consultation.address` changes the words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from storage.plan_loader import load_plan
from tests.handlers.helpers import User

PLAN = """
consultation:
  code: TEST-ADDR
  title: Lấy ý kiến dự thảo văn kiện
  address: {resident: bác}
documents:
  - code: PHUONG
    title: Dự thảo Báo cáo chính trị
    level: ward
    windows:
      residents: {from: today-1, to: today+20}
      members: {from: today-1, to: today+20}
units:
  - {code: KP1, name: Khu phố 1, kind: area}
"""


async def test_a_resident_is_addressed_as_ong_ba_and_a_member_as_dong_chi(engine: Engine) -> None:
    resident, member = User(engine, "r1"), User(engine, "m1")
    await resident.onboard("Người dân")
    await member.onboard("Đảng viên")
    await resident.send("/ykiencuatoi")
    await member.send("/ykiencuatoi")
    assert "Ông/Bà chưa gửi ý kiến nào." in resident.text
    assert "Đồng chí chưa gửi ý kiến nào." in member.text
    assert "bạn" not in resident.text.lower() + member.text.lower()


async def test_the_role_chosen_is_the_form_of_the_very_next_message(engine: Engine) -> None:
    member = User(engine, "m2")
    await member.send("/start")  # nobody known yet: as a resident
    assert "Ông/Bà có đồng ý không?" in member.text
    await member.press("Đồng ý")
    await member.press("Đảng viên")  # chosen in this update: its own answer already says "đồng chí"
    assert "Đồng chí" in member.text and "ông/bà" not in member.text.lower()


@pytest.fixture
def planned(db: Database, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    load_plan(db, path)
    eng = Engine(db, EngineConfig(rate_limit_per_minute=1000, strict_flow=True))
    yield eng
    eng.close()


async def test_the_plans_form_replaces_the_residents_and_keeps_the_members(planned: Engine) -> None:
    resident, member = User(planned, "r3"), User(planned, "m3")
    await resident.onboard("Người dân")
    await member.onboard("Đảng viên")
    await resident.send("/ykiencuatoi")
    await member.send("/ykiencuatoi")
    assert "Bác chưa gửi ý kiến nào." in resident.text
    assert "Đồng chí chưa gửi ý kiến nào." in member.text
