"""Where a message can be sent: a channel and a chat on it, storable as one string ("telegram:123456")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    channel: str  # "telegram", "console", later "zalo"
    chat_id: str  # the platform's chat (a private chat's id is the user's)

    def __post_init__(self) -> None:
        if not self.channel or ":" in self.channel or not self.chat_id:
            raise ValueError(f"not an address: {self.channel!r}, {self.chat_id!r}")

    def __str__(self) -> str:
        return f"{self.channel}:{self.chat_id}"

    @classmethod
    def parse(cls, text: str) -> Address:
        """The address written as "channel:chat_id"; ValueError for anything else."""
        channel, sep, chat_id = text.strip().partition(":")
        if not sep:
            raise ValueError(f"not an address: {text!r}")
        return cls(channel, chat_id)
