"""Texts in several languages: event, agenda item, offer and the network's privacy text

Each row keeps its original (German) texts in their columns and the other languages in `translations`
({field: {language: text}}), read with the row.

Revision ID: 0012_multilingual_texts
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_multilingual_texts'
down_revision = '0011'
branch_labels = None
depends_on = None

TABLES = ('network', 'event', 'agenda_item', 'offer')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
