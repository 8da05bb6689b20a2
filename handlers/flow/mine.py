"""/ykiencuatoi: my comments, each editable or withdrawable while its window is open."""

from __future__ import annotations

from sqlalchemy import func, select

from core.messages import t
from core.text import as_int
from handlers import queries as q
from handlers.context import Ctx
from handlers.flow.compose import closed_for_change, comment_draft, owned_comment, summary, target_label
from handlers.flow.paging import page_nav
from handlers.flow.registry import action, on_text, prompt, show
from handlers.types import Choice
from storage.models import Comment, Document

SHOWN = 10


@prompt("mine")
def _mine_prompt(ctx: Ctx) -> None:
    mine = (Comment.participant_id == ctx.participant.id, Comment.withdrawn_at.is_(None))
    total = int(ctx.session.scalar(select(func.count()).select_from(Comment).where(*mine)) or 0)
    if not total:
        ctx.say(t("chat.mine.none"), [[ctx.button(t("chat.btn.mine_to_docs"), "docs")]])
        return
    pages = -(-total // SHOWN)
    page = min(max(1, as_int(ctx.data.get("mpage", 1)) or 1), pages)
    ctx.data["mpage"] = page
    comments = ctx.session.scalars(
        select(Comment).where(*mine).order_by(Comment.id.desc()).offset((page - 1) * SHOWN).limit(SHOWN)
    )
    items: list[str] = []
    rows: list[list[Choice]] = []
    for n, comment in enumerate(comments, start=(page - 1) * SHOWN + 1):
        editable = q.is_open(q.window(ctx.session, comment.document_id, ctx.participant.audience), ctx.now)
        items.append(_item(ctx, n, comment, editable))
        if editable:
            rows.append(
                [
                    ctx.button(t("chat.btn.mine_edit", n=n), "me", comment.id),
                    ctx.button(t("chat.btn.mine_withdraw", n=n), "mw", comment.id),
                ]
            )
    rows.extend(page_nav(ctx, "mpg", page, pages))
    header = t("chat.mine.header", n=total, page=t("chat.mine.page", page=page, pages=pages) if pages > 1 else "")
    ctx.say(header + "\n\n" + "\n\n".join(items), rows)


def _item(ctx: Ctx, n: int, comment: Comment, editable: bool) -> str:
    status = t("chat.mine.edited") if comment.edited_at else ""
    if not editable:
        status += t("chat.mine.closed")
    draft = comment_draft(comment)
    return t(
        "chat.mine.item",
        n=n,
        kind=t(f"chat.kind.{comment.kind.value}"),
        target=target_label(ctx, draft, path=True),
        status=status,
        text=summary(ctx, draft).split("\n", 2)[-1],
    )


@action("mpg")
def _page(ctx: Ctx, arg: str) -> None:
    show(ctx, "mine", mpage=as_int(arg) or 1)


def _comment_or_list(ctx: Ctx, arg: str, *, withdraw: bool) -> Comment | None:
    """The comment to edit or withdraw; None (and back to the list) when it is gone or its window has closed."""
    comment = owned_comment(ctx, arg)
    if comment is None:
        ctx.say_key("chat.mine.not_found")
        show(ctx, "mine")
        return None
    win = q.window(ctx.session, comment.document_id, ctx.participant.audience)
    if not q.is_open(win, ctx.now):  # said now, before anything is typed for nothing
        doc = ctx.session.get(Document, comment.document_id)
        closed_for_change(ctx, doc.title if doc else "", win, withdraw=withdraw)
        return None
    return comment


@action("me")
def _edit(ctx: Ctx, arg: str) -> None:
    """Its current content first, then: type the new text, pick another kind, or redo a part of an amendment."""
    comment = _comment_or_list(ctx, arg, withdraw=False)
    if comment is not None:
        show(ctx, "redo", draft=comment_draft(comment) | {"edit": comment.id})


@action("mw")
def _withdraw(ctx: Ctx, arg: str) -> None:
    comment = _comment_or_list(ctx, arg, withdraw=True)
    if comment is not None:
        show(ctx, "confirm", draft=comment_draft(comment) | {"withdraw": comment.id})


@on_text("mine")
def _typed_on_list(ctx: Ctx, _text: str) -> None:
    """Text typed on the list is not a comment: said so, and how to edit one or write a new one."""
    ctx.say_key("chat.mine.typed")
    show(ctx, "mine")
