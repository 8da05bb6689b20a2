"""/ykiencuatoi: my comments, each editable or withdrawable while its window is open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from handlers import queries as q
from handlers.context import Ctx
from handlers.flow.compose import begin, owned_comment, summary
from handlers.flow.registry import action, prompt, show
from handlers.messages import t
from handlers.types import Choice
from storage.models import Comment, CommentKind

SHOWN = 10


def _draft_of(comment: Comment) -> dict[str, Any]:
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
    else:
        draft["text"] = comment.text
    return draft


@prompt("mine")
def _mine_prompt(ctx: Ctx) -> None:
    comments = list(
        ctx.session.scalars(
            select(Comment)
            .where(Comment.participant_id == ctx.participant.id, Comment.withdrawn_at.is_(None))
            .order_by(Comment.id.desc())
            .limit(SHOWN)
        )
    )
    if not comments:
        ctx.say_key("chat.mine.none")
        return
    items: list[str] = []
    rows: list[list[Choice]] = []
    for n, comment in enumerate(comments, start=1):
        editable = q.is_open(q.window(ctx.session, comment.document_id, ctx.participant.audience), ctx.now)
        status = t("chat.mine.edited") if comment.edited_at else ""
        if not editable:
            status += t("chat.mine.closed")
        draft = _draft_of(comment)
        body = summary(ctx, draft).split("\n", 2)[-1]
        items.append(
            t(
                "chat.mine.item",
                n=n,
                kind=t(f"chat.kind.{comment.kind.value}"),
                target=_target(ctx, draft),
                status=status,
                text=body,
            )
        )
        if editable:
            rows.append(
                [
                    ctx.button(t("chat.btn.mine_edit", n=n), "me", comment.id),
                    ctx.button(t("chat.btn.mine_withdraw", n=n), "mw", comment.id),
                ]
            )
    ctx.say(t("chat.mine.header", n=len(comments)) + "\n\n" + "\n\n".join(items), rows)


def _target(ctx: Ctx, draft: dict[str, Any]) -> str:
    from handlers.flow.compose import target_label

    return target_label(ctx, draft)


def _comment_or_list(ctx: Ctx, arg: str) -> Comment | None:
    comment = owned_comment(ctx, arg)
    if comment is None:
        ctx.say_key("chat.mine.not_found")
        show(ctx, "mine")
    return comment


@action("me")
def _edit(ctx: Ctx, arg: str) -> None:
    comment = _comment_or_list(ctx, arg)
    if comment is not None:
        draft = _draft_of(comment)
        begin(
            ctx,
            {k: v for k, v in draft.items() if k not in ("text", "quote", "new", "reason", "para")}
            | {"edit": comment.id},
        )


@action("mw")
def _withdraw(ctx: Ctx, arg: str) -> None:
    comment = _comment_or_list(ctx, arg)
    if comment is not None:
        show(ctx, "confirm", draft=_draft_of(comment) | {"withdraw": comment.id})
