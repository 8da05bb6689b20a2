"""Writing a comment: its kind, its text, the confirmation, the record (an amendment's four parts: amend.py)."""

from __future__ import annotations

from typing import Any

from core.clock import local_date
from core.kinds import DOCUMENT, SECTION, TOPIC, CommentKind, kind_of, offered
from core.messages import t
from core.text import as_int, has_words
from handlers.context import Ctx
from handlers.draft import CommentDraft
from handlers.flow.browse import open_document
from handlers.flow.router import Router
from handlers.labels import summary, target_label
from handlers.record import comment_draft, fill, owned_comment
from handlers.states import COMPOSING, Action, Step
from handlers.types import Choice
from storage import conversation
from storage import queries as q
from storage.models import Comment, Document, Source

router = Router(__name__)

AMEND_PARTS = {"para": Step.AMEND_PARA, "quote": Step.AMEND_QUOTE, "new": Step.AMEND_NEW, "reason": Step.AMEND_REASON}
# After a record or a cancel: back where the comment was started, with the way on.
WAY_ON = (Step.MINE, Step.SECTION, Step.TOPIC, Step.OUTLINE)


def lacks_words(ctx: Ctx, text: str, *, empty: str = "chat.compose.empty") -> bool:
    """True (and said why) when `text` has no letter or digit: an empty message asks with `empty`."""
    if has_words(text):
        return False
    ctx.say_key("chat.compose.need_words" if text.strip() else empty)
    return True


def composing_step(ctx: Ctx) -> Step:
    """The step a comment is being written in, also under the "still being written" question."""
    after = ctx.data.get("after")
    if ctx.step == Step.PENDING and isinstance(after, list) and len(after) == 3:
        step = Step._value2member_map_.get(str(after[2]))
        if isinstance(step, Step):
            return step
    return ctx.step


def pending(ctx: Ctx) -> bool:
    """True when a comment is being written that leaving this step would throw away (an edit: its changes)."""
    draft = ctx.draft
    step = composing_step(ctx)
    if step not in COMPOSING or draft is None or draft.withdraw:
        return False
    if draft.edit:
        comment = owned_comment(ctx, draft.edit)
        return comment is not None and draft.content() != comment_draft(comment).content()
    return step == Step.CONFIRM or draft.has_typed()


def begin(ctx: Ctx, draft: CommentDraft) -> None:
    """Start composing `draft`."""
    ctx.show(Step.AMEND_PARA if draft.amendment else Step.COMPOSE, draft=draft)


@router.action(Action.KIND, leads_to=(Step.DOCS, Step.OUTLINE, Step.COMPOSE, Step.AMEND_PARA))
def _kind(ctx: Ctx, value: str) -> None:
    doc = ctx.session.get(Document, ctx.data.get("doc", 0))
    kind = kind_of(value)
    if doc is None or kind is None or not open_document(ctx, doc):
        ctx.show(Step.DOCS)
        return
    draft = CommentDraft(kind, doc.id)
    if DOCUMENT not in kind.offered_on:
        if ctx.step == Step.TOPIC and ctx.data.get("topic"):
            draft = draft.with_(target="topic", topic=as_int(ctx.data["topic"]))
        elif ctx.data.get("sec"):
            draft = draft.with_(target="paragraph" if kind.amendment else "section", sec=as_int(ctx.data["sec"]))
        else:
            ctx.show(Step.OUTLINE)
            return
    begin(ctx, draft)


@router.on_text(Step.SECTION, Step.TOPIC, leads_to=(Step.CONFIRM,))
def _typed_on_view(ctx: Ctx, text: str) -> None:
    """Text typed while reading a section or topic: taken as "Ý kiến khác" on it, then confirmed."""
    if lacks_words(ctx, text):
        return
    doc = as_int(ctx.data.get("doc", ""))
    if doc is None:
        ctx.reshow()
        return
    draft = CommentDraft(CommentKind.OTHER, doc, typed=True).with_body(text, ctx.seq)
    if ctx.step == Step.TOPIC:
        draft = draft.with_(target="topic", topic=as_int(ctx.data.get("topic", "")))
    else:
        draft = draft.with_(target="section", sec=as_int(ctx.data.get("sec", "")))
    ctx.show(Step.CONFIRM, draft=draft)


@router.prompt(Step.COMPOSE, offers=(Action.SEND, Action.CANCEL), leads_to=(Step.DOCS,))
def _compose_prompt(ctx: Ctx) -> None:
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    text = t(f"chat.compose.{draft.kind}", target=target_label(ctx, draft))
    rows = [] if draft.kind.needs_text else [[ctx.button(t("chat.btn.send"), Action.SEND)]]
    rows.append([ctx.button(t("chat.btn.cancel"), Action.CANCEL)])
    ctx.say(text, rows)


@router.on_text(Step.COMPOSE, Step.REDO, leads_to=(Step.CONFIRM, Step.DOCS))
def _compose_text(ctx: Ctx, text: str) -> None:
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    draft = draft.with_(typed=False, redo=False)
    if draft.amendment:  # "Sửa lại" on an amendment: its parts are chosen with the buttons
        ctx.ask_to_choose()
        ctx.reshow()
        return
    if not text.strip() and not draft.kind.needs_text:  # "Nhất trí" needs no words
        ctx.show(Step.CONFIRM, draft=draft.with_(text=""))
        return
    if lacks_words(ctx, text, empty="chat.compose.text_required"):
        return
    ctx.show(Step.CONFIRM, draft=draft.with_body(text, ctx.seq))


@router.action(Action.SEND, leads_to=(Step.CONFIRM, Step.DOCS))
def _send(ctx: Ctx, _arg: str) -> None:
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    if draft.kind.needs_text:
        ctx.say_key("chat.compose.text_required")
        return
    ctx.show(Step.CONFIRM, draft=draft.with_(text=""))


# --- confirmation and record ---


@router.prompt(Step.CONFIRM, offers=(Action.CONFIRM, Action.REDO, Action.CANCEL), leads_to=(Step.DOCS,))
def _confirm_prompt(ctx: Ctx) -> None:
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    if draft.withdraw:
        text = t("chat.withdraw.confirm", summary=summary(ctx, draft))
    else:
        text = t("chat.confirm", summary=summary(ctx, draft))
        if draft.typed:
            text += "\n\n" + t("chat.confirm.typed_other")
        text += "\n\n" + t("chat.confirm.more_reason" if draft.amendment else "chat.confirm.more")
    rows = [[ctx.button(t("chat.btn.confirm"), Action.CONFIRM)]]
    if not draft.withdraw:
        rows.append([ctx.button(t("chat.btn.redo"), Action.REDO)])
    rows.append([ctx.button(t("chat.btn.cancel"), Action.CANCEL)])
    ctx.say(text, rows)


@router.on_text(Step.CONFIRM, leads_to=(Step.DOCS,))
def _more(ctx: Ctx, text: str) -> None:
    """Text typed at the confirmation adds to the comment (a long comment comes in several messages)."""
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    if draft.withdraw:
        ctx.ask_to_choose()
        return
    if lacks_words(ctx, text):
        return
    longer = draft.with_body(text, ctx.seq, more=True) if draft.body.strip() else draft.with_body(text.strip(), ctx.seq)
    if len(longer.body) > ctx.config.max_comment_length:  # nothing changes: the comment so far can be confirmed
        ctx.say_key("chat.compose.total_too_long", limit=ctx.config.max_comment_length)
        return
    ctx.show(Step.CONFIRM, draft=longer)


def way_on(ctx: Ctx, draft: CommentDraft, text: str, *, cancelled: bool = False) -> None:
    """After a record or a cancel: back where the comment was started, with the way on."""
    rows: list[list[Choice]] = []
    if draft.origin == "mine":
        ctx.say(text)
        ctx.show(Step.MINE, draft=None)
        return
    if draft.on_section:
        ctx.goto(Step.SECTION, draft=None, sec=draft.sec, doc=draft.doc)
        if cancelled:
            rows.append([ctx.button(t("chat.btn.back_section"), Action.BACK)])
        else:
            rows.append([ctx.button(t("chat.btn.next_section"), Action.NEXT_SECTION)])
    elif draft.target == "topic":
        ctx.goto(Step.TOPIC, draft=None, topic=draft.topic, doc=draft.doc)
        if cancelled:
            rows.append([ctx.button(t("chat.btn.back_topic"), Action.BACK)])
    else:
        ctx.goto(Step.OUTLINE, draft=None, doc=draft.doc)
    rows.append([ctx.button(t("chat.btn.toc"), Action.TOC)])
    ctx.say(text, rows)


router.also_offers(Step.SECTION, Action.BACK)
router.also_offers(Step.TOPIC, Action.BACK)


def cancel(ctx: Ctx) -> None:
    """Drop the comment being written (or the edit, or the withdrawal: the recorded comment stays as it was)."""
    draft = ctx.draft
    ctx.data.pop("after", None)
    if draft is None:
        ctx.show(Step.DOCS)
        return
    unchanged = draft.edit or draft.withdraw
    way_on(ctx, draft, t("chat.cancelled_unchanged" if unchanged else "chat.cancelled"), cancelled=True)


@router.action(Action.CANCEL, leads_to=(Step.DOCS, Step.CONFIRM, *WAY_ON))
def _cancel(ctx: Ctx, _arg: str) -> None:
    """«Huỷ»: drops the comment being written; under «Sửa lại» it drops only the change, back to the confirmation."""
    draft = ctx.draft
    if draft is not None and _redoing(ctx, draft):
        ctx.say_key("chat.redo.kept")
        ctx.show(Step.CONFIRM, draft=draft.with_(redo=False, quote_pending=False))
        return
    cancel(ctx)


def _redoing(ctx: Ctx, draft: CommentDraft) -> bool:
    """True under «Sửa lại» of a comment that is whole (an edit of a recorded one not yet changed: not so)."""
    if ctx.step != Step.REDO and not (draft.redo and ctx.step in AMEND_PARTS.values()):
        return False
    if draft.amendment and None in (draft.quote, draft.new, draft.reason):
        return False  # another paragraph was chosen: its words are not there yet
    if draft.edit:
        comment = owned_comment(ctx, draft.edit)
        return comment is not None and draft.content() != comment_draft(comment).content()
    return True


@router.action(Action.BACK)
def _back(ctx: Ctx, _arg: str) -> None:
    ctx.reshow()


# --- "Sửa lại": type the text again or pick another kind; for an amendment, redo one part ---


def _other_kinds(ctx: Ctx, draft: CommentDraft) -> list[CommentKind]:
    """The kinds the comment can become: an amendment only where the section has paragraphs to cite."""
    if draft.target == "document":
        kinds = offered(DOCUMENT)
    elif draft.target == "topic":
        kinds = offered(TOPIC)
    else:
        kinds = offered(SECTION, paragraphs=draft.amendment or q.has_paragraphs(ctx.session, draft.sec or 0))
    return [k for k in kinds if k != draft.kind]


@router.action(Action.REDO, leads_to=(Step.REDO,))
def _redo(ctx: Ctx, _arg: str) -> None:
    ctx.show(Step.REDO)


@router.prompt(Step.REDO, offers=(Action.REDO_PART, Action.REKIND, Action.CANCEL), leads_to=(Step.DOCS,))
def _redo_prompt(ctx: Ctx) -> None:
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    rows: list[list[Choice]]
    if draft.amendment:
        text = t("chat.redo.amend", summary=summary(ctx, draft))
        rows = [[ctx.button(t(f"chat.btn.redo_{part}"), Action.REDO_PART, part)] for part in AMEND_PARTS]
    else:
        text = t("chat.redo.text", summary=summary(ctx, draft))
        buttons = [ctx.button(t(f"chat.kind.{kind}"), Action.REKIND, kind) for kind in _other_kinds(ctx, draft)]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([ctx.button(t("chat.btn.cancel"), Action.CANCEL)])
    ctx.say(text, rows)


@router.action(Action.REKIND, leads_to=(Step.CONFIRM, Step.AMEND_PARA, Step.COMPOSE))
def _rekind(ctx: Ctx, value: str) -> None:
    """Another kind for the comment being written, its text kept (an amendment's reason, offered at that step)."""
    draft, kind = ctx.draft, kind_of(value)
    if ctx.step != Step.REDO or draft is None or kind is None or kind not in _other_kinds(ctx, draft):
        if ctx.step == Step.REDO and kind is not None and kind.amendment:  # no paragraphs to cite: stays as it is
            ctx.say_key("chat.amend.no_paragraphs")
            ctx.show(Step.CONFIRM)
        else:
            ctx.reshow()
        return
    draft = draft.with_(typed=False, redo=False, kind=kind)
    if kind.amendment:
        text = draft.text or ""
        draft = draft.with_(text=None, target="paragraph")
        if text.strip():
            draft = draft.with_(reason=text)
            ctx.say_key("chat.amend.text_as_reason")
        ctx.show(Step.AMEND_PARA, draft=draft)
    elif kind.needs_text and not (draft.text or "").strip():
        ctx.show(Step.COMPOSE, draft=draft)
    else:
        ctx.show(Step.CONFIRM, draft=draft)


@router.action(Action.REDO_PART, leads_to=tuple(AMEND_PARTS.values()))
def _redo_part(ctx: Ctx, part: str) -> None:
    """One part of an amendment again; then straight back to the confirmation."""
    draft = ctx.draft
    if ctx.step != Step.REDO or draft is None or not draft.amendment or part not in AMEND_PARTS:
        ctx.reshow()
        return
    ctx.show(AMEND_PARTS[part], draft=draft.with_(redo=True))


@router.action(Action.CONFIRM, leads_to=(Step.DOCS, *WAY_ON))
def _confirm(ctx: Ctx, _arg: str) -> None:
    draft = ctx.draft
    doc = q.row(ctx.session, Document, draft.doc) if draft is not None else None
    if draft is None or doc is None:
        ctx.show(Step.DOCS, draft=None)
        return
    win = q.window(ctx.session, doc.id, ctx.participant.audience)
    changing = draft.withdraw or draft.edit
    if not q.is_open(win, ctx.now) and changing:
        closed_for_change(ctx, doc.title, win, withdraw=bool(draft.withdraw), confirming=True)
        return
    if not q.is_open(win, ctx.now):
        if win is not None:
            ctx.say_key(
                "chat.window_closed", title=doc.title, opens=local_date(win.opens_at), closes=local_date(win.closes_at)
            )
        ctx.show(Step.DOCS, draft=None)
        return
    if changing:
        comment = owned_comment(ctx, changing)
        if comment is None:
            ctx.say_key("chat.mine.not_found")
            ctx.show(Step.MINE, draft=None)
            return
        if draft.withdraw:
            comment.withdrawn_at = ctx.now
            way_on(ctx, draft, t("chat.withdrawn"))
            return
        fill(ctx, comment, draft)
        comment.edited_at = ctx.now
        way_on(ctx, draft, t("chat.updated"))
        return
    inc = ctx.incoming
    # The confirmation's buttons are of one state version, and recording shows new ones: a comment is the
    # participant's and the version's, whatever the delivery (a platform's ids are reused: Telegram after a week).
    key = f"{inc.channel}:p{ctx.participant.id}:v{ctx.version}"
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
    fill(ctx, comment, draft)
    conversation.insert_comment(ctx.session, comment)  # stored before "Đã ghi nhận" is composed
    way_on(ctx, draft, t("chat.recorded"))


def closed_for_change(ctx: Ctx, title: str, win: Any, *, withdraw: bool, confirming: bool = False) -> None:
    """The window has closed: the edit or withdrawal is not done, the recorded comment stays; back to the list."""
    period = t("chat.mine.period", opens=local_date(win.opens_at), closes=local_date(win.closes_at)) if win else ""
    key = "chat.mine.closed_confirm" if confirming else "chat.mine.closed_change"
    ctx.say_key(key, title=title, period=period, action=t("chat.mine.withdraw" if withdraw else "chat.mine.edit"))
    ctx.show(Step.MINE, draft=None)
