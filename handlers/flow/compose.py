"""Commenting: a stance is one tap, saved at once with «Hoàn tác»; words typed are saved as they come, then «Sửa»,
«Rút lại»; text typed after a saved comment adds to it (an amendment's: its reason). Amendments: amend.py."""

from __future__ import annotations

from typing import Any

from core.kinds import DOCUMENT, CommentKind, kind_of
from core.messages import t
from core.text import as_int
from handlers.context import Ctx
from handlers.draft import CommentDraft
from handlers.flow import amend
from handlers.flow.browse import acknowledge, nav_row, open_document, section_text
from handlers.flow.router import Router
from handlers.flow.saving import (
    is_back,
    is_cancel,
    is_chit_chat,
    is_next,
    lacks_words,
    restore,
    save,
    window_open,
    withdraw,
)
from handlers.labels import target_label
from handlers.record import comment_draft, owned_comment
from handlers.states import Action, Step
from handlers.types import Choice
from storage import queries as q
from storage.models import Comment, Document, Section

router = Router(__name__)

SPLIT_BY_PHONE = 3500  # a saved text this long was likely cut by the phone: a short next part is its tail
SHORT_WORDS = 3  # fewer words typed on a section are asked about before they count as an opinion
QUOTED = 600  # characters of a saved comment quoted back: the rest is saved, not repeated on the phone
EDIT_QUOTED = 3500  # «Sửa» shows the whole comment to be retyped (within one Telegram message)
# Where a comment was made, shown again after it is withdrawn, undone or dropped.
VIEWS = (Step.SECTION, Step.TOPIC, Step.OUTLINE, Step.MINE, Step.DOCS)


def _quoted(text: str, limit: int = QUOTED) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def back_to(ctx: Ctx, draft: CommentDraft | Comment | None) -> None:
    """The view a comment belongs to: its section, its topic, the outline; /ykiencuatoi when it came from there."""
    if draft is None:
        ctx.show(Step.DOCS, draft=None)
        return
    if isinstance(draft, Comment):
        sec, topic, doc, origin = draft.section_id, draft.topic_id, draft.document_id, None
    else:
        sec, topic, doc, origin = draft.sec, draft.topic, draft.doc, draft.origin
    if origin == "mine" or ctx.data.get("from") == "mine":
        ctx.show(Step.MINE, draft=None, saved=None, **{"from": None})
    elif sec:
        same = ctx.data.get("sec") == sec
        ctx.show(Step.SECTION, draft=None, saved=None, sec=sec, doc=doc, **({} if same else {"spage": None}))
    elif topic:
        ctx.show(Step.TOPIC, draft=None, saved=None, topic=topic, doc=doc)
    else:
        ctx.show(Step.OUTLINE, draft=None, saved=None, doc=doc)


@router.action(
    Action.KIND,
    leads_to=(Step.DOCS, Step.OUTLINE, Step.SECTION, Step.COMPOSE, *amend.BEGINS),
)
def _kind(ctx: Ctx, value: str) -> None:
    doc = q.row(ctx.session, Document, ctx.data.get("doc", 0))
    kind = kind_of(value)
    if doc is None or kind is None or not open_document(ctx, doc):
        ctx.show(Step.DOCS)
        return
    if DOCUMENT in kind.offered_on:
        ctx.show(Step.COMPOSE, draft=CommentDraft(kind, doc.id))
        return
    sec = as_int(ctx.data.get("sec", "")) if ctx.step == Step.SECTION else None
    if sec is None:
        ctx.show(Step.OUTLINE)
        return
    draft = CommentDraft(kind, doc.id, "section", sec=sec)
    if kind.amendment:
        amend.begin(ctx, draft.with_(target="paragraph"))
    elif kind in (CommentKind.AGREE, CommentKind.DISAGREE):
        _stance(ctx, draft)
    else:
        ctx.show(Step.COMPOSE, draft=draft)


def _stance(ctx: Ctx, draft: CommentDraft) -> None:
    """«Nhất trí»: saved, and on to the next section (the acknowledgement and «Hoàn tác» above it). «Không nhất
    trí»: saved, the section stays, with its reason asked for (typed next, optional). The same stance again on
    the same section is the one already saved: nothing new is stored."""
    before = q.my_stances(ctx.session, ctx.participant.id, draft.sec or 0)
    same = [sid for sid, kind in before if kind == draft.kind]
    cid = same[0] if same else save(ctx, draft)
    if cid is None:
        ctx.show(Step.DOCS, draft=None)
        return
    sec = q.row(ctx.session, Section, draft.sec)
    target = target_label(ctx, draft)
    ack = t(f"chat.view.ack.{draft.kind}", target=target)
    # One stance per person and section: a new one replaces what they said before («Hoàn tác» brings it back).
    replaced = [] if same else before
    q.withdraw_comments(ctx.session, [sid for sid, _ in replaced], ctx.now)
    if replaced:
        kinds = ", ".join(sorted({t(f"chat.kind.{kind.value}") for _, kind in replaced}))
        ack += "\n" + t("chat.view.ack.replaced", kinds=kinds)
        ctx.data["replaced"] = [cid, [sid for sid, _ in replaced]]
    else:
        ctx.data.pop("replaced", None)
    acknowledge(ctx, ack, undo=None if same else (cid, "a"), toast=t("chat.view.toast.saved"))
    if draft.kind == CommentKind.DISAGREE or sec is None:
        ctx.data["reason_for"] = [cid, draft.sec]
        ctx.show(Step.SECTION, draft=None)
        return
    order = q.reading_order(ctx.session, sec.document_id)
    nxt = next((sid for sid, o in order if o > sec.order), None)
    if nxt is None:
        ctx.data["ack"] += "\n" + t("chat.view.last")
        ctx.show(Step.OUTLINE, draft=None)
    else:
        ctx.show(Step.SECTION, sec=nxt, draft=None, spage=None)


@router.on_text(Step.SECTION, Step.TOPIC, leads_to=(Step.SAVED, Step.SECTION, Step.OUTLINE, Step.DOCS))
def _typed_on_view(ctx: Ctx, text: str) -> None:
    """Words typed while reading: saved at once as a comment on what is read («Ý kiến khác»), or as the reason of
    the «Không nhất trí» just tapped here."""
    if is_back(text):
        ctx.show(Step.OUTLINE, draft=None)
        return
    if is_next(text):  # "tiếp", "mục sau": reading on, not a comment
        _next_section(ctx)
        return
    if lacks_words(ctx, text):
        return
    reason = ctx.data.get("reason_for")
    awaited = ctx.step == Step.SECTION and isinstance(reason, list) and reason[1:] == [ctx.data.get("sec")]
    # "ok", "cảm ơn", "không": asked before it becomes an opinion; a short reason asked for is taken as it is.
    if _short(text) and (not awaited or is_chit_chat(text)):
        _ask_short(ctx, text)
        return
    _typed(ctx, text)


def _typed(ctx: Ctx, text: str) -> None:
    """Words typed on a section or a topic: the reason of the «Không nhất trí» just tapped here, else a comment."""
    doc = as_int(ctx.data.get("doc", ""))
    if doc is None:
        ctx.reshow()
        return
    reason_for = ctx.data.pop("reason_for", None)
    if ctx.step == Step.SECTION and isinstance(reason_for, list) and len(reason_for) == 2:
        comment = owned_comment(ctx, reason_for[0])
        if comment is not None and reason_for[1] == ctx.data.get("sec") and not comment.text:
            draft = comment_draft(comment).with_(origin=None, text=text, edit=comment.id)
            if save(ctx, draft, edited=False) is not None:
                _first_part(ctx, comment.id, text)
                ctx.show(Step.SAVED, saved=comment.id, draft=None, **{"from": None})
            return
    _save_typed(ctx, doc, text)


def _short(text: str) -> bool:
    return len(text.split()) < SHORT_WORDS


def _save_typed(ctx: Ctx, doc: int, text: str) -> None:
    """Words typed on a section or a topic, saved as «Ý kiến khác» on it."""
    draft = CommentDraft(CommentKind.OTHER, doc, text=text)
    if ctx.step == Step.TOPIC:
        draft = draft.with_(target="topic", topic=as_int(ctx.data.get("topic", "")))
    else:
        draft = draft.with_(target="section", sec=as_int(ctx.data.get("sec", "")))
    cid = save(ctx, draft)
    if cid is None:
        ctx.show(Step.DOCS, draft=None)
        return
    _first_part(ctx, cid, text)
    ctx.show(Step.SAVED, saved=cid, draft=None, **{"from": None})


def _next_section(ctx: Ctx) -> None:
    """On to the section after the one read (or commented on): "tiếp" typed."""
    sec = q.row(ctx.session, Section, ctx.data.get("sec", 0)) if ctx.step != Step.TOPIC else None
    order = q.reading_order(ctx.session, sec.document_id) if sec is not None else []
    nxt = next((sid for sid, o in order if sec is not None and o > sec.order), None)
    if nxt is None:
        ctx.show(Step.OUTLINE, draft=None, saved=None)
    else:
        ctx.show(Step.SECTION, sec=nxt, draft=None, saved=None, spage=None, **{"from": None})


def _ask_short(ctx: Ctx, text: str) -> None:
    """A word or two typed: record it (as an opinion, or added to the one just saved), or not."""
    ctx.data["short"] = text
    more = ctx.step == Step.SAVED
    ctx.say(
        t("chat.view.short_more" if more else "chat.view.short", text=text.strip()[:100]),
        [
            [ctx.button(t("chat.btn.short_add" if more else "chat.btn.short_yes"), Action.KEEP_SHORT, "y")],
            [ctx.button(t("chat.btn.short_no"), Action.KEEP_SHORT, "n")],
        ],
    )


router.also_offers(Step.SECTION, Action.KEEP_SHORT)
router.also_offers(Step.TOPIC, Action.KEEP_SHORT)
router.also_offers(Step.SAVED, Action.KEEP_SHORT)


@router.action(Action.KEEP_SHORT, leads_to=(Step.SAVED, Step.DOCS, *VIEWS))
def _keep_short(ctx: Ctx, answer: str) -> None:
    """The word or two asked about: kept («Ghi»), or dropped and the view shown again."""
    text = ctx.data.pop("short", None)
    if answer != "y" or not isinstance(text, str):
        ctx.reshow()
    elif ctx.step == Step.SAVED:
        comment = owned_comment(ctx, ctx.data.get("saved"))
        if comment is None:
            ctx.show(Step.DOCS, saved=None)
        else:
            _add(ctx, comment, text)
    else:
        _typed(ctx, text)


@router.action(Action.LOOSE_AS_GENERAL, leads_to=(Step.OUTLINE, Step.DOCS, Step.SAVED))
def _loose_as_general(ctx: Ctx, _arg: str) -> None:
    """The text typed on the outline, saved as «Góp ý chung cho toàn văn»."""
    text = ctx.data.pop("loose", None)
    doc = ctx.session.get(Document, ctx.data.get("doc", 0))
    if ctx.step != Step.OUTLINE or not isinstance(text, str) or doc is None:
        ctx.show(Step.OUTLINE, loose=None)
        return
    cid = save(ctx, CommentDraft(CommentKind.GENERAL, doc.id, "document", text=text))
    if cid is None:
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.SAVED, saved=cid, draft=None, **{"from": None})


# --- typing a comment: a kind chosen, or «Sửa» ---


@router.prompt(Step.COMPOSE, offers=(Action.CANCEL,), leads_to=(Step.DOCS,))
def _compose_prompt(ctx: Ctx) -> None:
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    target = target_label(ctx, draft)
    if draft.edit is not None:
        text = t("chat.view.compose.edit", text=_quoted(draft.text or "", EDIT_QUOTED))
    else:
        text = t(f"chat.view.compose.{draft.kind}", target=target)
        sec = q.row(ctx.session, Section, draft.sec) if draft.on_section else None
        if sec is not None:  # the section stays on screen while the comment is typed
            body = q.section_body(ctx.session, sec.id)
            text = section_text(ctx, sec, body, position=_position(ctx, sec)) + "\n\n" + text
    ctx.say(text, [[ctx.button(t("chat.btn.cancel"), Action.CANCEL)]])


def _position(ctx: Ctx, sec: Any) -> tuple[int, int]:
    order = q.reading_order(ctx.session, sec.document_id)
    return sum(1 for _, o in order if o <= sec.order), len(order)


@router.on_text(Step.COMPOSE, leads_to=(Step.SAVED, Step.DOCS, *VIEWS))
def _compose_text(ctx: Ctx, text: str) -> None:
    draft = ctx.draft
    if draft is None:
        ctx.show(Step.DOCS)
        return
    if is_cancel(text):  # "về", "thôi" may be the comment itself: only "quay lại" and "huỷ" leave
        cancel(ctx)
        return
    if lacks_words(ctx, text, empty="chat.compose.text_required"):
        return
    if len(text) > ctx.config.max_comment_length:
        ctx.say_key("chat.compose.total_too_long", limit=ctx.config.max_comment_length)
        return
    cid = save(ctx, draft.with_(text=text))
    if cid is None:
        if draft.edit is not None:  # the saved comment stays: back where the edit started
            back_to(ctx, draft)
        else:  # the window closed meanwhile: the drafts, this one shown closed (as a stance or a typed comment)
            ctx.show(Step.DOCS, draft=None)
        return
    _first_part(ctx, cid, text)
    if draft.edit is not None:
        acknowledge(ctx, t("chat.view.updated"))
    ctx.show(Step.SAVED, saved=cid, draft=None, **{"from": "mine" if draft.origin == "mine" else None})


@router.action(Action.CANCEL, leads_to=VIEWS)
def _cancel(ctx: Ctx, _arg: str) -> None:
    """«Huỷ» while typing or choosing: nothing more is saved; back where it started."""
    cancel(ctx)


def cancel(ctx: Ctx) -> None:
    draft = ctx.draft
    acknowledge(ctx, t("chat.view.cancelled"))
    back_to(ctx, draft)


# --- a comment just saved ---


@router.prompt(
    Step.SAVED,
    offers=(Action.EDIT, Action.WITHDRAW, Action.SECTION, Action.TOC, Action.MINE_PAGE),
    leads_to=(Step.DOCS,),
)
def _saved_prompt(ctx: Ctx) -> None:
    comment = owned_comment(ctx, ctx.data.get("saved"))
    if comment is None:
        ctx.show(Step.DOCS, saved=None)
        return
    draft = comment_draft(comment)
    target = target_label(ctx, draft, path=True)
    if comment.kind.amendment:
        new = comment.proposed_text or ""
        proposal = t("chat.view.proposal_new", new=new) if new else t("chat.view.proposal_delete")
        reason = t("chat.view.saved_reason", reason=_quoted(comment.reason)) if comment.reason else ""
        text = t(
            "chat.view.saved_amend",
            target=target,
            quote=comment.quoted_original or "",
            proposal=proposal,
            reason=reason,
        )
        text += "\n\n" + t("chat.view.saved_more_reason" if comment.reason else "chat.view.saved_ask_reason")
    else:
        kind = t(f"chat.kind.{comment.kind.value}")
        text = t("chat.view.saved", kind=kind, target=target, text=_quoted(comment.text or ""))
        text += "\n\n" + t("chat.view.saved_more")
    ack = ctx.data.pop("ack", None)
    if isinstance(ack, str) and ack:
        text = f"{ack}\n\n{text}"
    ctx.data.pop("undo", None)
    rows: list[list[Choice]] = [
        [ctx.button(t("chat.btn.edit"), Action.EDIT), ctx.button(t("chat.btn.withdraw"), Action.WITHDRAW)]
    ]
    if ctx.data.get("from") == "mine":
        page = as_int(ctx.data.get("mpage", 1)) or 1  # the page it was edited from
        rows.append([ctx.button(t("chat.btn.help.ykiencuatoi"), Action.MINE_PAGE, page)])
    sec = q.row(ctx.session, Section, comment.section_id) if comment.section_id else None
    if sec is not None:
        rows += nav_row(ctx, sec)
    rows.append([ctx.button(t("chat.btn.toc"), Action.TOC)])
    ctx.goto(Step.SAVED, doc=comment.document_id, **({"sec": sec.id} if sec is not None else {}))
    ctx.say(text, rows)


@router.on_text(Step.SAVED, leads_to=(*VIEWS,))
def _more(ctx: Ctx, text: str) -> None:
    """Text typed after a comment is saved adds to it (a long comment comes in several messages); after an
    amendment it is the reason. "tiếp" reads on; a word or two is asked about first."""
    comment = owned_comment(ctx, ctx.data.get("saved"))
    if comment is None:
        ctx.show(Step.DOCS, saved=None)
        return
    if is_back(text):
        back_to(ctx, comment)
        return
    if is_next(text):
        _next_section(ctx)
        return
    if lacks_words(ctx, text):
        return
    before = (comment.reason if comment.kind.amendment else comment.text) or ""
    first_reason = comment.kind.amendment and not before.strip()  # asked for: a short one is taken as it is
    if _short(text) and len(before) < SPLIT_BY_PHONE and (not first_reason or is_chit_chat(text)):
        _ask_short(ctx, text)  # (a long message's tail, split by the phone, goes on in without asking)
        return
    _add(ctx, comment, text)


def _add(ctx: Ctx, comment: Comment, text: str) -> None:
    """`text` added to the saved comment (an amendment: to its reason), the parts in the order they were sent."""
    draft = comment_draft(comment).with_(origin=None, edit=comment.id)
    before = (comment.reason if comment.kind.amendment else comment.text) or ""
    parts = _with_part(ctx, comment.id, before, text)
    body = _body(parts)
    draft = draft.with_(reason=body) if comment.kind.amendment else draft.with_(text=body)
    if len(body) > ctx.config.max_comment_length:  # nothing changes: what is saved stays
        ctx.say_key("chat.compose.total_too_long", limit=ctx.config.max_comment_length)
        return
    if save(ctx, draft, edited=False) is None:
        back_to(ctx, comment)
        return
    ctx.data["parts"] = [comment.id, [[seq, part] for seq, part in parts]]
    first_reason = comment.kind.amendment and not before.strip()
    acknowledge(ctx, t("chat.view.reason_added" if first_reason else "chat.view.added"))
    ctx.show(Step.SAVED)


# A comment typed in several messages (a long one is split by the phone) is joined in the order they were sent:
# two workers may take its parts in another order, the platform's update ids say which came first. The parts of
# the comment just saved are kept in the state (`data["parts"]`: its id and [seq, words] pairs).


def _first_part(ctx: Ctx, comment_id: int, text: str) -> None:
    """The words just saved as comment `comment_id`: its first part."""
    ctx.data["parts"] = [comment_id, [[ctx.seq if ctx.seq is not None else 1, text]]]


def _with_part(ctx: Ctx, comment_id: int, before: str, text: str) -> list[tuple[int, str]]:
    """The parts of the comment (saved as `before`) with `text`, in the order sent. Parts not kept, or no longer
    what is saved (edited since): what is saved comes first."""
    kept = ctx.data.get("parts")
    parts: list[tuple[int, str]] = []
    if isinstance(kept, list) and len(kept) == 2 and kept[0] == comment_id and isinstance(kept[1], list):
        parts = [(p[0], str(p[1])) for p in kept[1] if isinstance(p, list) and len(p) == 2 and isinstance(p[0], int)]
        if _body(parts) != before:
            parts = []
    if not parts and before.strip():
        parts = [(-1, before)]
    seq = ctx.seq if ctx.seq is not None else max((s for s, _ in parts), default=0) + 1
    return sorted([*parts, (seq, text)], key=lambda p: p[0])


def _body(parts: list[tuple[int, str]]) -> str:
    """The parts one a line, the first as typed."""
    body = ""
    for _, part in parts:
        body = f"{body.rstrip()}\n{part.strip()}" if body.strip() else part
    return body


@router.action(Action.EDIT, leads_to=(Step.COMPOSE, Step.AMEND_NEW, Step.DOCS, *VIEWS))
def _edit(ctx: Ctx, _arg: str) -> None:
    """«Sửa»: the words typed again (an amendment: its proposed wording)."""
    comment = owned_comment(ctx, ctx.data.get("saved"))
    if comment is None or not window_open(ctx, comment.document_id, change=True):
        back_to(ctx, comment)
        return
    start_edit(ctx, comment, origin=ctx.data.get("from"))


def start_edit(ctx: Ctx, comment: Comment, *, origin: object) -> None:
    draft = comment_draft(comment).with_(edit=comment.id, origin=origin if origin == "mine" else None)
    if comment.kind.amendment:
        ctx.show(Step.AMEND_NEW, draft=draft, saved=None)
    else:
        ctx.show(Step.COMPOSE, draft=draft, saved=None)


@router.action(Action.WITHDRAW, leads_to=(Step.DOCS, *VIEWS))
def _withdraw(ctx: Ctx, _arg: str) -> None:
    """«Rút lại»: withdrawn at once, with «Hoàn tác» on the view it belongs to."""
    back_to(ctx, withdraw_said(ctx, ctx.data.get("saved")))


def withdraw_said(ctx: Ctx, comment_id: object) -> Comment | None:
    """The comment withdrawn, said on the next view with «Hoàn tác» (and a toast); None and said why if it cannot."""
    comment = withdraw(ctx, comment_id)
    if comment is not None:
        target = target_label(ctx, comment_draft(comment))
        acknowledge(
            ctx,
            t("chat.view.ack.withdrawn", target=target),
            undo=(comment.id, "w"),
            toast=t("chat.view.toast.withdrawn"),
        )
    return comment


def _restore_replaced(ctx: Ctx, comment_id: int) -> None:
    """The stances a stance just undone had replaced count again (`data["replaced"]`, set by `_stance`)."""
    replaced = ctx.data.pop("replaced", None)
    if not (isinstance(replaced, list) and len(replaced) == 2 and replaced[0] == comment_id):
        return
    for old_id in replaced[1] if isinstance(replaced[1], list) else []:
        old = ctx.session.get(Comment, as_int(old_id) or 0)
        if old is not None and old.participant_id == ctx.participant.id:
            old.withdrawn_at = None


@router.action(Action.UNDO, leads_to=(Step.DOCS, *VIEWS))
def _undo(ctx: Ctx, arg: str) -> None:
    """«Hoàn tác»: a comment just saved is taken back ("a…"), one just withdrawn counts again ("w…")."""
    op, cid = arg[:1], arg[1:]
    if op == "a":
        comment = withdraw(ctx, cid)
        if comment is not None:
            acknowledge(ctx, t("chat.view.ack.undone"), toast=t("chat.view.toast.undone"))
            _restore_replaced(ctx, comment.id)
    elif op == "w":
        comment = restore(ctx, cid)
        if comment is not None:
            target = target_label(ctx, comment_draft(comment))
            acknowledge(ctx, t("chat.view.ack.restored", target=target), toast=t("chat.view.toast.undone"))
    else:
        comment = None
    if comment is None:
        ctx.reshow()
        return
    ctx.data.pop("reason_for", None)
    if ctx.step == Step.MINE:  # pressed under /ykiencuatoi: the list again
        ctx.show(Step.MINE)
    else:
        back_to(ctx, comment)
