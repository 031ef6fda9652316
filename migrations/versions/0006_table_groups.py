"""table groups

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 12:41:36.619151

"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('table_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participants', sa.String(length=20), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('lower_bounds', sa.JSON(), nullable=False),
    sa.Column('upper_bounds', sa.JSON(), nullable=False),
    sa.Column('bound_notes', sa.JSON(), nullable=False),
    sa.Column('moved', sa.Integer(), nullable=True),
    sa.Column('solved_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_table_plan_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_table_plan')),
    sa.UniqueConstraint('event_id', name=op.f('uq_table_plan_event_id'))
    )
    op.create_table('table_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_table_round_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_table_round_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_table_round')),
    sa.UniqueConstraint('event_id', 'position', name=op.f('uq_table_round_event_id_position'))
    )
    with op.batch_alter_table('table_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_round_event_id'), ['event_id'], unique=False)

    op.create_table('group_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('host_registration_id', sa.Integer(), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_group_table_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['host_registration_id'], ['registration.id'], name=op.f('fk_group_table_host_registration_id_registration'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_table'))
    )
    with op.batch_alter_table('group_table', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_table_event_id'), ['event_id'], unique=False)

    op.create_table('seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_seat_registration_id_registration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['table_round.id'], name=op.f('fk_seat_round_id_table_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['group_table.id'], name=op.f('fk_seat_table_id_group_table'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat')),
    sa.UniqueConstraint('round_id', 'registration_id', name=op.f('uq_seat_round_id_registration_id'))
    )
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seat_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seat_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seat_table_id'), ['table_id'], unique=False)



def downgrade():
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seat_table_id'))
        batch_op.drop_index(batch_op.f('ix_seat_round_id'))
        batch_op.drop_index(batch_op.f('ix_seat_registration_id'))

    op.drop_table('seat')
    with op.batch_alter_table('group_table', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_table_event_id'))

    op.drop_table('group_table')
    with op.batch_alter_table('table_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_round_event_id'))

    op.drop_table('table_round')
    op.drop_table('table_plan')
