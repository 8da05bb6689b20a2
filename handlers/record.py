"""A comment draft as it is stored (`fill`), a stored comment as a draft again (`comment_draft`), and the
participant's own comments (`owned_comment`)."""

from __future__ import annotations

from core.text import as_int, nfc
from drafts import position_of
from handlers.context import Ctx
from handlers.draft import CommentDraft
from storage import queries as q
from storage.models import Comment, Section, TargetKind


def owned_comment(ctx: Ctx, comment_id: object) -> Comment | None:
    key = as_int(comment_id)
    comment = ctx.session.get(Comment, key) if key is not None else None
    if comment is None or comment.participant_id != ctx.participant.id or comment.withdrawn_at is not None:
        return None
    return comment


def fill(ctx: Ctx, comment: Comment, draft: CommentDraft) -> None:
    comment.kind = draft.kind
    comment.target_kind = TargetKind(draft.target)
    comment.topic_id = draft.topic if draft.target == "topic" else None
    comment.section_id = draft.sec if draft.target in ("section", "paragraph") else None
    comment.paragraph_id = comment.paragraph_no = comment.page = comment.line = None
    comment.quoted_original = comment.proposed_text = comment.reason = comment.quote_found = None
    if draft.target in ("section", "paragraph"):
        sec = q.row(ctx.session, Section, draft.sec)
        if sec is not None:
            comment.page, comment.line = sec.page, sec.line
    text = draft.text or ""
    if draft.amendment:
        para = q.paragraph(ctx.session, draft.sec, draft.para)
        if para is not None:
            comment.paragraph_id, comment.paragraph_no = para.id, para.number
            comment.page, comment.line = para.page, para.line
            if draft.quote and draft.quote_found and para.lines:  # where the quoted words start, as printed
                at = para.text.find(draft.quote)
                if at >= 0:
                    comment.page, comment.line = position_of(para, at)
        comment.quoted_original = draft.quote or ""
        comment.quote_found = draft.quote_found if draft.quote else None
        comment.proposed_text = draft.new or ""
        comment.reason = draft.reason or ""
        text = ""  # the reason is stored once, as the reason
    comment.text = text
    comment.text_norm = nfc(text)


def comment_draft(comment: Comment) -> CommentDraft:
    """A recorded comment as a draft: what "Sửa #n" starts from, and what /ykiencuatoi shows."""
    draft = CommentDraft(
        kind=comment.kind,
        doc=comment.document_id,
        target=comment.target_kind.value,
        topic=comment.topic_id or None,
        sec=comment.section_id or None,
        origin="mine",
    )
    if comment.kind.amendment:
        return draft.with_(
            para=comment.paragraph_no,
            quote=comment.quoted_original or "",
            new=comment.proposed_text or "",
            reason=comment.reason or "",
            quote_found=comment.quote_found,
        )
    return draft.with_(text=comment.text)
