"""/ykiencuatoi: my comments, each editable or withdrawable while its window is open."""

from __future__ import annotations

from core.messages import t
from core.text import as_int
from handlers.context import Ctx
from handlers.flow.compose import closed_for_change
from handlers.flow.paging import page_nav
from handlers.flow.router import Router
from handlers.labels import summary, target_label
from handlers.record import comment_draft, owned_comment
from handlers.states import Action, Step
from handlers.types import Choice
from storage import queries as q
from storage.models import Comment, Document

router = Router(__name__)

SHOWN = 10
ITEM_CHARS = 400  # of each comment in the list: ten of them fit in one or two messages; «Sửa #n» shows it whole


@router.prompt(Step.MINE, offers=(Action.DOCUMENTS, Action.MINE_EDIT, Action.MINE_WITHDRAW, Action.MINE_PAGE))
def _mine_prompt(ctx: Ctx) -> None:
    total = q.my_comment_count(ctx.session, ctx.participant.id)
    if not total:
        ctx.say(t("chat.mine.none"), [[ctx.button(t("chat.btn.mine_to_docs"), Action.DOCUMENTS)]])
        return
    pages = -(-total // SHOWN)
    page = min(max(1, as_int(ctx.data.get("mpage", 1)) or 1), pages)
    ctx.data["mpage"] = page
    comments = q.my_comments(ctx.session, ctx.participant.id, (page - 1) * SHOWN, SHOWN)
    items: list[str] = []
    rows: list[list[Choice]] = []
    for n, comment in enumerate(comments, start=(page - 1) * SHOWN + 1):
        editable = q.is_open(q.window(ctx.session, comment.document_id, ctx.participant.audience), ctx.now)
        items.append(_item(ctx, n, comment, editable))
        if editable:
            rows.append(
                [
                    ctx.button(t("chat.btn.mine_edit", n=n), Action.MINE_EDIT, comment.id),
                    ctx.button(t("chat.btn.mine_withdraw", n=n), Action.MINE_WITHDRAW, comment.id),
                ]
            )
    rows.extend(page_nav(ctx, Action.MINE_PAGE, page, pages))
    header = t("chat.mine.header", n=total, page=t("chat.mine.page", page=page, pages=pages) if pages > 1 else "")
    ctx.say(header + "\n\n" + "\n\n".join(items), rows)


def _item(ctx: Ctx, n: int, comment: Comment, editable: bool) -> str:
    status = t("chat.mine.edited") if comment.edited_at else ""
    if not editable:
        status += t("chat.mine.closed")
    draft = comment_draft(comment)
    text = summary(ctx, draft).split("\n", 2)[-1]
    if len(text) > ITEM_CHARS:
        text = text[: ITEM_CHARS - 1].rstrip() + "…"
    return t(
        "chat.mine.item",
        n=n,
        kind=t(f"chat.kind.{comment.kind.value}"),
        target=target_label(ctx, draft, path=True),
        status=status,
        text=text,
    )


@router.action(Action.MINE_PAGE, leads_to=(Step.MINE,))
def _page(ctx: Ctx, arg: str) -> None:
    ctx.show(Step.MINE, mpage=as_int(arg) or 1)


def _comment_or_list(ctx: Ctx, arg: str, *, withdraw: bool) -> Comment | None:
    """The comment to edit or withdraw; None (and back to the list) when it is gone or its window has closed."""
    comment = owned_comment(ctx, arg)
    if comment is None:
        ctx.say_key("chat.mine.not_found")
        ctx.show(Step.MINE)
        return None
    win = q.window(ctx.session, comment.document_id, ctx.participant.audience)
    if not q.is_open(win, ctx.now):  # said now, before anything is typed for nothing
        doc = ctx.session.get(Document, comment.document_id)
        closed_for_change(ctx, doc.title if doc else "", win, withdraw=withdraw)
        return None
    return comment


@router.action(Action.MINE_EDIT, leads_to=(Step.MINE, Step.REDO))
def _edit(ctx: Ctx, arg: str) -> None:
    """Its current content first, then: type the new text, pick another kind, or redo a part of an amendment."""
    comment = _comment_or_list(ctx, arg, withdraw=False)
    if comment is not None:
        ctx.show(Step.REDO, draft=comment_draft(comment).with_(edit=comment.id))


@router.action(Action.MINE_WITHDRAW, leads_to=(Step.MINE, Step.CONFIRM))
def _withdraw(ctx: Ctx, arg: str) -> None:
    comment = _comment_or_list(ctx, arg, withdraw=True)
    if comment is not None:
        ctx.show(Step.CONFIRM, draft=comment_draft(comment).with_(withdraw=comment.id))


@router.on_text(Step.MINE)
def _typed_on_list(ctx: Ctx, _text: str) -> None:
    """Text typed on the list is not a comment: said so, and how to edit one or write a new one."""
    ctx.say_key("chat.mine.typed")
    ctx.reshow()
