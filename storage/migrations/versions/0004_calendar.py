"""calendar: delivery log for scheduled sends, submissions, recipients by e-mail, reminders opt-in; the printed
lines of each paragraph

Revision ID: 0004
Revises: 0003

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The delivery log was never written before this revision: recreated with the columns the scheduler needs.
    op.drop_table('delivery_log')
    op.create_table('delivery_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=96), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_log')),
    sa.UniqueConstraint('key', name=op.f('uq_delivery_log_key'))
    )
    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_submission_participant_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_submission_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission'))
    )
    op.create_index(op.f('ix_submission_unit_id'), 'submission', ['unit_id'], unique=False)
    with op.batch_alter_table('recipient') as batch:
        batch.add_column(sa.Column('email', sa.Text(), nullable=True))
        batch.add_column(sa.Column('office', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('invite') as batch:
        batch.add_column(sa.Column('recipient_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_invite_recipient_id_recipient'), 'recipient', ['recipient_id'], ['id'], ondelete='CASCADE')
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('reminders', sa.Boolean(), nullable=True))
    with op.batch_alter_table('paragraph') as batch:
        batch.add_column(sa.Column('lines', sa.JSON(), nullable=True))
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('log_key', sa.String(length=160), nullable=True))
        batch.alter_column('chat_id', existing_type=sa.String(length=64), type_=sa.String(length=254),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.alter_column('chat_id', existing_type=sa.String(length=254), type_=sa.String(length=64),
                           existing_nullable=False)
        batch.drop_column('log_key')
    with op.batch_alter_table('paragraph') as batch:
        batch.drop_column('lines')
    with op.batch_alter_table('participant') as batch:
        batch.drop_column('reminders')
    with op.batch_alter_table('invite') as batch:
        batch.drop_constraint(op.f('fk_invite_recipient_id_recipient'), type_='foreignkey')
        batch.drop_column('recipient_id')
    with op.batch_alter_table('recipient') as batch:
        batch.drop_column('office')
        batch.drop_column('email')
    op.drop_index(op.f('ix_submission_unit_id'), table_name='submission')
    op.drop_table('submission')
    op.drop_table('delivery_log')
    op.create_table('delivery_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('recipient', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery_log')),
    sa.UniqueConstraint('key', name=op.f('uq_delivery_log_key'))
    )
