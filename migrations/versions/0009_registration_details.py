"""Registrations: entered details kept, person changes proposed

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('function', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('phone', sa.String(length=50), server_default='', nullable=False))
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('organisation_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_registration_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registration_organisation_id_organisation'), 'organisation',
                                    ['organisation_id'], ['id'], ondelete='SET NULL')
    # Until now a registration showed its person's function and organisation: keep showing what it showed.
    op.execute("""
        UPDATE registration SET
            function = COALESCE((SELECT person.function FROM person WHERE person.id = registration.person_id), ''),
            organisation_id = (SELECT person.organisation_id FROM person WHERE person.id = registration.person_id)
        WHERE person_id IS NOT NULL
    """)


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registration_organisation_id_organisation'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registration_organisation_id'))
        batch_op.drop_column('organisation_name')
        batch_op.drop_column('organisation_id')
        batch_op.drop_column('phone')
        batch_op.drop_column('function')
