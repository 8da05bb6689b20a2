"""Channel-neutral message types: what an adapter hands the engine and what it renders back."""

from __future__ import annotations

import base64
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
    group: bool = False  # sent in a group chat (`chat_id`): only a board invite is taken there (handlers/groups.py)
    # A document sent (Kind.FILE): its name and size as the platform gave them, and its bytes when the channel
    # fetched them (a spreadsheet within the size bound: handlers/flow/records.py); None otherwise.
    file_name: str = ""
    file_size: int = 0
    file: bytes | None = field(default=None, repr=False)
    # A button press (Kind.CHOICE): the platform's id of the message the button was on, where the channel can edit
    # its messages (Telegram): the answer replaces that message instead of adding one (`handlers/view.py`).
    message_id: str | None = None

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
        file_name = clean(self.file_name) if self.file_name else self.file_name
        if (text, command, payload, name, file_name) == (
            self.text,
            self.command,
            self.payload,
            self.display_name,
            self.file_name,
        ):
            return self  # the common case: nothing to clean
        return replace(self, text=text, command=command, payload=payload, display_name=name, file_name=file_name)


@dataclass(frozen=True)
class Choice:
    label: str
    payload: str
    # A button that copies this text to the phone's clipboard instead of answering (Telegram's copy_text): the
    # draft's exact sentence, to be changed and sent back. Channels without one show the text and skip the button.
    copy: str = ""


@dataclass
class Reply:
    text: str
    choices: list[list[Choice]] = field(default_factory=list)  # rows of buttons
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content)
    # The platform's id of a message this reply replaces (edited in place: the live view of the conversation);
    # a channel that cannot edit it any more sends the reply as a new message.
    edit: str | None = None
    # The platform's id of the message that last carried this chat's buttons, as the conversation knows it: a channel
    # sending this reply as a new message with buttons takes them off that one if it has no fresher knowledge.
    unkey: str | None = None
    # A short acknowledgement shown for a moment where the platform has one (Telegram's answer to a button press);
    # never stored, never the only place something is said.
    toast: str = ""

    def to_json(self, *, files: bool = False) -> dict[str, object]:
        """Files only when asked (`files=True`: a scheduled report or a submitted summary waits in the outbox with
        its files); replies stored for a redelivered update are re-sent without them, files are rebuilt on demand."""
        data: dict[str, object] = {
            "text": self.text,
            "choices": [[[c.label, c.payload, *([c.copy] if c.copy else [])] for c in row] for row in self.choices],
        }
        if self.edit:
            data["edit"] = self.edit
        if self.unkey:
            data["unkey"] = self.unkey
        if files and self.files:
            data["files"] = [[name, base64.b64encode(content).decode("ascii")] for name, content in self.files]
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Reply:
        rows = data.get("choices") or []
        assert isinstance(rows, list)
        stored = data.get("files") or []
        assert isinstance(stored, list)
        edit, unkey = data.get("edit"), data.get("unkey")
        return cls(
            str(data["text"]),
            [[Choice(str(c[0]), str(c[1]), str(c[2]) if len(c) > 2 else "") for c in row] for row in rows],
            [(str(name), base64.b64decode(str(content))) for name, content in stored],
            str(edit) if edit else None,
            unkey=str(unkey) if unkey else None,
        )
