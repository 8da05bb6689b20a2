"""Saving a comment the moment it is said: a stance tapped, words typed. Nothing waits for a confirmation, so nothing
acknowledged is ever unsaved; «Sửa», «Rút lại» and «Hoàn tác» change it afterwards while its window is open."""

from __future__ import annotations

from core.clock import local_date
from core.messages import t
from core.text import as_int, has_words, label_key
from handlers.context import Ctx
from handlers.draft import CommentDraft
from handlers.record import fill, owned_comment
from storage import conversation
from storage import queries as q
from storage.models import Comment, Document, Source

_BACK = frozenset(label_key(word) for word in t("chat.view.back_words").split("|"))


_CANCEL = frozenset(label_key(word) for word in t("chat.view.cancel_words").split("|"))
_CHAT = frozenset(label_key(word) for word in t("chat.view.chat_words").split("|"))
_NEXT = frozenset(label_key(word) for word in t("chat.view.next_words").split("|"))


def is_back(text: str) -> bool:
    """ "quay lại", "trở về", "mục lục"… typed: the person wants to go back, not to comment."""
    return label_key(text) in _BACK


def is_cancel(text: str) -> bool:
    """Where words are being asked for (a comment, a new wording), only "quay lại" or "huỷ" mean leaving: "về" or
    "thôi" may be the words themselves."""
    return label_key(text) in _CANCEL


def is_chit_chat(text: str) -> bool:
    """ "ok", "vâng", "cảm ơn"…: courtesy, never an opinion or a reason without asking."""
    return label_key(text) in _CHAT


def is_next(text: str) -> bool:
    """ "tiếp", "mục sau"… typed: the person wants to read on, not to comment."""
    return label_key(text) in _NEXT


def lacks_words(ctx: Ctx, text: str, *, empty: str = "chat.compose.empty") -> bool:
    """True (and said why) when `text` has no letter or digit: an empty message asks with `empty`."""
    if has_words(text):
        return False
    ctx.say_key("chat.compose.need_words" if text.strip() else empty)
    return True


def window_open(ctx: Ctx, document_id: int, *, change: bool = False) -> bool:
    """True when the participant's window on the draft is open; else said (`change`: a saved comment stays)."""
    win = q.window(ctx.session, document_id, ctx.participant.audience)
    if q.is_open(win, ctx.now):
        return True
    doc = ctx.session.get(Document, document_id)
    closes = local_date(win.closes_at) if win is not None else "—"
    key = "chat.view.closed_change" if change else "chat.view.closed"
    ctx.say_key(key, title=doc.title if doc else "", closes=closes)
    return False


def save(ctx: Ctx, draft: CommentDraft, *, edited: bool = True) -> int | None:
    """Store what `draft` says: a new comment, or the saved one it edits. Its id; None (and said why) when the
    window is closed or the comment is not this participant's any more. `edited` False: words added to a comment
    just saved (its reason, a further part), which is not marked as edited («Sửa» is)."""
    if not window_open(ctx, draft.doc, change=draft.edit is not None):
        return None
    if draft.edit is not None:
        comment = owned_comment(ctx, draft.edit)
        if comment is None:
            ctx.say_key("chat.mine.not_found")
            return None
        fill(ctx, comment, draft)
        if edited:
            comment.edited_at = ctx.now
        return comment.id
    inc, p = ctx.incoming, ctx.participant
    # One comment per delivery: a redelivered update fails on this key (and on the delivery's own) and changes
    # nothing; a platform's ids are reused (Telegram after a week), the state version tells those apart.
    key = f"{inc.channel}:p{p.id}:v{ctx.version}:u{inc.update_id or ''}"[:96]
    comment = Comment(
        document_id=draft.doc,
        participant_id=p.id,
        audience=p.audience,
        unit_id=p.unit_id,
        area_id=p.area_id,
        channel=inc.channel,
        source=Source.INDIVIDUAL,
        idempotency_key=key,
    )
    fill(ctx, comment, draft)
    return conversation.insert_comment(ctx.session, comment)  # stored before anything says "Đã ghi nhận"


def withdraw(ctx: Ctx, comment_id: object) -> Comment | None:
    """The participant's comment withdrawn (its window open); None and said why otherwise."""
    comment = owned_comment(ctx, comment_id)
    if comment is None:
        ctx.say_key("chat.mine.not_found")
        return None
    if not window_open(ctx, comment.document_id, change=True):
        return None
    comment.withdrawn_at = ctx.now
    return comment


def restore(ctx: Ctx, comment_id: object) -> Comment | None:
    """A comment the participant just withdrew, counted again (its window open)."""
    key = as_int(comment_id)
    comment = ctx.session.get(Comment, key) if key is not None else None
    if comment is None or comment.participant_id != ctx.participant.id:
        ctx.say_key("chat.mine.not_found")
        return None
    if not window_open(ctx, comment.document_id, change=True):
        return None
    comment.withdrawn_at = None
    return comment
