"""Invite codes: an invite sets a participant's role and unit when they open the bot with `/start CODE`."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy import select

from core import clock
from storage.db import Database
from storage.models import Invite, Role, Unit

# No 0/O, 1/I/L: codes are read aloud and typed by hand. Telegram's start parameter allows [A-Za-z0-9_-].
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def create_invite(db: Database, role: Role, unit_code: str | None, uses: int, expires: date | None) -> Invite:
    """A new invite, expiring at the end of `expires` in local time (GOPY_TIMEZONE). LookupError: no such unit."""
    with db.unit() as session:
        unit_id = None
        if unit_code:
            unit_id = session.scalar(select(Unit.id).where(Unit.code == unit_code).order_by(Unit.id).limit(1))
            if unit_id is None:
                raise LookupError(unit_code)
        expires_at = clock.day_end(expires) if expires is not None else None
        invite = Invite(code=new_code(), role=role, unit_id=unit_id, uses_left=uses, expires_at=expires_at)
        session.add(invite)
    return invite


def start_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"
