"""calendar feed stamps on networks and people

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('network', 'person'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('calendar_changed_at', netzwerk.common.columns.UTCDateTime(timezone=True),
                                          server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False))


def downgrade():
    for table in ('person', 'network'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('calendar_changed_at')
