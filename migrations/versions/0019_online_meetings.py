"""Online and hybrid meetings: `event.format` (onsite/online/hybrid) with the online room (`online_url`,
`online_dial_in`) and the online places (`online_capacity`), an agenda item's own room, and how a registration
takes part (`registration.attendance`: onsite/online). Existing rows are on site, as they were.

SQLite recreates the tables for the CHECK constraints (batch mode) with foreign keys off (env.py), so no child row
is touched.

Revision ID: 0019_online_meetings
Revises: 0018_series
"""
from alembic import op
import sqlalchemy as sa


revision = '0019_online_meetings'
down_revision = '0018_series'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('format', sa.String(length=10), server_default='onsite', nullable=False))
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('online_dial_in', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('online_capacity', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_event_format'), "format IN ('onsite', 'online', 'hybrid')")

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('online_dial_in', sa.String(length=300), server_default='', nullable=False))

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance', sa.String(length=10), server_default='onsite', nullable=False))
        batch_op.create_check_constraint(op.f('ck_registration_attendance'), "attendance IN ('onsite', 'online')")


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_registration_attendance'), type_='check')
        batch_op.drop_column('attendance')

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_column('online_dial_in')
        batch_op.drop_column('online_url')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_format'), type_='check')
        batch_op.drop_column('online_capacity')
        batch_op.drop_column('online_dial_in')
        batch_op.drop_column('online_url')
        batch_op.drop_column('format')
