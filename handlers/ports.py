"""Ports the conversation owns, implemented at the edges (bot/): sending to an address, building a report.

`Sender` is how anything that is not a reply reaches a person (the scheduler's weekly reports and reminders, an
official's broadcast): every channel adapter implements it. The report builder is injected by the composition
root, so the conversation never imports aggregation/.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from core.address import Address
from handlers.types import Reply
from storage.db import Database


class Sender(Protocol):
    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """Deliver `replies` to `address`, in order; `SendError` when the platform did not take them."""
        ...


class MenuSetter(Protocol):
    """A channel with a command menu (Telegram's scoped commands): each role sees its own commands. Channels
    without menus (Zalo, the terminal) have none; their help text stands in."""

    async def set_menu(self, address: Address, commands: Sequence[str] | None) -> None:
        """The menu of one private chat: `commands` (names, in order; the channel describes them), or None for
        the default menu everyone sees. Raises when the platform did not take it."""
        ...


class SendError(Exception):
    """A send the platform did not take. `transient` (a 5xx, a network error, a flood wait): try again, after
    `retry_after` seconds when the platform says so; otherwise (the chat is gone, the bot blocked) it never will.
    `blocked`: the person or group refused the bot (blocked it, removed it): marked so, not retried."""

    def __init__(
        self, reason: str, *, transient: bool, retry_after: float | None = None, blocked: bool = False
    ) -> None:
        super().__init__(reason)
        self.transient = transient
        self.retry_after = retry_after
        self.blocked = blocked


class UnknownChannel(LookupError):
    """An address on a channel that is not running here."""


class Senders:
    """One `Sender` over every running channel, chosen by the address's channel."""

    def __init__(self, by_channel: Mapping[str, Sender]) -> None:
        self.by_channel = dict(by_channel)

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        sender = self.by_channel.get(address.channel)
        if sender is None:
            raise UnknownChannel(address.channel)
        await sender.send(address, replies)


class ChatReport(Protocol):
    """The summary for chat: the digest as a few messages, then the files (name, content)."""

    @property
    def messages(self) -> list[str]: ...

    @property
    def files(self) -> list[tuple[str, bytes]]: ...


# Blocking (the engine runs it in a worker thread): the summary of one document (by code), or of all.
ReportBuilder = Callable[[Database, str | None], ChatReport]
# Blocking, like the report builder: one unit's own summary (by unit code), what `/nopbaocao` submits.
UnitReportBuilder = Callable[[Database, str], ChatReport]


@dataclass(frozen=True)
class ReportScope:
    """What a `/baocao` report covers, as chosen: None is everything (every document, the whole ward, every
    audience, from the start). Dates are local and inclusive."""

    document_code: str | None = None
    unit_code: str | None = None
    audience: str | None = None  # storage.models.Audience's value
    date_from: date | None = None
    date_to: date | None = None

    @property
    def by_document_only(self) -> bool:
        """Nothing chosen but (perhaps) a document: what the plain report builder builds."""
        return self.unit_code is None and self.audience is None and self.date_from is None and self.date_to is None


# Blocking, like the report builder: the summary of a chosen scope (`/baocao`'s choices).
ScopedReportBuilder = Callable[[Database, ReportScope], ChatReport]
# Blocking: progress as of a moment (`/tiendo`): one unit's (by id), or every unit's, one line each (None).
ProgressBuilder = Callable[[Database, int | None, datetime], ChatReport]
