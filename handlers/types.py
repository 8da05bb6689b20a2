"""Channel-neutral message types: what an adapter hands the engine and what it renders back."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from core.address import Address
from core.text import clean


class Kind(enum.StrEnum):
    TEXT = "text"
    COMMAND = "command"  # text starting with "/": command name in `command`, the rest in `text`
    CHOICE = "choice"  # a button press: its payload in `payload`
    FILE = "file"  # a photo or document
    UNSUPPORTED = "unsupported"  # stickers, voice, video, locations, ...
    RESUME = "resume"  # a chat (re)opened: show where the participant stands, changing nothing


@dataclass(frozen=True)
class Incoming:
    channel: str
    user_id: str
    kind: Kind
    text: str = ""
    command: str = ""
    payload: str = ""
    display_name: str | None = None
    update_id: str | None = None  # the channel's delivery id: a redelivery is answered but not applied twice
    numbered: bool = False  # the channel shows choices as numbered lines (render.numbered): "2" picks the second
    chat_id: str | None = None  # where the answer goes, when not the user's private chat with the bot

    @classmethod
    def from_text(
        cls,
        channel: str,
        user_id: str,
        text: str,
        *,
        display_name: str | None = None,
        update_id: str | None = None,
        numbered: bool = False,
    ) -> Incoming:
        """Text as typed; "/cmd@bot args" becomes a command."""
        if text.startswith("/") and len(text) > 1:
            head, _, rest = text.partition(" ")
            command = head[1:].split("@", 1)[0].lower()
            return cls(channel, user_id, Kind.COMMAND, rest.strip(), command, "", display_name, update_id, numbered)
        return cls(channel, user_id, Kind.TEXT, text, "", "", display_name, update_id, numbered)

    @property
    def address(self) -> Address:
        """Where the answer goes."""
        return Address(self.channel, self.chat_id or self.user_id)

    def cleaned(self) -> Incoming:
        """What the person sent, as it may be stored and quoted (`core.text.clean`): no control characters, no
        lone surrogates. A report must never fail on what someone typed."""
        name = clean(self.display_name) if self.display_name is not None else None
        text, command, payload = clean(self.text), clean(self.command), clean(self.payload)
        if (text, command, payload, name) == (self.text, self.command, self.payload, self.display_name):
            return self  # the common case: nothing to clean
        return replace(self, text=text, command=command, payload=payload, display_name=name)


@dataclass(frozen=True)
class Choice:
    label: str
    payload: str


@dataclass
class Reply:
    text: str
    choices: list[list[Choice]] = field(default_factory=list)  # rows of buttons
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content)

    def to_json(self) -> dict[str, object]:
        """Without files: stored replies are re-sent on a redelivered update, files are rebuilt on demand."""
        return {"text": self.text, "choices": [[[c.label, c.payload] for c in row] for row in self.choices]}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Reply:
        rows = data.get("choices") or []
        assert isinstance(rows, list)
        return cls(str(data["text"]), [[Choice(str(c[0]), str(c[1])) for c in row] for row in rows])
