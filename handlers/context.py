"""The per-update context a step function works on: the participant, their state row and the replies so far."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from core.messages import t
from core.text import label_key
from handlers.types import Choice, Incoming, Reply
from storage.models import ConversationState, Participant


@dataclass
class ReportRequest:
    """Work the engine does after the transaction, off the database thread (the `/baocao` digest)."""

    document_code: str | None


@dataclass
class EngineConfig:
    max_text_length: int = 4000
    rate_limit_per_minute: int = 30
    outline_page_size: int = 8
    max_comment_length: int = 20_000  # a comment sent in several messages, joined before it is confirmed
    retention_months: int = 12  # promised in the privacy notice; `gopy privacy purge` keeps the promise


@dataclass
class Ctx:
    session: Session
    participant: Participant
    state: ConversationState
    incoming: Incoming
    now: datetime
    config: EngineConfig
    replies: list[Reply] = field(default_factory=list)
    deferred: list[ReportRequest] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    _bumped: bool = False

    def __post_init__(self) -> None:
        # A private copy: JSON columns do not track in-place changes, `save()` assigns it back.
        self.data = copy.deepcopy(self.state.data or {})
        self.data.setdefault("v", 0)

    @property
    def step(self) -> str:
        return self.state.step

    @property
    def version(self) -> int:
        return int(self.data["v"])

    def goto(self, step: str, **updates: Any) -> None:
        self.state.step = step
        for key, value in updates.items():
            if value is None:
                self.data.pop(key, None)
            else:
                self.data[key] = value

    def button(self, label: str, action: str, arg: object = "") -> Choice:
        """A button bound to this state version: any newer message with buttons makes it stale.

        Its label is remembered (`data["kb"]`, the buttons of this version only), so that typing it presses it.
        """
        if not self._bumped:
            self.data["v"] = self.version + 1
            self.data["kb"] = {}
            self._bumped = True
        key, pressed = label_key(label), f"{action}:{arg}"
        labels: dict[str, str] = self.data["kb"]
        if key and labels.setdefault(key, pressed) != pressed:
            labels[key] = ""  # two buttons look alike when typed: typing it presses neither
        return Choice(label, f"{self.version}:{pressed}")

    def typed_button(self, text: str) -> tuple[str, str] | None:
        """(action, arg) of the current button whose label is `text` as typed, if any."""
        labels = self.data.get("kb")
        pressed = labels.get(label_key(text)) if isinstance(labels, dict) and labels else None
        if not pressed:
            return None
        action, _, arg = pressed.partition(":")
        return action, arg

    def say(self, text: str, rows: list[list[Choice]] | None = None) -> None:
        self.replies.append(Reply(text, rows or []))

    def say_key(self, key: str, **fields: object) -> None:
        self.say(t(key, **fields))

    def save(self) -> None:
        if self.data != self.state.data:
            self.state.data = self.data
        self.state.updated_at = self.now
