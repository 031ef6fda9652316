"""Event series: `event_series` (the rule and shared settings), `series_subscription` (people registered for every
date; only the SHA-256 of the unsubscribe token), `event.series_id` (the dates are ordinary events)

Revision ID: 0018_series
Revises: 0013_invitations (the merger re-points this to the head of main when 0014-0017 land first)
"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


revision = '0018_series'
down_revision = '0017_subscriptions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('venue_name', sa.String(length=200), nullable=False),
    sa.Column('venue_address', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('interval', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('week_of_month', sa.Integer(), nullable=True),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('translations', sa.JSON(), server_default='{}', nullable=False),
    sa.CheckConstraint("frequency IN ('weekly', 'monthly')", name=op.f('ck_event_series_frequency')),
    sa.CheckConstraint("kind IN ('Netzwerktreffen', 'Lernnetzwerktreffen', 'Fachkonferenz', 'Migrationsmesse', 'Sonstiges')", name=op.f('ck_event_series_kind')),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_event_series_network_id_network')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_series'))
    )
    with op.batch_alter_table('event_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_series_network_id'), ['network_id'], unique=False)

    op.create_table('series_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('given_name', sa.String(length=120), nullable=False),
    sa.Column('family_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('consent_version', sa.Integer(), nullable=True),
    sa.Column('consented_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['event_series.id'], name=op.f('fk_series_subscription_series_id_event_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series_subscription')),
    sa.UniqueConstraint('series_id', 'email', name=op.f('uq_series_subscription_series_id_email')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_series_subscription_token_hash'))
    )
    with op.batch_alter_table('series_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_series_subscription_series_id'), ['series_id'], unique=False)

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_series_id'), ['series_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_event_series_id_event_series'), 'event_series', ['series_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_series_id_event_series'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_event_series_id'))
        batch_op.drop_column('series_id')

    with op.batch_alter_table('series_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_series_subscription_series_id'))

    op.drop_table('series_subscription')
    with op.batch_alter_table('event_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_series_network_id'))

    op.drop_table('event_series')
