"""Channel adapters: translate a platform's updates into `handlers.types.Incoming`, render `Reply`s back, and
send to an address (the `Sender` port, handlers/ports.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.address import Address
from handlers.types import Reply


class Channel(Protocol):
    name: str

    async def start(self) -> None:
        """Take updates (polling or webhook) and send."""
        ...

    async def stop(self) -> None: ...

    async def open(self) -> None:
        """Send only: another process may be taking this channel's updates."""
        ...

    async def close(self) -> None: ...

    async def send(self, address: Address, replies: Sequence[Reply]) -> None: ...
