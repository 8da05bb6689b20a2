"""A comment being written: typed, stored in the participant's state row as JSON between messages.

The JSON keys are the ones the state rows already hold, so a conversation in progress survives an upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from core.kinds import CommentKind, kind_of
from core.text import as_int

TARGETS = ("document", "topic", "section", "paragraph")
# What a comment says: an edit that changes none of these changes nothing.
CONTENT = ("kind", "target", "topic", "sec", "para", "quote", "quote_found", "new", "reason", "text")
TYPED = ("text", "quote", "new", "reason")  # what the user typed into it
_FLAGS = ("typed", "redo", "quote_pending")  # stored only when set


@dataclass(frozen=True)
class CommentDraft:
    kind: CommentKind
    doc: int
    target: str = "document"  # one of TARGETS
    topic: int | None = None
    sec: int | None = None
    para: int | None = None  # an amendment's paragraph number in its section
    quote: str | None = None  # an amendment: the draft's words (as printed when found)
    quote_found: bool | None = None
    new: str | None = None  # an amendment: the proposed wording; "" = delete the quoted words
    reason: str | None = None  # an amendment: why
    text: str | None = None  # any other kind: the comment
    typed: bool = False  # typed while reading, taken as "Ý kiến khác": the confirmation says so
    redo: bool = False  # one part of a finished amendment is being redone: back to the confirmation after it
    quote_pending: bool = False  # the words typed were not found: keep them as typed, or type them again?
    origin: str | None = None  # "mine": started from /ykiencuatoi, goes back there
    edit: int | None = None  # the recorded comment this draft edits
    withdraw: int | None = None  # the recorded comment this draft withdraws

    def with_(self, **changes: Any) -> CommentDraft:
        return replace(self, **changes)

    @property
    def amendment(self) -> bool:
        return self.kind.amendment

    @property
    def on_section(self) -> bool:
        return self.target in ("section", "paragraph") and self.sec is not None

    def content(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in CONTENT)

    def has_typed(self) -> bool:
        return any(getattr(self, name) for name in TYPED)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (value is False and f.name in _FLAGS):
                continue
            out["from" if f.name == "origin" else f.name] = value.value if f.name == "kind" else value
        return out

    @classmethod
    def from_json(cls, data: object) -> CommentDraft | None:
        """The draft stored in a state row; None when there is none (or it cannot be read)."""
        if not isinstance(data, dict):
            return None
        kind, doc = kind_of(data.get("kind")), as_int(data.get("doc", ""))
        if kind is None or doc is None:
            return None
        target = data.get("target")

        def num(key: str) -> int | None:
            value = data.get(key)
            return as_int(value) if value is not None else None

        def text(key: str) -> str | None:
            value = data.get(key)
            return str(value) if value is not None else None

        found = data.get("quote_found")
        return cls(
            kind=kind,
            doc=doc,
            target=target if target in TARGETS else "document",
            topic=num("topic"),
            sec=num("sec"),
            para=num("para"),
            quote=text("quote"),
            quote_found=found if isinstance(found, bool) else None,
            new=text("new"),
            reason=text("reason"),
            text=text("text"),
            typed=bool(data.get("typed")),
            redo=bool(data.get("redo")),
            quote_pending=bool(data.get("quote_pending")),
            origin=text("from"),
            edit=num("edit"),
            withdraw=num("withdraw"),
        )
