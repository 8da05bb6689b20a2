"""Attach a parsed draft (drafts.Outline) to a planned document: its sections, paragraphs, footnotes, tables."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from drafts.model import Outline
from drafts.model import Section as DraftSection
from storage.errors import UserError
from storage.models import Comment, Document, DraftTable, Footnote, Paragraph, Section


def import_outline(s: Session, doc: Document, outline: Outline) -> int:
    """Replace the document's sections with the outline's. Refused once comments point into the old sections."""
    old_ids = select(Section.id).where(Section.document_id == doc.id)
    pinned = s.scalar(select(func.count()).select_from(Comment).where(Comment.section_id.in_(old_ids)))
    if pinned:
        raise UserError("drafts.has_comments", document=doc.code, count=pinned)
    s.execute(delete(Section).where(Section.document_id == doc.id))
    s.expire(doc, ["sections"])
    order = 0
    paragraphs: list[dict[str, object]] = []
    footnotes: list[dict[str, object]] = []
    tables: list[dict[str, object]] = []

    def add(node_list: list[DraftSection], parent_id: int | None) -> None:
        nonlocal order
        for node in node_list:
            row = Section(
                document_id=doc.id,
                parent_id=parent_id,
                order=order,
                label=node.label,
                title=node.title,
                depth=node.depth,
                page=node.position.page,
                line=node.position.line,
            )
            order += 1
            s.add(row)
            s.flush()
            paragraphs.extend(
                {
                    "section_id": row.id,
                    "number": p.number,
                    "label": p.label,
                    "text": p.text,
                    "page": p.position.page,
                    "line": p.position.line,
                    "lines": [list(start) for start in p.lines] or None,
                }
                for p in node.paragraphs
            )
            footnotes.extend({"section_id": row.id, "mark": f.mark, "text": f.text} for f in node.footnotes)
            tables.extend({"section_id": row.id, "order": i, "rows": t.rows} for i, t in enumerate(node.tables))
            add(node.children, row.id)

    add(outline.sections, None)
    for model, rows in ((Paragraph, paragraphs), (Footnote, footnotes), (DraftTable, tables)):
        if rows:
            s.execute(insert(model), rows)
    return order


def import_draft_file(s: Session, path: Path, document_code: str) -> tuple[int, list[str]]:
    """`gopy draft import FILE --document CODE`: read the file, then attach it. Returns the number of sections and
    the reader's warnings (catalog keys with their `params`, e.g. a Word draft read without its printed pages)."""
    from drafts import DraftError, read_draft

    doc = s.scalar(select(Document).where(Document.code == document_code))
    if doc is None:
        raise UserError("drafts.unknown_document", document=document_code)
    try:
        outline = read_draft(path)
    except DraftError as exc:
        raise UserError(exc.code, **exc.params) from exc
    count = import_outline(s, doc, outline)
    doc.source_file, doc.source_digest = str(path.resolve()), file_digest(path)
    return count, list(outline.warnings)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
