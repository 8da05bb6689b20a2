"""How a comment in the making is named to the person writing it: its target ("mục II.1. …") and its summary."""

from __future__ import annotations

from typing import Any

from core.messages import t
from handlers.context import Ctx
from handlers.draft import CommentDraft
from storage import queries as q
from storage.models import Document, GuidedTopic, Section


def target_label(ctx: Ctx, draft: CommentDraft, *, path: bool = False) -> str:
    """What a comment is about; with `path`, a section is named with its parents ("Phần thứ nhất, mục II.1. …")."""
    if draft.target == "topic":
        topic = q.row(ctx.session, GuidedTopic, draft.topic)
        return t("chat.target.topic", n=topic.order, title=topic.title) if topic else ""
    if draft.target in ("section", "paragraph"):
        sec = q.row(ctx.session, Section, draft.sec)
        if sec is None:
            return ""
        name = section_name(ctx, sec, path=path)
        if draft.target == "paragraph" and draft.para:
            return t("chat.target.paragraph", n=draft.para, section=name)
        return name
    doc = q.row(ctx.session, Document, draft.doc)
    return t("chat.target.document", title=doc.title if doc else "")


def section_name(ctx: Ctx, sec: Any, *, path: bool = False) -> str:
    """A section as "mục II. …"; a part or an appendix by its own label ("Phần thứ nhất. …"): it is not a "mục".
    With `path` the label follows the parents' ("mục II.1. …"), the part it is in named in front."""
    if sec.depth <= 0:
        return t("chat.target.part", label=sec.label, title=sec.title)
    if not path:
        return t("chat.target.section", label=sec.label, title=sec.title)
    labels = [sec.label.rstrip(".)")]
    part = None
    parent = q.row(ctx.session, Section, sec.parent_id) if sec.parent_id else None
    while parent is not None and len(labels) < 8:
        if parent.depth <= 0:
            part = parent.label
            break
        own = parent.label.rstrip(".)")
        if not labels[-1].startswith(own + "."):  # "2.2" under "2" already says it: "II.2.2", not "II.2.2.2"
            labels.append(own)
        parent = q.row(ctx.session, Section, parent.parent_id) if parent.parent_id else None
    name = t("chat.target.section", label=".".join(reversed(labels)), title=sec.title)
    return t("chat.target.in_part", part=part, section=name) if part else name


def summary(ctx: Ctx, draft: CommentDraft, *, path: bool = False) -> str:
    kind = t(f"chat.kind.{draft.kind}")
    target = target_label(ctx, draft, path=path)
    if draft.amendment:
        proposal = t("chat.summary.replace", new=draft.new) if draft.new else t("chat.summary.delete")
        missing = draft.quote_found is False  # kept as typed: said so
        return t(
            "chat.summary.amend",
            kind=kind,
            target=target,
            quote=draft.quote or "",
            note=t("chat.summary.quote_not_found", n=draft.para) if missing else "",
            proposal=proposal,
            reason=draft.reason or "",
        )
    return t("chat.summary", kind=kind, target=target, text=draft.text or t("chat.summary.no_text"))
