"""The migrations build exactly the models' schema, on SQLite and PostgreSQL, and the basics round-trip."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import Base, Comment, CommentKind, Participant, TargetKind
from tests.factories import build_consultation


def test_migrations_match_models(any_db: Database) -> None:
    with any_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


def test_comment_round_trip_keeps_text_verbatim(any_db: Database) -> None:
    typed = "Đề nghị sửa “hoà bình” thành “hòa bình”  —  giữ nguyên khoảng trắng"
    with any_db.unit() as s:
        built = build_consultation(s)
        p = Participant(channel="telegram", channel_user_id="42")
        s.add(p)
        s.flush()
        s.add(
            Comment(
                document_id=built.document_id,
                participant_id=p.id,
                audience="residents",
                target_kind=TargetKind.SECTION,
                section_id=built.section_ids[0],
                kind=CommentKind.OTHER,
                text=typed,
                text_norm=typed,
                channel="telegram",
                idempotency_key="telegram:1",
            )
        )
    with any_db.unit() as s:
        c = s.scalars(sa.select(Comment)).one()
        assert c.text == typed
        assert c.kind is CommentKind.OTHER


def test_idempotency_key_is_unique(any_db: Database) -> None:
    with any_db.unit() as s:
        built = build_consultation(s)
    for _ in range(2):
        with pytest.raises(IntegrityError) if _ else _nullctx(), any_db.unit() as s:
            s.add(
                Comment(
                    document_id=built.document_id,
                    audience="residents",
                    target_kind=TargetKind.DOCUMENT,
                    kind=CommentKind.GENERAL,
                    text="x",
                    text_norm="x",
                    channel="console",
                    idempotency_key="console:dup",
                )
            )
    with any_db.unit() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1


class _nullctx:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_database_errors_do_not_carry_what_people_typed(any_db: Database) -> None:
    secret = "Nguyễn Văn Bí Mật, 0912 345 678"
    with any_db.unit() as s:
        built = build_consultation(s)
    with pytest.raises(IntegrityError) as info, any_db.unit() as s:
        for _ in range(2):
            s.add(Comment(document_id=built.document_id, audience="residents", target_kind=TargetKind.DOCUMENT,
                          kind=CommentKind.GENERAL, text=secret, text_norm=secret, channel="console",
                          idempotency_key="console:same"))  # fmt: skip
            s.flush()
    assert secret not in str(info.value)
