"""Fair outcomes: what came of each interview or contact at a Migrationsmesse; an index for the dashboard

The index on registration (event_id, state, kommune_id, organisation_type) lets the network dashboard count
per event from the index alone.

Revision ID: 0015_fair_outcomes
Revises: 0014_mailings
"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


revision = '0015_fair_outcomes'
down_revision = '0014_mailings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fair_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('exhibitor_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('recorded_by', sa.String(length=20), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_fair_outcome_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['exhibitor_id'], ['exhibitor.id'], name=op.f('fk_fair_outcome_exhibitor_id_exhibitor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_fair_outcome_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_outcome')),
    sa.UniqueConstraint('exhibitor_id', 'registration_id', name=op.f('uq_fair_outcome_exhibitor_id_registration_id')),
    sa.CheckConstraint("outcome IN ('nichts', 'Praktikum', 'Einstiegsqualifizierung', 'Ausbildung', 'Stelle')",
                       name=op.f('ck_fair_outcome_outcome')),
    sa.CheckConstraint("recorded_by IN ('exhibitor', 'coordinator')", name=op.f('ck_fair_outcome_recorded_by'))
    )
    with op.batch_alter_table('fair_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_outcome_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_outcome_exhibitor_id'), ['exhibitor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fair_outcome_registration_id'), ['registration_id'], unique=False)
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index('ix_registration_event_figures', ['event_id', 'state', 'kommune_id', 'organisation_type'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_event_figures')
    with op.batch_alter_table('fair_outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_outcome_registration_id'))
        batch_op.drop_index(batch_op.f('ix_fair_outcome_exhibitor_id'))
        batch_op.drop_index(batch_op.f('ix_fair_outcome_event_id'))

    op.drop_table('fair_outcome')
