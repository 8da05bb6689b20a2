"""Channel adapters: translate a platform's updates into `handlers.types.Incoming`, render `Reply`s back."""

from __future__ import annotations

from typing import Protocol


class Channel(Protocol):
    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...
