"""badges and print jobs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 12:19:14.975333

"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('print_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('started_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_print_job_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_print_job_requested_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_job'))
    )
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_job_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_print_job_status'), ['status'], unique=False)

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('badge_colours', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('badge_back', sa.String(length=10), server_default='none', nullable=False))
        batch_op.add_column(sa.Column('badge_back_text', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('network', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=20), server_default='', nullable=False))

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('badge_role', sa.String(length=20), server_default='participant', nullable=False))



def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('badge_role')

    with op.batch_alter_table('network', schema=None) as batch_op:
        batch_op.drop_column('logo_type')
        batch_op.drop_column('logo')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('badge_back_text')
        batch_op.drop_column('badge_back')
        batch_op.drop_column('badge_colours')

    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_job_status'))
        batch_op.drop_index(batch_op.f('ix_print_job_event_id'))

    op.drop_table('print_job')
