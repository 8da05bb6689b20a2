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
    # The messages its body (the text; an amendment's reason) was typed in, by delivery order: two workers may take
    # a comment's parts in another order, the body is always joined in the order they were sent.
    parts: tuple[tuple[int, str], ...] = ()

    def with_(self, **changes: Any) -> CommentDraft:
        return replace(self, **changes)

    @property
    def amendment(self) -> bool:
        return self.kind.amendment

    @property
    def on_section(self) -> bool:
        return self.target in ("section", "paragraph") and self.sec is not None

    @property
    def body(self) -> str:
        return (self.reason if self.amendment else self.text) or ""

    def with_body(self, text: str, seq: int | None, *, more: bool = False) -> CommentDraft:
        """The body as typed in one message (`seq`: its delivery order, None for "after the others"), or with
        `more` one more part of it, the parts joined in delivery order."""
        parts = self.parts if more else ()
        if more and not parts and self.body:  # a body from before parts were kept (an edit): it comes first
            parts = ((-1, self.body),)
        seq = seq if seq is not None else max((s for s, _ in parts), default=0) + 1
        parts = tuple(sorted((*parts, (seq, text)), key=lambda p: p[0]))
        body = parts[0][1]
        for _, part in parts[1:]:
            body = f"{body.rstrip()}\n{part.strip()}"
        if self.amendment:
            return replace(self, parts=parts, reason=body)
        return replace(self, parts=parts, text=body)

    def content(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in CONTENT)

    def has_typed(self) -> bool:
        return any(getattr(self, name) for name in TYPED)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or (value is False and f.name in _FLAGS) or (f.name == "parts" and not value):
                continue
            if f.name == "parts":
                value = [[seq, text] for seq, text in value]
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
            parts=_parts(data.get("parts")),
        )


def _parts(value: object) -> tuple[tuple[int, str], ...]:
    if not isinstance(value, list):
        return ()
    out = [(p[0], p[1]) for p in value if isinstance(p, list) and len(p) == 2 and isinstance(p[0], int)]
    return tuple((seq, str(text)) for seq, text in out)
