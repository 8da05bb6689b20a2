"""Writing a comment: its kind, its text (or the four parts of an amendment), the confirmation, the record."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy import inspect as sa_inspect

from handlers import queries as q
from handlers.context import Ctx
from handlers.flow.browse import open_document, render_paragraph
from handlers.flow.registry import action, on_text, prompt, show
from handlers.messages import t
from handlers.text import fold, local_date, nfc
from handlers.types import Choice
from storage.models import Comment, CommentKind, Document, GuidedTopic, Paragraph, Section, Source, TargetKind

TEXT_REQUIRED = {"disagree", "other", "general", "proposal"}
_INSERT_COMMENT = insert(cast(Table, Comment.__table__))
_COMMENT_COLUMNS = tuple(c.key for c in Comment.__table__.columns)


def _draft(ctx: Ctx) -> dict[str, Any]:
    draft = ctx.data.get("draft")
    return draft if isinstance(draft, dict) else {}


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
    target: dict[str, Any] = (
        {"target": "topic", "topic": ctx.data.get("topic")}
        if ctx.step == "topic"
        else {"target": "section", "sec": ctx.data.get("sec")}
    )
    draft = {"kind": "other", "doc": ctx.data.get("doc"), **target, "text": text}
    show(ctx, "confirm", draft=draft)


def target_label(ctx: Ctx, draft: dict[str, Any]) -> str:
    target = draft.get("target")
    if target == "topic":
        topic = q.row(ctx.session, GuidedTopic, draft.get("topic", 0))
        return t("chat.target.topic", n=topic.order, title=topic.title) if topic else ""
    if target in ("section", "paragraph"):
        sec = q.row(ctx.session, Section, draft.get("sec", 0))
        if sec is None:
            return ""
        if target == "paragraph" and draft.get("para"):
            return t("chat.target.paragraph", n=draft["para"], label=sec.label, title=sec.title)
        return t("chat.target.section", label=sec.label, title=sec.title)
    doc = q.row(ctx.session, Document, draft.get("doc", 0))
    return t("chat.target.document", title=doc.title if doc else "")


@prompt("compose")
def _compose_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    kind = draft.get("kind", "other")
    text = t(f"chat.compose.{kind}", target=target_label(ctx, draft))
    rows = [[ctx.button(t("chat.btn.send"), "send")]] if kind == "agree" else []
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(text, rows)


@on_text("compose")
def _compose_text(ctx: Ctx, text: str) -> None:
    draft = _draft(ctx)
    if not text.strip():
        ctx.say_key("chat.compose.text_required")
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


def _choose_para(ctx: Ctx, number: str) -> None:
    draft = _draft(ctx)
    numbers = [p.number for p in q.paragraphs(ctx.session, draft.get("sec", 0))]
    if not number.strip().strip("[]").isdigit() or int(number.strip().strip("[]")) not in numbers:
        ctx.say_key("chat.amend.bad_para", n=max(numbers, default=0))
        return
    show(ctx, "amend_quote", draft={**draft, "para": int(number.strip().strip("[]"))})


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
    draft = {**_draft(ctx), "quote": text}
    para = _paragraph(ctx, draft)
    if para is not None and fold(text) and fold(text) in fold(para.text):
        show(ctx, "amend_new", draft=draft)
        return
    ctx.data["draft"] = draft
    ctx.say(
        t("chat.amend.quote_not_found", quote=text, n=draft.get("para")),
        [[ctx.button(t("chat.btn.keep_quote"), "keep")], [ctx.button(t("chat.btn.cancel"), "cx")]],
    )


@action("keep")
def _keep(ctx: Ctx, _arg: str) -> None:
    show(ctx, "amend_new")


@prompt("amend_new")
def _new_prompt(ctx: Ctx) -> None:
    ctx.say(t("chat.amend.ask_new"), [[ctx.button(t("chat.btn.cancel"), "cx")]])


@on_text("amend_new")
def _new(ctx: Ctx, text: str) -> None:
    new = "" if fold(text) == fold(t("chat.amend.delete_word")) else text
    show(ctx, "amend_reason", draft={**_draft(ctx), "new": new})


@prompt("amend_reason")
def _reason_prompt(ctx: Ctx) -> None:
    ctx.say(t("chat.amend.ask_reason"), [[ctx.button(t("chat.btn.cancel"), "cx")]])


@on_text("amend_reason")
def _reason(ctx: Ctx, text: str) -> None:
    if not text.strip():
        ctx.say_key("chat.compose.text_required")
        return
    show(ctx, "confirm", draft={**_draft(ctx), "reason": text})


# --- confirmation and record ---


def summary(ctx: Ctx, draft: dict[str, Any]) -> str:
    kind = t(f"chat.kind.{draft.get('kind', 'other')}")
    target = target_label(ctx, draft)
    if draft.get("kind") == "amend":
        new = draft.get("new", "")
        proposal = t("chat.summary.replace", new=new) if new else t("chat.summary.delete")
        return t(
            "chat.summary.amend",
            kind=kind,
            target=target,
            quote=draft.get("quote", ""),
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
    rows = [[ctx.button(t("chat.btn.confirm"), "cf")]]
    if not draft.get("withdraw"):
        rows.append([ctx.button(t("chat.btn.redo"), "re")])
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(text, rows)


def way_on(ctx: Ctx, draft: dict[str, Any], text: str) -> None:
    """After a record or a cancel: back where the comment was started, with the way on."""
    rows: list[list[Choice]] = []
    if draft.get("from") == "mine":
        ctx.say(text)
        show(ctx, "mine", draft=None)
        return
    if draft.get("target") in ("section", "paragraph") and draft.get("sec"):
        ctx.goto("section", draft=None, sec=draft["sec"], doc=draft.get("doc"))
        rows.append([ctx.button(t("chat.btn.next_section"), "nx")])
    elif draft.get("target") == "topic":
        ctx.goto("topic", draft=None, topic=draft.get("topic"), doc=draft.get("doc"))
    else:
        ctx.goto("outline", draft=None, doc=draft.get("doc"))
    rows.append([ctx.button(t("chat.btn.toc"), "toc")])
    ctx.say(text, rows)


@action("cx")
def _cancel(ctx: Ctx, _arg: str) -> None:
    way_on(ctx, _draft(ctx), t("chat.cancelled"))


@action("re")
def _redo(ctx: Ctx, _arg: str) -> None:
    draft = _draft(ctx)
    keep: dict[str, Any] = {
        k: draft[k] for k in ("kind", "doc", "target", "sec", "topic", "edit", "from") if k in draft
    }
    begin(ctx, keep)


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
    comment = ctx.session.get(Comment, int(str(comment_id))) if str(comment_id).isdigit() else None
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
