"""A unit's summary submitted by its secretary (`/nopbaocao`).

The confirmation's transaction only defers the work (a `SubmitRequest`): the summary takes seconds to build and no
write transaction is held meanwhile. Once it is built, one transaction records the `Submission` and stages every
message it sends in the outbox (the secretary's copy, the ward office's recipients, the officials), so that none
is lost: a platform that fails is retried from the outbox, also after a restart. A redelivered confirmation is
claimed by its update id in the first transaction and defers nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from core import clock
from core.address import Address
from core.messages import addressing, t
from core.text import nfc
from handlers import roles
from handlers.ports import ChatReport
from handlers.types import Reply
from storage import queries as q
from storage.models import Role, Submission, Unit, UnitKind

log = logging.getLogger(__name__)

# Stages replies (as `Reply.to_json(files=True)`) for an address in the caller's transaction: the outbox row's id.
Stage = Callable[[Address, list[dict[str, object]]], int]


def unit_label(unit: Unit) -> str:
    """How the chat names the unit: a cell's name as the plan gives it ("Chi bộ khu phố 1"), "chi bộ …" added when
    the name does not say so; any other unit by its name."""
    word = t("chat.submit.cell_word")
    if unit.kind == UnitKind.CELL and not nfc(unit.name).casefold().startswith(nfc(word).casefold()):
        return t("chat.submit.cell", name=unit.name)
    return unit.name


@dataclass(frozen=True)
class Target:
    """The unit being submitted, as read before its summary is built."""

    unit_id: int
    consultation_id: int
    code: str
    label: str
    comments: int  # what the summary counts: the unit's comments, read just before it is built


def target(session: Session, unit_id: int) -> Target | None:
    unit = session.get(Unit, unit_id)
    if unit is None:
        return None
    return Target(unit.id, unit.consultation_id, unit.code, unit_label(unit), q.unit_comment_count(session, unit.id))


def office_addresses(session: Session, consultation_id: int) -> list[Address]:
    """Where the ward office reads a submitted summary: each office recipient's chat and e-mail, each official's
    private chat; every address once."""
    found: list[Address] = []
    for r in q.office_recipients(session, consultation_id):
        if r.channel and r.chat_id:
            found.append(Address(r.channel, r.chat_id))
        if r.email:
            found.append(Address("email", r.email))
    found += [Address(channel, user_id) for channel, user_id in q.officials(session) if channel and user_id]
    unique: dict[str, Address] = {}
    for address in found:  # the outbox takes any chat id or e-mail address (254 characters)
        unique.setdefault(str(address), address)
    return list(unique.values())


@dataclass(frozen=True)
class Outgoing:
    """A message staged in the outbox, to deliver once the transaction is committed."""

    row_id: int
    address: Address
    replies: list[Reply]


def record(
    session: Session,
    target: Target,
    participant_id: int,
    report: ChatReport,
    secretary: Address | None,
    now: datetime,
    stage: Stage,
    forms: Mapping[str, str] | None = None,
) -> tuple[list[Reply], list[Outgoing]]:
    """In the caller's transaction: the submission recorded, its messages staged. Returns what the secretary reads
    (the summary as the office gets it, then "submitted") and the staged messages. `secretary`: the secretary's
    chat when its messages go through the outbox (None: the channel shows the returned replies itself). `forms`:
    the plan's forms of address (the office's text is addressed as its officials, "submitted" as the secretary)."""
    before, last = q.submissions(session, target.unit_id)
    session.add(
        Submission(unit_id=target.unit_id, participant_id=participant_id, comments=target.comments, submitted_at=now)
    )
    n = before + 1
    when = {"time": clock.local(now).strftime("%H:%M"), "date": clock.local_date(now)}
    fields: dict[str, object] = {"unit": target.label, "comments": target.comments, "n": n, **when}
    again = bool(before and last is not None)
    with addressing(roles.address_form(Role.OFFICIAL, forms)):
        if again and last is not None:
            prev = {"prev_time": clock.local(last).strftime("%H:%M"), "prev_date": clock.local_date(last)}
            head = t("chat.submit.office_again", **prev, **fields)
        else:
            head = t("chat.submit.office", **fields)
    with addressing(roles.address_form(Role.SECRETARY, forms)):
        done = t("chat.submit.done_again" if again else "chat.submit.done", **fields)
    # One message: its first line is an e-mail's subject; a chat gets the text, then the files.
    summary = Reply("\n\n".join([head, *report.messages]), files=list(report.files))
    mine = [summary, Reply(done)]
    outgoing: list[Outgoing] = []
    addresses = office_addresses(session, target.consultation_id)
    if secretary is not None:
        addresses = [secretary, *(a for a in addresses if a != secretary)]
    for address in addresses:
        replies = mine if address == secretary else [summary]
        row = stage(address, [r.to_json(files=True) for r in replies])
        outgoing.append(Outgoing(row, address, replies))
    return mine, outgoing
