"""personal calendar feeds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 11:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_person_feed_token_hash'), ['feed_token_hash'])


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_person_feed_token_hash'), type_='unique')
        batch_op.drop_column('feed_token_hash')
