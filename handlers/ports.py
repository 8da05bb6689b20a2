"""Ports the conversation owns, implemented at the edges (bot/): sending to an address, building a report.

`Sender` is how anything that is not a reply reaches a person (the scheduler's weekly reports and reminders, an
official's broadcast): every channel adapter implements it. The report builder is injected by the composition
root, so the conversation never imports aggregation/.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from core.address import Address
from handlers.types import Reply
from storage.db import Database


class Sender(Protocol):
    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        """Deliver `replies` to `address`, in order; `SendError` when the platform did not take them."""
        ...


class SendError(Exception):
    """A send the platform did not take. `transient` (a 5xx, a network error, a flood wait): try again, after
    `retry_after` seconds when the platform says so; otherwise (the chat is gone, the bot blocked) it never will."""

    def __init__(self, reason: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.transient = transient
        self.retry_after = retry_after


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
