"""Invite codes: an invite sets a participant's role and unit when they open the bot with `/start CODE`; a board
invite names a report recipient, whose chat becomes the one it is used in (a private chat, or a group)."""

from __future__ import annotations

import secrets
from datetime import date

from core import clock
from storage import queries, roles
from storage.db import Database
from storage.errors import UserError
from storage.models import Invite, Recipient, Role

# No 0/O, 1/I/L: codes are read aloud and typed by hand. Telegram's start parameter allows [A-Za-z0-9_-].
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


class RecipientError(LookupError):
    """A board invite's recipient: `code` unknown (None: not given, and the plan has several); `codes`: the plan's."""

    def __init__(self, code: str | None, codes: list[str]) -> None:
        super().__init__(code)
        self.code, self.codes = code, codes


class RecipientNotForRole(ValueError):
    """`--recipient` given for a role other than board."""


class InviteError(UserError):
    """An invite that would not work (an expiry in the past, a unit the role cannot take): a catalog key and its
    fields, one line for the person creating it."""


def create_invite(
    db: Database,
    role: Role,
    unit_code: str | None,
    uses: int,
    expires: date | None,
    recipient_code: str | None = None,
) -> Invite:
    """A new invite, expiring at the end of `expires` in local time (GOPY_TIMEZONE). LookupError: no such unit;
    `RecipientError`: no such recipient, or none named where the plan has several (board invites only: a board
    invite names the plan's only recipient by default); `InviteError`: an expiry in the past, a secretary without
    a unit, a unit the role cannot take (storage/roles.py)."""
    if recipient_code and role != Role.BOARD:
        raise RecipientNotForRole(recipient_code)
    if expires is not None and expires < clock.today():
        raise InviteError("roles.error.expired", date=expires.strftime("%d/%m/%Y"))
    with db.unit() as session:
        unit = roles.unit_by_code(session, unit_code) if unit_code else None
        if unit_code and unit is None:
            raise LookupError(unit_code)
        problem = roles.unit_problem(role, unit)
        if problem is not None:
            raise InviteError(problem, role=role.value, unit=unit.code if unit else "")
        unit_id = unit.id if unit is not None else None
        recipient = _recipient(queries.recipients(session), recipient_code) if role == Role.BOARD else None
        expires_at = clock.day_end(expires) if expires is not None else None
        invite = Invite(
            code=new_code(),
            role=role,
            unit_id=unit_id,
            uses_left=uses,
            expires_at=expires_at,
            recipient_id=recipient.id if recipient is not None else None,
        )
        session.add(invite)
    return invite


def _recipient(recipients: list[Recipient], code: str | None) -> Recipient | None:
    codes = [r.code for r in recipients]
    if code:
        wanted = code.strip()
        exact = [r for r in recipients if r.code == wanted]
        found = exact or [r for r in recipients if r.code.casefold() == wanted.casefold()]  # typed in another case
        if not found:
            raise RecipientError(code, codes)
        return found[0]
    if len(recipients) > 1:
        raise RecipientError(None, codes)
    return recipients[0] if recipients else None


def recipient_of(db: Database, invite: Invite) -> Recipient | None:
    """The recipient a board invite names, if any."""
    if invite.recipient_id is None:
        return None
    with db.unit() as session:
        return session.get(Recipient, invite.recipient_id)


def start_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


def group_link(bot_username: str, code: str) -> str:
    """Telegram's "add to group" link: the group sends `/start@bot CODE` once the bot is added."""
    return f"https://t.me/{bot_username.lstrip('@')}?startgroup={code}"
