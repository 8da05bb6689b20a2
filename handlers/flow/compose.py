"""Writing a comment: its kind, its text (or the four parts of an amendment), the confirmation, the record."""

from __future__ import annotations

import re
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy import inspect as sa_inspect

from handlers import queries as q
from handlers.context import Ctx
from handlers.flow.browse import open_document, render_paragraph
from handlers.flow.registry import action, on_text, prompt, reshow, show
from handlers.messages import t
from handlers.text import as_int, bare, find_folded, fold, has_words, local_date, nfc
from handlers.types import Choice
from storage.models import Comment, CommentKind, Document, GuidedTopic, Paragraph, Section, Source, TargetKind

TEXT_REQUIRED = {"disagree", "other", "general", "proposal"}
# Steps in the middle of writing a comment: /huy leaves them; /start, /gopy, /ykiencuatoi ask first.
COMPOSING = {"compose", "amend_para", "amend_quote", "amend_new", "amend_reason", "confirm", "redo"}
TYPED = ("text", "quote", "new", "reason")  # what the user typed into a draft
AMEND_STEPS = {"para": "amend_para", "quote": "amend_quote", "new": "amend_new", "reason": "amend_reason"}
_INSERT_COMMENT = insert(cast(Table, Comment.__table__))
_COMMENT_COLUMNS = tuple(c.key for c in Comment.__table__.columns)


def _draft(ctx: Ctx) -> dict[str, Any]:
    draft = ctx.data.get("draft")
    return draft if isinstance(draft, dict) else {}


def pending(ctx: Ctx) -> bool:
    """True when a comment is being written that leaving this step would throw away."""
    draft = _draft(ctx)
    if ctx.step not in COMPOSING or not draft or draft.get("withdraw"):
        return False
    return ctx.step == "confirm" or any(draft.get(k) for k in TYPED)


def begin(ctx: Ctx, draft: dict[str, Any]) -> None:
    """Start composing `draft` (also used to edit an existing comment)."""
    step = "amend_para" if draft["kind"] == "amend" else "compose"
    show(ctx, step, draft=draft)


@action("k")
def _kind(ctx: Ctx, kind: str) -> None:
    doc = ctx.session.get(Document, ctx.data.get("doc", 0))
    if doc is None or kind not in CommentKind._value2member_map_:
        show(ctx, "docs")
        return
    if not open_document(ctx, doc):
        show(ctx, "docs")
        return
    draft: dict[str, Any] = {"kind": kind, "doc": doc.id, "target": "document"}
    if kind not in ("general", "proposal"):
        if ctx.step == "topic" and ctx.data.get("topic"):
            draft.update(target="topic", topic=ctx.data["topic"])
        elif ctx.data.get("sec"):
            draft.update(target="paragraph" if kind == "amend" else "section", sec=ctx.data["sec"])
        else:
            show(ctx, "outline")
            return
    begin(ctx, draft)


@on_text("section", "topic")
def _typed_on_view(ctx: Ctx, text: str) -> None:
    """Text typed while reading a section or topic: taken as "Ý kiến khác" on it, then confirmed."""
    if not has_words(text):
        ctx.say_key("chat.compose.need_words")
        return
    target: dict[str, Any] = (
        {"target": "topic", "topic": ctx.data.get("topic")}
        if ctx.step == "topic"
        else {"target": "section", "sec": ctx.data.get("sec")}
    )
    draft = {"kind": "other", "doc": ctx.data.get("doc"), **target, "text": text, "typed": True}
    show(ctx, "confirm", draft=draft)


def target_label(ctx: Ctx, draft: dict[str, Any], *, path: bool = False) -> str:
    """What a comment is about; with `path`, a section is named with its parents ("mục II.1. …")."""
    target = draft.get("target")
    if target == "topic":
        topic = q.row(ctx.session, GuidedTopic, draft.get("topic", 0))
        return t("chat.target.topic", n=topic.order, title=topic.title) if topic else ""
    if target in ("section", "paragraph"):
        sec = q.row(ctx.session, Section, draft.get("sec", 0))
        if sec is None:
            return ""
        label = section_path(ctx, sec) if path else sec.label
        if target == "paragraph" and draft.get("para"):
            return t("chat.target.paragraph", n=draft["para"], label=label, title=sec.title)
        return t("chat.target.section", label=label, title=sec.title)
    doc = q.row(ctx.session, Document, draft.get("doc", 0))
    return t("chat.target.document", title=doc.title if doc else "")


def section_path(ctx: Ctx, sec: Any) -> str:
    """The section's label after its parents' ("II.1"); a top part ("Phần thứ nhất") is named in front."""
    labels = [sec.label.rstrip(".)")]
    parent = q.row(ctx.session, Section, sec.parent_id) if sec.parent_id else None
    while parent is not None and len(labels) < 8:
        if parent.depth <= 0:
            return t("chat.target.in_part", part=parent.label, label=".".join(reversed(labels)))
        labels.append(parent.label.rstrip(".)"))
        parent = q.row(ctx.session, Section, parent.parent_id) if parent.parent_id else None
    return ".".join(reversed(labels))


@prompt("compose")
def _compose_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    kind = draft.get("kind", "other")
    text = t(f"chat.compose.{kind}", target=target_label(ctx, draft))
    rows = [[ctx.button(t("chat.btn.send"), "send")]] if kind == "agree" else []
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(text, rows)


@on_text("compose", "redo")
def _compose_text(ctx: Ctx, text: str) -> None:
    draft = {k: v for k, v in _draft(ctx).items() if k not in ("typed", "redo")}
    if draft.get("kind") == "amend":  # "Sửa lại" on an amendment: its parts are chosen with the buttons
        ctx.say_key("chat.use_buttons")
        reshow(ctx)
        return
    if not text.strip() and draft.get("kind") not in TEXT_REQUIRED:  # "Nhất trí" needs no words
        show(ctx, "confirm", draft={**draft, "text": ""})
        return
    if not text.strip():
        ctx.say_key("chat.compose.text_required")
        return
    if not has_words(text):
        ctx.say_key("chat.compose.need_words")
        return
    show(ctx, "confirm", draft={**draft, "text": text})


@action("send")
def _send(ctx: Ctx, _arg: str) -> None:
    draft = _draft(ctx)
    if draft.get("kind") in TEXT_REQUIRED:
        ctx.say_key("chat.compose.text_required")
        return
    show(ctx, "confirm", draft={**draft, "text": ""})


# --- amendments: paragraph, the exact wording, the proposed wording, the reason ---


def _paragraph(ctx: Ctx, draft: dict[str, Any]) -> Paragraph | None:
    return ctx.session.scalars(
        select(Paragraph).where(Paragraph.section_id == draft.get("sec", 0), Paragraph.number == draft.get("para"))
    ).first()


def _amend_next(ctx: Ctx, draft: dict[str, Any], step: str) -> None:
    """On to `step`; when one part of a finished amendment is being redone, back to the confirmation."""
    if draft.get("redo") and all(k in draft for k in ("quote", "new", "reason")):
        show(ctx, "confirm", draft=draft)
    else:
        show(ctx, step, draft=draft)


@prompt("amend_para")
def _para_prompt(ctx: Ctx) -> None:
    paras = q.paragraphs(ctx.session, _draft(ctx).get("sec", 0))
    if not paras:
        ctx.say_key("chat.amend.no_paragraphs")
        show(ctx, "section", draft=None)
        return
    buttons = [ctx.button(f"[{p.number}]", "para", p.number) for p in paras]
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(t("chat.amend.ask_para"), rows)


_BRACKETED = re.compile(r"\[([0-9]{1,6})\]|([0-9]{1,6})")
_ITEM = re.compile(r"\(([0-9]{1,6})\)")


def paragraph_number(typed: str, paras: list[Paragraph]) -> int | None:
    """The paragraph meant by "3", "[3]", " [ 3 ] ", "đoạn 3" (its number) or "(11)", "a)" (an item's label)."""
    compact = bare(typed).removeprefix(t("chat.amend.paragraph_word")).replace(" ", "")
    if not compact:
        return None
    numbers = {p.number for p in paras}
    if not compact.isascii() or not compact.isdigit():  # a label as printed: "(11)", "a)"
        labelled = [p.number for p in paras if p.label and fold(p.label).replace(" ", "") == compact]
        if labelled:
            return labelled[0]
    match = _BRACKETED.fullmatch(compact) or _ITEM.fullmatch(compact)
    if match is None:
        return None
    number = int(next(g for g in match.groups() if g))
    return number if number in numbers else None


def _choose_para(ctx: Ctx, typed: str) -> None:
    draft = _draft(ctx)
    paras = q.paragraphs(ctx.session, draft.get("sec", 0))
    number = paragraph_number(typed, paras)
    if number is None:
        ctx.say_key("chat.amend.bad_para", n=max((p.number for p in paras), default=0))
        return
    draft = {k: v for k, v in draft.items() if k not in ("quote", "quote_found")}  # the wording is per paragraph
    show(ctx, "amend_quote", draft={**draft, "para": number})


action("para")(_choose_para)
on_text("amend_para")(_choose_para)


@prompt("amend_quote")
def _quote_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    para = _paragraph(ctx, draft)
    ctx.say(
        t("chat.amend.ask_quote", n=draft.get("para"), text=render_paragraph(para) if para else ""),
        [[ctx.button(t("chat.btn.cancel"), "cx")]],
    )


@on_text("amend_quote")
def _quote(ctx: Ctx, text: str) -> None:
    draft = _draft(ctx)
    if not has_words(text):
        ctx.say_key("chat.compose.need_words")
        return
    para = _paragraph(ctx, draft)
    span = find_folded(para.text, text) if para is not None else None
    if para is not None and span is not None:  # stored as printed in the draft, not as typed
        _amend_next(ctx, {**draft, "quote": para.text[span[0] : span[1]], "quote_found": True}, "amend_new")
        return
    ctx.data["draft"] = {**draft, "quote": text, "quote_found": False}
    ctx.say(
        t("chat.amend.quote_not_found", quote=text, n=draft.get("para")),
        [[ctx.button(t("chat.btn.keep_quote"), "keep")], [ctx.button(t("chat.btn.cancel"), "cx")]],
    )


@action("keep")
def _keep(ctx: Ctx, _arg: str) -> None:
    _amend_next(ctx, _draft(ctx), "amend_new")


@prompt("amend_new")
def _new_prompt(ctx: Ctx) -> None:
    ctx.say(t("chat.amend.ask_new"), [[ctx.button(t("chat.btn.cancel"), "cx")]])


@on_text("amend_new")
def _new(ctx: Ctx, text: str) -> None:
    if bare(text) == fold(t("chat.amend.delete_word")):
        new = ""
    elif has_words(text):
        new = text
    else:  # only spaces, emoji or punctuation
        ctx.say_key("chat.amend.new_required")
        return
    _amend_next(ctx, {**_draft(ctx), "new": new}, "amend_reason")


@prompt("amend_reason")
def _reason_prompt(ctx: Ctx) -> None:
    ctx.say(t("chat.amend.ask_reason"), [[ctx.button(t("chat.btn.cancel"), "cx")]])


@on_text("amend_reason")
def _reason(ctx: Ctx, text: str) -> None:
    if not has_words(text):
        ctx.say_key("chat.compose.need_words" if text.strip() else "chat.compose.text_required")
        return
    show(ctx, "confirm", draft={**_draft(ctx), "reason": text})


# --- confirmation and record ---


def summary(ctx: Ctx, draft: dict[str, Any], *, path: bool = False) -> str:
    kind = t(f"chat.kind.{draft.get('kind', 'other')}")
    target = target_label(ctx, draft, path=path)
    if draft.get("kind") == "amend":
        new = draft.get("new", "")
        proposal = t("chat.summary.replace", new=new) if new else t("chat.summary.delete")
        missing = draft.get("quote_found") is False  # kept as typed: said so
        return t(
            "chat.summary.amend",
            kind=kind,
            target=target,
            quote=draft.get("quote", ""),
            note=t("chat.summary.quote_not_found", n=draft.get("para")) if missing else "",
            proposal=proposal,
            reason=draft.get("reason", ""),
        )
    return t("chat.summary", kind=kind, target=target, text=draft.get("text") or t("chat.summary.no_text"))


@prompt("confirm")
def _confirm_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    if draft.get("withdraw"):
        text = t("chat.withdraw.confirm", summary=summary(ctx, draft))
    else:
        text = t("chat.confirm", summary=summary(ctx, draft))
        if draft.get("typed"):
            text += "\n\n" + t("chat.confirm.typed_other")
        text += "\n\n" + t("chat.confirm.more_reason" if draft.get("kind") == "amend" else "chat.confirm.more")
    rows = [[ctx.button(t("chat.btn.confirm"), "cf")]]
    if not draft.get("withdraw"):
        rows.append([ctx.button(t("chat.btn.redo"), "re")])
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(text, rows)


@on_text("confirm")
def _more(ctx: Ctx, text: str) -> None:
    """Text typed at the confirmation adds to the comment (a long comment comes in several messages)."""
    draft = _draft(ctx)
    if draft.get("withdraw"):
        ctx.say_key("chat.use_buttons")
        return
    if not has_words(text):
        ctx.say_key("chat.compose.need_words")
        return
    field = "reason" if draft.get("kind") == "amend" else "text"
    before = str(draft.get(field) or "").rstrip()
    joined = f"{before}\n{text.strip()}" if before else text.strip()
    if len(joined) > ctx.config.max_comment_length:  # nothing changes: the comment so far can still be confirmed
        ctx.say_key("chat.compose.total_too_long", limit=ctx.config.max_comment_length)
        return
    show(ctx, "confirm", draft={**draft, field: joined})


def way_on(ctx: Ctx, draft: dict[str, Any], text: str, *, cancelled: bool = False) -> None:
    """After a record or a cancel: back where the comment was started, with the way on."""
    rows: list[list[Choice]] = []
    if draft.get("from") == "mine":
        ctx.say(text)
        show(ctx, "mine", draft=None)
        return
    if draft.get("target") in ("section", "paragraph") and draft.get("sec"):
        ctx.goto("section", draft=None, sec=draft["sec"], doc=draft.get("doc"))
        if cancelled:
            rows.append([ctx.button(t("chat.btn.back_section"), "back")])
        else:
            rows.append([ctx.button(t("chat.btn.next_section"), "nx")])
    elif draft.get("target") == "topic":
        ctx.goto("topic", draft=None, topic=draft.get("topic"), doc=draft.get("doc"))
        if cancelled:
            rows.append([ctx.button(t("chat.btn.back_topic"), "back")])
    else:
        ctx.goto("outline", draft=None, doc=draft.get("doc"))
    rows.append([ctx.button(t("chat.btn.toc"), "toc")])
    ctx.say(text, rows)


def cancel(ctx: Ctx) -> None:
    """Drop the comment being written (or the edit, or the withdrawal: the recorded comment stays as it was)."""
    draft = _draft(ctx)
    unchanged = draft.get("edit") or draft.get("withdraw")
    way_on(ctx, draft, t("chat.cancelled_unchanged" if unchanged else "chat.cancelled"), cancelled=True)


@action("cx")
def _cancel(ctx: Ctx, _arg: str) -> None:
    cancel(ctx)


@action("back")
def _back(ctx: Ctx, _arg: str) -> None:
    reshow(ctx)


# --- "Sửa lại": type the text again or pick another kind; for an amendment, redo one part ---


def _other_kinds(draft: dict[str, Any]) -> list[str]:
    target = draft.get("target")
    if target == "document":
        kinds = ["general", "proposal"]
    elif target == "topic":
        kinds = ["agree", "disagree", "other"]
    else:
        kinds = ["agree", "disagree", "amend", "other"]
    return [k for k in kinds if k != draft.get("kind")]


@action("re")
def _redo(ctx: Ctx, _arg: str) -> None:
    show(ctx, "redo")


@prompt("redo")
def _redo_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    rows: list[list[Choice]]
    if draft.get("kind") == "amend":
        text = t("chat.redo.amend", summary=summary(ctx, draft))
        rows = [[ctx.button(t(f"chat.btn.redo_{part}"), "ra", part)] for part in AMEND_STEPS]
    else:
        text = t("chat.redo.text", summary=summary(ctx, draft))
        buttons = [ctx.button(t(f"chat.kind.{kind}"), "rk", kind) for kind in _other_kinds(draft)]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(text, rows)


@action("rk")
def _rekind(ctx: Ctx, kind: str) -> None:
    """Another kind for the comment being written, its text kept."""
    draft = _draft(ctx)
    if ctx.step != "redo" or kind not in _other_kinds(draft):
        reshow(ctx)
        return
    draft = {k: v for k, v in draft.items() if k not in ("typed", "redo")} | {"kind": kind}
    if kind == "amend":
        show(ctx, "amend_para", draft=draft | {"target": "paragraph"})
    elif kind in TEXT_REQUIRED and not str(draft.get("text") or "").strip():
        show(ctx, "compose", draft=draft)
    else:
        show(ctx, "confirm", draft=draft)


@action("ra")
def _redo_part(ctx: Ctx, part: str) -> None:
    """One part of an amendment again; then straight back to the confirmation."""
    draft = _draft(ctx)
    if ctx.step != "redo" or draft.get("kind") != "amend" or part not in AMEND_STEPS:
        reshow(ctx)
        return
    show(ctx, AMEND_STEPS[part], draft={**draft, "redo": True})


@action("cf")
def _confirm(ctx: Ctx, _arg: str) -> None:
    draft = _draft(ctx)
    doc = q.row(ctx.session, Document, draft.get("doc", 0))
    if not draft or doc is None:
        show(ctx, "docs", draft=None)
        return
    win = q.window(ctx.session, doc.id, ctx.participant.audience)
    if not q.is_open(win, ctx.now):
        if win is not None:
            ctx.say_key(
                "chat.window_closed", title=doc.title, opens=local_date(win.opens_at), closes=local_date(win.closes_at)
            )
        show(ctx, "docs", draft=None)
        return
    if draft.get("withdraw") or draft.get("edit"):
        comment = owned_comment(ctx, draft.get("withdraw") or draft.get("edit"))
        if comment is None:
            ctx.say_key("chat.mine.not_found")
            show(ctx, "mine", draft=None)
            return
        if draft.get("withdraw"):
            comment.withdrawn_at = ctx.now
            way_on(ctx, draft, t("chat.withdrawn"))
            return
        _fill(ctx, comment, draft)
        comment.edited_at = ctx.now
        way_on(ctx, draft, t("chat.updated"))
        return
    inc = ctx.incoming
    key = f"{inc.channel}:{inc.update_id}" if inc.update_id else f"{inc.channel}:p{ctx.participant.id}:v{ctx.version}"
    p = ctx.participant
    comment = Comment(
        document_id=doc.id,
        participant_id=p.id,
        audience=p.audience,
        unit_id=p.unit_id,
        area_id=p.area_id,
        channel=inc.channel,
        source=Source.INDIVIDUAL,
        idempotency_key=key,
    )
    _fill(ctx, comment, draft)
    # A Core INSERT of the values set (column defaults apply as for the ORM), executed now: the row and its
    # unique key exist before "Đã ghi nhận" is composed, and a redelivered update fails here and rolls back.
    values = sa_inspect(comment).dict
    ctx.session.connection().execute(_INSERT_COMMENT, {k: values[k] for k in _COMMENT_COLUMNS if k in values})
    way_on(ctx, draft, t("chat.recorded"))


def owned_comment(ctx: Ctx, comment_id: object) -> Comment | None:
    key = as_int(comment_id)
    comment = ctx.session.get(Comment, key) if key is not None else None
    if comment is None or comment.participant_id != ctx.participant.id or comment.withdrawn_at is not None:
        return None
    return comment


def _fill(ctx: Ctx, comment: Comment, draft: dict[str, Any]) -> None:
    kind = CommentKind(draft["kind"])
    target = draft.get("target", "document")
    comment.kind = kind
    comment.target_kind = TargetKind(target)
    comment.topic_id = draft.get("topic") if target == "topic" else None
    comment.section_id = draft.get("sec") if target in ("section", "paragraph") else None
    comment.paragraph_id = comment.paragraph_no = comment.page = comment.line = None
    comment.quoted_original = comment.proposed_text = comment.reason = None
    if target in ("section", "paragraph"):
        sec = q.row(ctx.session, Section, draft.get("sec", 0))
        if sec is not None:
            comment.page, comment.line = sec.page, sec.line
    if kind == CommentKind.AMEND:
        para = _paragraph(ctx, draft)
        if para is not None:
            comment.paragraph_id, comment.paragraph_no = para.id, para.number
            comment.page, comment.line = para.page, para.line
        comment.quoted_original = draft.get("quote", "")
        comment.proposed_text = draft.get("new", "")
        comment.reason = draft.get("reason", "")
        text = draft.get("reason", "")
    else:
        text = draft.get("text", "")
    comment.text = text
    comment.text_norm = nfc(text)
