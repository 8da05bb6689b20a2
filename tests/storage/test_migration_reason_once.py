"""Migration 0002: an amendment's reason is stored once. Rows written before it (the reason copied into `text`)
lose the copy; an amendment's own other text, and every other kind's text, stay."""

from __future__ import annotations

from typing import cast

from alembic import command
from sqlalchemy import Table, insert, select

from storage.db import Database
from storage.migrate import alembic_config, upgrade
from storage.models import Audience, Comment, CommentKind, Participant, TargetKind
from tests.factories import build_consultation


def test_the_reason_copied_into_text_is_emptied(any_db: Database) -> None:
    url = any_db.engine.url.render_as_string(hide_password=False)
    command.downgrade(alembic_config(url), "0001")
    with any_db.unit() as s:
        built = build_consultation(s)
        # The participant table as it was at 0001 (the model has columns added since): a Core insert of those.
        person_id = s.execute(
            insert(cast(Table, Participant.__table__))
            .values(channel="test", channel_user_id="m1")
            .returning(Participant.id)
        ).scalar_one()

        def add(kind: CommentKind, text: str, reason: str | None) -> None:  # Core too: `letter_id` came later
            values = {"document_id": built.document_id, "participant_id": person_id, "kind": kind, "text": text,
                      "text_norm": text, "reason": reason, "target_kind": TargetKind.DOCUMENT, "channel": "test",
                      "audience": Audience.RESIDENTS}  # fmt: skip
            s.execute(insert(cast(Table, Comment.__table__)).values(**values))

        add(CommentKind.AMEND, "Cho rõ nghĩa. ", "Cho rõ nghĩa.")  # the chat's copy
        add(CommentKind.AMEND, "Thêm một đoạn về chuyển đổi số", "Cho đủ")  # its own words
        add(CommentKind.OTHER, "Cho rõ nghĩa.", None)
    upgrade(url)
    with any_db.unit() as s:
        texts = [(c.kind, c.text) for c in s.scalars(select(Comment).order_by(Comment.id))]
    assert texts == [
        (CommentKind.AMEND, ""),
        (CommentKind.AMEND, "Thêm một đoạn về chuyển đổi số"),
        (CommentKind.OTHER, "Cho rõ nghĩa."),
    ]
