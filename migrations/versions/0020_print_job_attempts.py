"""Print jobs count how often a worker took them (`print_job.attempts`): a job left running by a worker that died is
taken again, at most three times. Existing jobs start at 0.

Revision ID: 0020_print_job_attempts
Revises: 0019_online_meetings
"""
from alembic import op
import sqlalchemy as sa


revision = '0020_print_job_attempts'
down_revision = '0019_online_meetings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_column('attempts')
