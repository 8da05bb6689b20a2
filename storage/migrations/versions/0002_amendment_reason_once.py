"""an amendment's reason stored once: in `reason`, no longer copied into `text`

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The chat used to copy an amendment's reason into `text`; the report then dropped the copy. A text that is
    # the reason again (same words, outer spaces aside) is emptied; any other text stays.
    op.execute(
        "UPDATE comment SET text = '', text_norm = '' "
        "WHERE kind = 'amend' AND reason IS NOT NULL AND TRIM(text) = TRIM(reason)"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE comment SET text = reason, text_norm = reason "
        "WHERE kind = 'amend' AND text = '' AND reason IS NOT NULL"
    )
