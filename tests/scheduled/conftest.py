"""A ward's plan with a calendar, loaded from YAML as an official would, and senders that record or fail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from core.address import Address
from handlers.ports import SendError
from handlers.types import Reply
from scheduled.calendar import at
from storage.db import Database
from storage.models import Participant, Role, Unit
from storage.plan_loader import load_plan

PLAN = """
consultation:
  code: TEST-2025
  title: Lấy ý kiến dự thảo văn kiện
  organisation: ĐẢNG ỦY PHƯỜNG THỬ
  issued_on: 2025-07-03
  ward_congress_date: 2025-08-20
documents:
  - code: PHUONG
    title: Dự thảo Báo cáo chính trị Đại hội Đảng bộ phường
    level: ward
    windows:
      residents: {from: 2025-07-03, to: 2025-07-25}
      members: {from: 2025-07-03, to: 2025-08-20}
units:
  - {code: CB-A, name: Chi bộ khu A, kind: cell, congress_date: 2025-07-12}
  - {code: CB-B, name: Chi bộ khu B, kind: cell, congress_date: 2025-06-20}
recipients:
  - {code: BTG, name: Ban Tuyên giáo và Dân vận Tỉnh ủy, channel: telegram, chat_id: -100900, email: btg@example.org}
schedules:
  - {code: TUAN, kind: weekly, recipient: BTG, document: PHUONG, from: 2025-07-04, to: 2025-08-15, weekday: friday}
calendar:
  grace_hours: 12
"""


def local(day: date, hhmm: str = "08:00") -> datetime:
    return at(day, hhmm)


@dataclass
class Recorder:
    """A channel that records what it is asked to send; `refuse` maps a chat to the error it answers with."""

    sent: list[tuple[Address, Reply]] = field(default_factory=list)
    refuse: dict[str, SendError] = field(default_factory=dict)
    calls: int = 0

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        self.calls += 1
        error = self.refuse.get(address.chat_id)
        if error is not None:
            raise error
        self.sent.extend((address, r) for r in replies)

    def to(self, chat_id: str) -> list[Reply]:
        return [r for a, r in self.sent if a.chat_id == chat_id]


@pytest.fixture
def plan_db(any_db: Database, tmp_path: Path) -> Database:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    load_plan(any_db, path)
    return any_db


def add_secretary(db: Database, unit_code: str, user_id: str) -> int:
    with db.unit() as s:
        unit = s.query(Unit).filter_by(code=unit_code).one()
        p = Participant(
            channel="telegram",
            channel_user_id=user_id,
            display_name="Nguyễn Văn Bí Mật",
            role=Role.SECRETARY,
            unit_id=unit.id,
            consent_at=datetime(2025, 7, 1, tzinfo=UTC),
        )
        s.add(p)
        s.flush()
        return p.id
