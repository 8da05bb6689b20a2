"""Read helpers over the draft and the plan, shared by the steps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.text import as_utc
from storage.models import Audience, CommentWindow, Document, GuidedTopic, Paragraph, Section


def window(session: Session, document_id: int, audience: Audience) -> CommentWindow | None:
    return session.scalars(
        select(CommentWindow).where(CommentWindow.document_id == document_id, CommentWindow.audience == audience)
    ).first()


def is_open(win: CommentWindow | None, now: datetime) -> bool:
    return win is not None and as_utc(win.opens_at) <= now < as_utc(win.closes_at)


def documents_for(session: Session, audience: Audience) -> list[tuple[Document, CommentWindow]]:
    rows = session.execute(
        select(Document, CommentWindow)
        .join(CommentWindow, CommentWindow.document_id == Document.id)
        .where(CommentWindow.audience == audience)
        .order_by(Document.order, Document.id)
    ).all()
    return [(d, w) for d, w in rows]


def outline(session: Session, document_id: int) -> list[tuple[int, str, str, int]]:
    """(id, label, title, depth) of every section, in document order."""
    rows = session.execute(
        select(Section.id, Section.label, Section.title, Section.depth)
        .where(Section.document_id == document_id)
        .order_by(Section.order)
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def position(session: Session, section: Section) -> tuple[int, int]:
    """(1-based position, total) of a section in its document."""
    before = session.scalar(
        select(func.count()).where(Section.document_id == section.document_id, Section.order <= section.order)
    )
    total = session.scalar(select(func.count()).where(Section.document_id == section.document_id))
    return int(before or 0), int(total or 0)


def next_section(session: Session, section: Section) -> Section | None:
    return session.scalars(
        select(Section)
        .where(Section.document_id == section.document_id, Section.order > section.order)
        .order_by(Section.order)
        .limit(1)
    ).first()


def paragraphs(session: Session, section_id: int) -> list[Paragraph]:
    return list(session.scalars(select(Paragraph).where(Paragraph.section_id == section_id).order_by(Paragraph.number)))


def topics(session: Session, document_id: int) -> list[GuidedTopic]:
    return list(
        session.scalars(select(GuidedTopic).where(GuidedTopic.document_id == document_id).order_by(GuidedTopic.order))
    )
