"""A comment on its way: its kind and target chosen, an amendment's paragraph and words, stored in the participant's
state row as JSON between messages. A comment is saved as soon as its words are typed (handlers/flow/compose.py):
what a draft holds before that is choices only, so leaving loses nothing typed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from core.kinds import CommentKind, kind_of
from core.text import as_int

TARGETS = ("document", "topic", "section", "paragraph")


@dataclass(frozen=True)
class CommentDraft:
    kind: CommentKind
    doc: int
    target: str = "document"  # one of TARGETS
    topic: int | None = None
    sec: int | None = None
    para: int | None = None  # an amendment's paragraph number in its section
    quote: str | None = None  # an amendment: the draft's words, as printed
    quote_found: bool | None = None
    new: str | None = None  # an amendment: the proposed wording; "" = delete the quoted words
    reason: str | None = None  # an amendment: why (optional)
    text: str | None = None  # any other kind: the comment
    origin: str | None = None  # "mine": started from /ykiencuatoi, goes back there
    edit: int | None = None  # the saved comment this draft changes («Sửa»)

    def with_(self, **changes: Any) -> CommentDraft:
        return replace(self, **changes)

    @property
    def amendment(self) -> bool:
        return self.kind.amendment

    @property
    def on_section(self) -> bool:
        return self.target in ("section", "paragraph") and self.sec is not None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out["from" if f.name == "origin" else f.name] = value.value if f.name == "kind" else value
        return out

    @classmethod
    def from_json(cls, data: object) -> CommentDraft | None:
        """The draft stored in a state row; None when there is none (or it cannot be read). Keys of older versions
        (a confirmation's flags) are ignored."""
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
            origin=text("from"),
            edit=num("edit"),
        )
