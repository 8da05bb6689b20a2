"""linking: one person on two channels (`/lienket`): a participant row that is another channel's id of a
participant, and the one-time codes that link them

Revision ID: 0005
Revises: 0004

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('linked_to', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_participant_linked_to_participant'), 'participant', ['linked_to'], ['id'],
                                 ondelete='CASCADE')
        batch.create_index(op.f('ix_participant_linked_to'), ['linked_to'], unique=False)
    op.create_table('link_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_link_code_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_code')),
    sa.UniqueConstraint('code', name=op.f('uq_link_code_code'))
    )
    op.create_index(op.f('ix_link_code_participant_id'), 'link_code', ['participant_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_link_code_participant_id'), table_name='link_code')
    op.drop_table('link_code')
    # A linked row is only another channel's id of a participant: without the column it would be a second person
    # with no conversation, so it goes (its comments were moved to the participant when it was linked).
    op.execute(sa.text('DELETE FROM participant WHERE linked_to IS NOT NULL'))
    with op.batch_alter_table('participant') as batch:
        batch.drop_index(op.f('ix_participant_linked_to'))
        batch.drop_constraint(op.f('fk_participant_linked_to_participant'), type_='foreignkey')
        batch.drop_column('linked_to')
