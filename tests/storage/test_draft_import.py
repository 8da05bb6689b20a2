"""A parsed draft stored under its planned document, on SQLite and PostgreSQL; re-import guarded by comments."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from drafts import Outline, parse_text
from storage.db import Database
from storage.draft_import import import_outline
from storage.errors import UserError
from storage.models import Comment, CommentKind, Document, DraftTable, Footnote, Paragraph, Section, TargetKind
from tests.factories import build_consultation


@pytest.fixture(scope="module")
def seed_outline(seed_dir: Path) -> Outline:
    lines = (seed_dir / "000_dc27f02452790365.txt").read_text(encoding="utf-8").splitlines()
    return parse_text("\n".join(lines[205:1081]))


def test_seed_draft_is_stored_in_order_with_footnotes_and_tables(any_db: Database, seed_outline: Outline) -> None:
    with any_db.unit() as s:
        doc = s.get(Document, build_consultation(s, sections=0).document_id)
        assert doc is not None
        assert import_outline(s, doc, seed_outline) == 75
    with any_db.unit() as s:
        rows = s.execute(
            sa.select(Section.id, Section.label, Section.depth, Section.parent_id).order_by(Section.order)
        ).all()
        assert [r.label for r in rows[:3]] == ["Phần thứ nhất", "I", "II"]
        part1 = [r.label for r in rows if r.parent_id == rows[0].id]
        assert part1 == ["I", "II", "II", "III", "IV"]  # the seed's numbering slip, kept in document order
        assert all(r.parent_id is not None for r in rows if r.depth > 0)
        footnote = s.scalars(sa.select(Footnote.text).where(Footnote.mark == "2")).first()
        assert footnote is not None and footnote.startswith("Tính đến hết năm 2024")
        item = s.scalars(sa.select(Paragraph).where(Paragraph.label == "(7)")).first()
        assert item is not None and "130 triệu đồng" in item.text
        assert s.execute(sa.select(sa.func.count()).select_from(DraftTable)).scalar_one() >= 8


def test_reimport_is_refused_once_comments_point_into_the_sections(any_db: Database, seed_outline: Outline) -> None:
    with any_db.unit() as s:
        built = build_consultation(s)
        s.add(Comment(document_id=built.document_id, audience="residents", target_kind=TargetKind.SECTION,
                      section_id=built.section_ids[0], kind=CommentKind.AGREE, channel="console"))  # fmt: skip
    with pytest.raises(UserError) as info, any_db.unit() as s:
        doc = s.get(Document, built.document_id)
        assert doc is not None
        import_outline(s, doc, seed_outline)
    assert info.value.code == "drafts.has_comments"
    with any_db.unit() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Section)) == len(built.section_ids)
