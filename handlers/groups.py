"""A group chat: nobody's conversation or comments belong there, and no one is onboarded there.

One thing is done in a group: a board invite (`gopy invite create --role board --recipient CODE`) sent as
`/start CODE` (or `/start@bot CODE`, Telegram's "add to group" link) makes the group the chat where that recipient
receives the reports. Anything else gets one line: write to the bot privately.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.clock import as_utc
from core.messages import addressing, t
from handlers import roles
from handlers.types import Incoming, Kind, Reply
from storage import queries as q
from storage.models import Invite, Recipient, Role


def expired(invite: Invite, now: datetime) -> bool:
    return invite.expires_at is not None and as_utc(invite.expires_at) <= now


def register_recipient(session: Session, invite: Invite, incoming: Incoming) -> Recipient | None:
    """The invite's recipient now reached in this chat (the invite's use already taken); None if it has none."""
    recipient = session.get(Recipient, invite.recipient_id) if invite.recipient_id is not None else None
    if recipient is not None:
        recipient.channel, recipient.chat_id = incoming.channel, incoming.address.chat_id
    return recipient


def handle(session: Session, incoming: Incoming, now: datetime) -> list[Reply]:
    """A command sent in a group (the caller owns the transaction): a board invite registers the group."""
    code = incoming.text.strip() if incoming.kind == Kind.COMMAND and incoming.command == "start" else ""
    invite = q.invite(session, code) if code else None
    if invite is None or invite.role != Role.BOARD or invite.recipient_id is None:
        return [Reply(t("chat.group.private_only"))]
    if expired(invite, now) or session.get(Recipient, invite.recipient_id) is None:
        return [Reply(t("chat.board.invite_invalid"))]
    if not q.take_invite_use(session, invite.id):  # atomic: of two groups racing for one use, one gets it
        return [Reply(t("chat.board.invite_invalid"))]
    recipient = register_recipient(session, invite, incoming)
    assert recipient is not None
    with addressing(roles.address_form(Role.BOARD, q.address_forms(session))):  # the board's members read it
        return [Reply(t("chat.board.group_registered", name=recipient.name))]
