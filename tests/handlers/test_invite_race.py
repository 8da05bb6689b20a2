"""A single-use invite redeemed by twenty people at the same moment makes one official, on PostgreSQL (several
database threads, real row locks) as on SQLite."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from handlers.context import EngineConfig
from handlers.engine import Engine
from storage.db import Database
from storage.models import Invite, Participant, Role
from tests.factories import build_consultation
from tests.handlers.helpers import User


async def test_twenty_redemptions_of_a_single_use_invite_make_one_official(any_db: Database) -> None:
    with any_db.unit() as s:
        build_consultation(s)
        s.add(Invite(code="MOTLAN23", role=Role.OFFICIAL, uses_left=1))
    engine = Engine(any_db, EngineConfig(rate_limit_per_minute=1000, strict_flow=True))
    try:
        users = [User(engine, f"race{i}") for i in range(20)]
        for user in users:
            await user.send("/start MOTLAN23")  # the notice; the code waits for consent
        await asyncio.gather(*(user.press("Đồng ý") for user in users))  # all at once
        welcomed = [u for u in users if "Mã mời hợp lệ" in u.text]
        refused = [u for u in users if "Mã mời không hợp lệ" in u.text]
    finally:
        engine.close()
    with any_db.unit() as s:
        officials = s.scalar(select(func.count()).select_from(Participant).where(Participant.role == Role.OFFICIAL))
        left = s.scalar(select(Invite.uses_left))
    assert (officials, left, len(welcomed), len(refused)) == (1, 0, 1, 19)
