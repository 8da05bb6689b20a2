"""meetings, letters and votes: the letters (written submissions) with their comments' `letter_id`, the votes of
a meeting, and the spreadsheets taken in (by the SHA-256 of their bytes: the same file is not counted twice)

Revision ID: 0006
Revises: 0005

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sheet_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_sheet_import_participant_id_participant'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sheet_import')),
    sa.UniqueConstraint('kind', 'digest', name=op.f('uq_sheet_import_kind'))
    )
    op.create_table('letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_kind', sa.Enum('organisation', 'expert', 'resident', name='senderkind', native_enum=False, length=24), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('sheet_import_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['participant.id'], name=op.f('fk_letter_recorded_by_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sheet_import_id'], ['sheet_import.id'], name=op.f('fk_letter_sheet_import_id_sheet_import'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_letter_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter'))
    )
    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('agree', sa.Integer(), nullable=False),
    sa.Column('disagree', sa.Integer(), nullable=False),
    sa.Column('abstain', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_record.id'], name=op.f('fk_vote_meeting_id_meeting_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote'))
    )
    op.create_index(op.f('ix_vote_meeting_id'), 'vote', ['meeting_id'], unique=False)
    with op.batch_alter_table('meeting_record') as batch:
        batch.add_column(sa.Column('sheet_import_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_meeting_record_sheet_import_id_sheet_import'), 'sheet_import',
                                 ['sheet_import_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('comment') as batch:
        batch.add_column(sa.Column('letter_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_comment_letter_id_letter'), 'letter', ['letter_id'], ['id'],
                                 ondelete='CASCADE')
        batch.create_index(op.f('ix_comment_letter_id'), ['letter_id'], unique=False)
        batch.create_index(op.f('ix_comment_meeting_id'), ['meeting_id'], unique=False)


def downgrade() -> None:
    # A letter's opinions go with the letters: without `letter_id` they would read as letters of their own.
    op.execute(sa.text('DELETE FROM comment WHERE letter_id IS NOT NULL'))
    with op.batch_alter_table('comment') as batch:
        batch.drop_index(op.f('ix_comment_meeting_id'))
        batch.drop_index(op.f('ix_comment_letter_id'))
        batch.drop_constraint(op.f('fk_comment_letter_id_letter'), type_='foreignkey')
        batch.drop_column('letter_id')
    with op.batch_alter_table('meeting_record') as batch:
        batch.drop_constraint(op.f('fk_meeting_record_sheet_import_id_sheet_import'), type_='foreignkey')
        batch.drop_column('sheet_import_id')
    op.drop_index(op.f('ix_vote_meeting_id'), table_name='vote')
    op.drop_table('vote')
    op.drop_table('letter')
    op.drop_table('sheet_import')
