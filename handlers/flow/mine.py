"""/ykiencuatoi: my comments, each editable or withdrawable while its window is open."""

from __future__ import annotations

from core.messages import t
from core.text import as_int
from handlers.context import Ctx
from handlers.flow.browse import undo_row
from handlers.flow.compose import start_edit, withdraw_said
from handlers.flow.paging import page_nav
from handlers.flow.router import Router
from handlers.flow.saving import window_open
from handlers.labels import summary, target_label
from handlers.record import comment_draft, owned_comment
from handlers.states import Action, Step
from handlers.types import Choice
from storage import queries as q
from storage.models import Comment

router = Router(__name__)

SHOWN = 10
ITEM_CHARS = 400  # of each comment in the list: ten of them fit in one or two messages; «Sửa #n» shows it whole


@router.prompt(
    Step.MINE, offers=(Action.DOCUMENTS, Action.MINE_EDIT, Action.MINE_WITHDRAW, Action.MINE_PAGE, Action.UNDO)
)
def _mine_prompt(ctx: Ctx) -> None:
    total = q.my_comment_count(ctx.session, ctx.participant.id)
    ack = ctx.data.pop("ack", None)
    ack = f"{ack}\n\n" if isinstance(ack, str) and ack else ""
    undo = undo_row(ctx)
    if not total:
        ctx.say(ack + t("chat.mine.none"), [[ctx.button(t("chat.btn.mine_to_docs"), Action.DOCUMENTS)], *undo])
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
    rows += undo  # last: the buttons above keep their places after a tap
    header = t("chat.mine.header", n=total, page=t("chat.mine.page", page=page, pages=pages) if pages > 1 else "")
    ctx.say(ack + header + "\n\n" + "\n\n".join(items), rows)


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


@router.action(Action.MINE_EDIT, leads_to=(Step.MINE, Step.COMPOSE, Step.AMEND_NEW))
def _edit(ctx: Ctx, arg: str) -> None:
    """«Sửa #n»: its words typed again (an amendment: its proposed wording); back here once saved."""
    comment = owned_comment(ctx, arg)
    if comment is None:
        ctx.say_key("chat.mine.not_found")
        ctx.show(Step.MINE)
    elif not window_open(ctx, comment.document_id, change=True):  # said now, before anything is typed for nothing
        ctx.show(Step.MINE)
    else:
        start_edit(ctx, comment, origin="mine")


@router.action(Action.MINE_WITHDRAW, leads_to=(Step.MINE,))
def _withdraw(ctx: Ctx, arg: str) -> None:
    """«Rút #n»: withdrawn at once, «Hoàn tác» under the list."""
    withdraw_said(ctx, arg)
    ctx.show(Step.MINE)


@router.on_text(Step.MINE)
def _typed_on_list(ctx: Ctx, _text: str) -> None:
    """Text typed on the list is not a comment: said so, and how to edit one or write a new one."""
    ctx.say_key("chat.mine.typed")
    ctx.reshow()
