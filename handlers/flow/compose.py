"""Writing a comment: its kind, its text, the confirmation, the record (an amendment's four parts: amend.py)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy import inspect as sa_inspect

from core.clock import local_date
from core.messages import t
from core.text import as_int, has_words, nfc
from handlers import queries as q
from handlers.context import Ctx
from handlers.flow.browse import open_document
from handlers.flow.registry import action, on_text, prompt, reshow, show
from handlers.types import Choice
from storage.models import Comment, CommentKind, Document, GuidedTopic, Section, Source, TargetKind

TEXT_REQUIRED = {"disagree", "other", "general", "proposal"}
# Steps in the middle of writing a comment: /huy leaves them; /start, /gopy, /ykiencuatoi ask first ("pending":
# that question, asked over one of the others).
COMPOSING = {"compose", "amend_para", "amend_quote", "amend_new", "amend_reason", "confirm", "redo", "pending"}
TYPED = ("text", "quote", "new", "reason")  # what the user typed into a draft
AMEND_STEPS = {"para": "amend_para", "quote": "amend_quote", "new": "amend_new", "reason": "amend_reason"}
# What a comment says (an edit that changes none of these changes nothing).
CONTENT = ("kind", "target", "topic", "sec", "para", "quote", "quote_found", "new", "reason", "text")
_INSERT_COMMENT = insert(cast(Table, Comment.__table__))
_COMMENT_COLUMNS = tuple(c.key for c in Comment.__table__.columns)


def current_draft(ctx: Ctx) -> dict[str, Any]:
    draft = ctx.data.get("draft")
    return draft if isinstance(draft, dict) else {}


def lacks_words(ctx: Ctx, text: str, *, empty: str = "chat.compose.empty") -> bool:
    """True (and said why) when `text` has no letter or digit: an empty message asks with `empty`."""
    if has_words(text):
        return False
    ctx.say_key("chat.compose.need_words" if text.strip() else empty)
    return True


def composing_step(ctx: Ctx) -> str:
    """The step a comment is being written in, also under the "still being written" question."""
    after = ctx.data.get("after")
    if ctx.step == "pending" and isinstance(after, list) and len(after) == 3:
        return str(after[2])
    return ctx.step


def pending(ctx: Ctx) -> bool:
    """True when a comment is being written that leaving this step would throw away (an edit: its changes)."""
    draft = current_draft(ctx)
    step = composing_step(ctx)
    if step not in COMPOSING or not draft or draft.get("withdraw"):
        return False
    if draft.get("edit"):
        comment = owned_comment(ctx, draft["edit"])
        return comment is not None and any(draft.get(k) != comment_draft(comment).get(k) for k in CONTENT)
    return step == "confirm" or any(draft.get(k) for k in TYPED)


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
    if lacks_words(ctx, text):
        return
    target: dict[str, Any] = (
        {"target": "topic", "topic": ctx.data.get("topic")}
        if ctx.step == "topic"
        else {"target": "section", "sec": ctx.data.get("sec")}
    )
    draft = {"kind": "other", "doc": ctx.data.get("doc"), **target, "text": text, "typed": True}
    show(ctx, "confirm", draft=draft)


def target_label(ctx: Ctx, draft: dict[str, Any], *, path: bool = False) -> str:
    """What a comment is about; with `path`, a section is named with its parents ("Phần thứ nhất, mục II.1. …")."""
    target = draft.get("target")
    if target == "topic":
        topic = q.row(ctx.session, GuidedTopic, draft.get("topic", 0))
        return t("chat.target.topic", n=topic.order, title=topic.title) if topic else ""
    if target in ("section", "paragraph"):
        sec = q.row(ctx.session, Section, draft.get("sec", 0))
        if sec is None:
            return ""
        name = section_name(ctx, sec, path=path)
        if target == "paragraph" and draft.get("para"):
            return t("chat.target.paragraph", n=draft["para"], section=name)
        return name
    doc = q.row(ctx.session, Document, draft.get("doc", 0))
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
        labels.append(parent.label.rstrip(".)"))
        parent = q.row(ctx.session, Section, parent.parent_id) if parent.parent_id else None
    name = t("chat.target.section", label=".".join(reversed(labels)), title=sec.title)
    return t("chat.target.in_part", part=part, section=name) if part else name


@prompt("compose")
def _compose_prompt(ctx: Ctx) -> None:
    draft = current_draft(ctx)
    kind = draft.get("kind", "other")
    text = t(f"chat.compose.{kind}", target=target_label(ctx, draft))
    rows = [[ctx.button(t("chat.btn.send"), "send")]] if kind == "agree" else []
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(text, rows)


@on_text("compose", "redo")
def _compose_text(ctx: Ctx, text: str) -> None:
    draft = {k: v for k, v in current_draft(ctx).items() if k not in ("typed", "redo")}
    if draft.get("kind") == "amend":  # "Sửa lại" on an amendment: its parts are chosen with the buttons
        ctx.say_key("chat.use_buttons")
        reshow(ctx)
        return
    if not text.strip() and draft.get("kind") not in TEXT_REQUIRED:  # "Nhất trí" needs no words
        show(ctx, "confirm", draft={**draft, "text": ""})
        return
    if lacks_words(ctx, text, empty="chat.compose.text_required"):
        return
    show(ctx, "confirm", draft={**draft, "text": text})


@action("send")
def _send(ctx: Ctx, _arg: str) -> None:
    draft = current_draft(ctx)
    if draft.get("kind") in TEXT_REQUIRED:
        ctx.say_key("chat.compose.text_required")
        return
    show(ctx, "confirm", draft={**draft, "text": ""})


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
    draft = current_draft(ctx)
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
    draft = current_draft(ctx)
    if draft.get("withdraw"):
        ctx.say_key("chat.use_buttons")
        return
    if lacks_words(ctx, text):
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
    draft = current_draft(ctx)
    ctx.data.pop("after", None)
    unchanged = draft.get("edit") or draft.get("withdraw")
    way_on(ctx, draft, t("chat.cancelled_unchanged" if unchanged else "chat.cancelled"), cancelled=True)


@action("cx")
def _cancel(ctx: Ctx, _arg: str) -> None:
    cancel(ctx)


@action("back")
def _back(ctx: Ctx, _arg: str) -> None:
    reshow(ctx)


# --- "Sửa lại": type the text again or pick another kind; for an amendment, redo one part ---


def _other_kinds(ctx: Ctx, draft: dict[str, Any]) -> list[str]:
    """The kinds the comment can become: an amendment only where the section has paragraphs to cite."""
    target = draft.get("target")
    if target == "document":
        kinds = ["general", "proposal"]
    elif target == "topic":
        kinds = ["agree", "disagree", "other"]
    elif draft.get("kind") == "amend" or q.has_paragraphs(ctx.session, draft.get("sec", 0)):
        kinds = ["agree", "disagree", "amend", "other"]
    else:
        kinds = ["agree", "disagree", "other"]
    return [k for k in kinds if k != draft.get("kind")]


@action("re")
def _redo(ctx: Ctx, _arg: str) -> None:
    show(ctx, "redo")


@prompt("redo")
def _redo_prompt(ctx: Ctx) -> None:
    draft = current_draft(ctx)
    rows: list[list[Choice]]
    if draft.get("kind") == "amend":
        text = t("chat.redo.amend", summary=summary(ctx, draft))
        rows = [[ctx.button(t(f"chat.btn.redo_{part}"), "ra", part)] for part in AMEND_STEPS]
    else:
        text = t("chat.redo.text", summary=summary(ctx, draft))
        buttons = [ctx.button(t(f"chat.kind.{kind}"), "rk", kind) for kind in _other_kinds(ctx, draft)]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
    ctx.say(text, rows)


@action("rk")
def _rekind(ctx: Ctx, kind: str) -> None:
    """Another kind for the comment being written, its text kept (an amendment's reason, offered at that step)."""
    draft = current_draft(ctx)
    if ctx.step != "redo" or kind not in _other_kinds(ctx, draft):
        if ctx.step == "redo" and kind == "amend":  # no paragraphs to cite: the comment stays as it is
            ctx.say_key("chat.amend.no_paragraphs")
            show(ctx, "confirm")
        else:
            reshow(ctx)
        return
    draft = {k: v for k, v in draft.items() if k not in ("typed", "redo")} | {"kind": kind}
    if kind == "amend":
        text = str(draft.pop("text", "") or "")
        if text.strip():
            draft["reason"] = text
            ctx.say_key("chat.amend.text_as_reason")
        show(ctx, "amend_para", draft=draft | {"target": "paragraph"})
    elif kind in TEXT_REQUIRED and not str(draft.get("text") or "").strip():
        show(ctx, "compose", draft=draft)
    else:
        show(ctx, "confirm", draft=draft)


@action("ra")
def _redo_part(ctx: Ctx, part: str) -> None:
    """One part of an amendment again; then straight back to the confirmation."""
    draft = current_draft(ctx)
    if ctx.step != "redo" or draft.get("kind") != "amend" or part not in AMEND_STEPS:
        reshow(ctx)
        return
    show(ctx, AMEND_STEPS[part], draft={**draft, "redo": True})


@action("cf")
def _confirm(ctx: Ctx, _arg: str) -> None:
    draft = current_draft(ctx)
    doc = q.row(ctx.session, Document, draft.get("doc", 0))
    if not draft or doc is None:
        show(ctx, "docs", draft=None)
        return
    win = q.window(ctx.session, doc.id, ctx.participant.audience)
    if not q.is_open(win, ctx.now) and (draft.get("withdraw") or draft.get("edit")):
        closed_for_change(ctx, doc.title, win, withdraw=bool(draft.get("withdraw")), confirming=True)
        return
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


def closed_for_change(ctx: Ctx, title: str, win: Any, *, withdraw: bool, confirming: bool = False) -> None:
    """The window has closed: the edit or withdrawal is not done, the recorded comment stays; back to the list."""
    period = t("chat.mine.period", opens=local_date(win.opens_at), closes=local_date(win.closes_at)) if win else ""
    key = "chat.mine.closed_confirm" if confirming else "chat.mine.closed_change"
    ctx.say_key(key, title=title, period=period, action=t("chat.mine.withdraw" if withdraw else "chat.mine.edit"))
    show(ctx, "mine", draft=None)


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
    comment.quoted_original = comment.proposed_text = comment.reason = comment.quote_found = None
    if target in ("section", "paragraph"):
        sec = q.row(ctx.session, Section, draft.get("sec", 0))
        if sec is not None:
            comment.page, comment.line = sec.page, sec.line
    if kind == CommentKind.AMEND:
        para = q.paragraph(ctx.session, draft.get("sec", 0), draft.get("para"))
        if para is not None:
            comment.paragraph_id, comment.paragraph_no = para.id, para.number
            comment.page, comment.line = para.page, para.line
        comment.quoted_original = draft.get("quote", "")
        found = draft.get("quote_found")
        comment.quote_found = bool(found) if draft.get("quote") and found is not None else None
        comment.proposed_text = draft.get("new", "")
        comment.reason = draft.get("reason", "")
        text = draft.get("reason", "")
    else:
        text = draft.get("text", "")
    comment.text = text
    comment.text_norm = nfc(text)


def comment_draft(comment: Comment) -> dict[str, Any]:
    """A recorded comment as a draft: what "Sửa #n" starts from, and what /ykiencuatoi shows."""
    draft: dict[str, Any] = {
        "kind": comment.kind.value,
        "doc": comment.document_id,
        "target": comment.target_kind.value,
        "from": "mine",
    }
    if comment.topic_id:
        draft["topic"] = comment.topic_id
    if comment.section_id:
        draft["sec"] = comment.section_id
    if comment.kind == CommentKind.AMEND:
        draft.update(
            para=comment.paragraph_no,
            quote=comment.quoted_original or "",
            new=comment.proposed_text or "",
            reason=comment.reason or "",
        )
        if comment.quote_found is not None:
            draft["quote_found"] = comment.quote_found
    else:
        draft["text"] = comment.text
    return draft
