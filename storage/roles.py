"""Roles granted to participants (an invite, `gopy role grant`, `/capquyen`): which roles take which unit, the
participants' short codes, and the reads the admin's lists need. The caller owns the transaction.

A participant's short code ("P12") is how an admin names someone in chat and on the command line: each person
sees their own with `/start`; it is never a name, so nothing personal goes into a button, a log or a command.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.address import Address
from storage.models import Document, Participant, Role, Unit, UnitKind
from storage.privacy import PURGED_PREFIX

CODE_PREFIX = "P"
# Roles tied to a unit: a secretary always is (of a cell or an organisation); a member may be (their cell).
UNIT_REQUIRED = frozenset({Role.SECRETARY})
UNIT_ALLOWED = frozenset({Role.SECRETARY, Role.MEMBER, Role.RESIDENT})
# Staff: roles that are not commenters' own choice; the admin's list shows them first.
STAFF = (Role.ADMIN, Role.OFFICIAL, Role.BOARD, Role.SECRETARY)


def participant_code(participant_id: int) -> str:
    return f"{CODE_PREFIX}{participant_id}"


def parse_code(text: str) -> int | None:
    """The participant id a short code names ("P12", "p12", " P 12 "), or None."""
    typed = "".join(text.split()).upper()
    digits = typed.removeprefix(CODE_PREFIX)
    if digits == typed or not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        return None
    return int(digits)


def unit_problem(role: Role, unit: Unit | None) -> str | None:
    """Why `unit` cannot go with `role` (a catalog key taking `role` and `code`), or None when it can."""
    if unit is None:
        return "roles.error.unit_required" if role in UNIT_REQUIRED else None
    if role not in UNIT_ALLOWED:
        return "roles.error.no_unit_for_role"
    if role == Role.RESIDENT and unit.kind != UnitKind.AREA:
        return "roles.error.resident_area_only"
    if role in (Role.SECRETARY, Role.MEMBER) and unit.kind == UnitKind.AREA:
        return "roles.error.area_has_no_secretary" if role == Role.SECRETARY else "roles.error.member_cell_only"
    return None


def unit_by_code(session: Session, code: str) -> Unit | None:
    """The unit with this code, exactly, else in another case ("cb01" is "CB01")."""
    wanted = code.strip()
    units = list(session.scalars(select(Unit).order_by(Unit.id)))
    return next((u for u in units if u.code == wanted), None) or next(
        (u for u in units if u.code.casefold() == wanted.casefold()), None
    )


def units(session: Session) -> list[Unit]:
    """Every unit of the plan, in the plan's order."""
    return list(session.scalars(select(Unit).order_by(Unit.consultation_id, Unit.order, Unit.id)))


def documents(session: Session) -> list[Document]:
    """Every document of the plan, in the plan's order (what `/baocao` offers)."""
    return list(session.scalars(select(Document).order_by(Document.order, Document.id)))


def secretary_units(session: Session) -> list[Unit]:
    """The units a secretary can hold: cells and organisations, in the plan's order."""
    return [u for u in units(session) if u.kind != UnitKind.AREA]


def main_participant(session: Session, participant: Participant) -> Participant:
    """The participant a row speaks for: itself, or the one a linked channel id belongs to (`/lienket`)."""
    linked = getattr(participant, "linked_to", None)
    if linked is not None:
        found = session.get(Participant, linked)
        if found is not None:
            return found
    return participant


def by_address(session: Session, address: Address) -> Participant | None:
    """The participant (the main row) who talks to the bot as `address` ("telegram:123"), if any."""
    found = session.scalars(
        select(Participant).where(
            Participant.channel == address.channel, Participant.channel_user_id == address.chat_id
        )
    ).first()
    return main_participant(session, found) if found is not None else None


def by_code(session: Session, code: str) -> Participant | None:
    """The participant a short code names (a linked row is never named: its main participant is)."""
    pid = parse_code(code)
    found = session.get(Participant, pid) if pid is not None else None
    if found is None or getattr(found, "linked_to", None) is not None or _erased(found):
        return None
    return found


def addresses(session: Session, participant_id: int) -> list[Address]:
    """The private chats where this participant talks to the bot: their own row's and any linked channel's."""
    rows = session.execute(
        select(Participant.channel, Participant.channel_user_id).where(
            (Participant.id == participant_id) | (Participant.linked_to == participant_id)
        )
    ).all()
    return [Address(channel, user_id) for channel, user_id in rows if not user_id.startswith(PURGED_PREFIX)]


@dataclass(frozen=True)
class Holder:
    """One line of the admin's lists: who holds which role (the name only for the admin's eyes)."""

    id: int
    code: str
    role: Role | None
    unit: str | None  # the unit's code
    unit_name: str | None
    address: str  # "telegram:123"
    name: str | None


def holders(session: Session, roles: tuple[Role, ...] = STAFF, *, limit: int | None = None) -> list[Holder]:
    """Participants holding one of `roles` (consenting, not erased), staff in `STAFF` order, then by unit and id."""
    rows = session.execute(
        select(Participant, Unit.code, Unit.name)
        .outerjoin(Unit, Unit.id == Participant.unit_id)
        .where(
            Participant.role.in_(roles),
            Participant.linked_to.is_(None),
            ~Participant.channel_user_id.startswith(PURGED_PREFIX),
        )
        .order_by(Participant.id)
    ).all()
    order = {role: i for i, role in enumerate(STAFF)}
    found = [
        Holder(p.id, participant_code(p.id), p.role, code, name, f"{p.channel}:{p.channel_user_id}", p.display_name)
        for p, code, name in rows
    ]
    found.sort(key=lambda h: (order.get(h.role, len(order)) if h.role else len(order), h.unit or "", h.id))
    return found[:limit] if limit is not None else found


def recent(session: Session, limit: int) -> list[Holder]:
    """The participants who joined last (consented, not staff), newest first: whom an admin most often promotes."""
    rows = session.execute(
        select(Participant, Unit.code, Unit.name)
        .outerjoin(Unit, Unit.id == Participant.unit_id)
        .where(
            Participant.consent_at.is_not(None),
            Participant.linked_to.is_(None),
            (Participant.role.is_(None)) | (Participant.role.not_in(STAFF)),
            ~Participant.channel_user_id.startswith(PURGED_PREFIX),
        )
        .order_by(Participant.id.desc())
        .limit(limit)
    ).all()
    return [
        Holder(p.id, participant_code(p.id), p.role, code, name, f"{p.channel}:{p.channel_user_id}", p.display_name)
        for p, code, name in rows
    ]


def grant(participant: Participant, role: Role, unit: Unit | None) -> None:
    """Give `participant` the role (`unit_problem` checked by the caller): a unit of a cell or an organisation
    becomes their unit, a residential area their area; a role without a unit leaves their units as they were."""
    participant.role = role
    if unit is not None:
        if unit.kind == UnitKind.AREA:
            participant.area_id = unit.id
        else:
            participant.unit_id = unit.id


def _erased(participant: Participant) -> bool:
    return participant.channel_user_id.startswith(PURGED_PREFIX)
