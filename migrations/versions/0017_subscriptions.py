"""Announcement subscriptions ("Informiert bleiben") with double opt-in and the consent given

Adds `subscription` (one per network and address; only the SHA-256 of its personal link's token).

Revision ID: 0017_subscriptions
Revises: 0013_invitations (the merger re-points this to the head of main when 0014–0016 land first)
"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


revision = '0017_subscriptions'
down_revision = '0016_after_meeting'
branch_labels = None
depends_on = None

STATES = ('pending', 'confirmed', 'unsubscribed')
# As of this revision (netzwerk.organisations.models.OrganisationType), and '' for none given.
ORGANISATION_TYPES = ('Jobcenter', 'Agentur für Arbeit', 'Kommunalverwaltung', 'Kommunales Integrationszentrum', 'IHK',
                      'Handwerkskammer', 'Wohlfahrtsverband', 'Bildungsträger', 'Ehrenamt/Initiative', 'IQ Netzwerk',
                      'Stiftung', 'Unternehmen', 'Sonstige', '')


def _in(column: str, values: tuple) -> str:
    listed = ', '.join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({listed})"


def upgrade():
    op.create_table('subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('given_name', sa.String(length=120), nullable=False),
    sa.Column('family_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('kommune_id', sa.Integer(), nullable=True),
    sa.Column('organisation_type', sa.String(length=60), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('consent_text', sa.Text(), nullable=False),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('consented_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('unsubscribed_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('person_created', sa.Boolean(), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_subscription_network_id_network'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kommune_id'], ['kommune.id'], name=op.f('fk_subscription_kommune_id_kommune'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_subscription_person_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription')),
    sa.UniqueConstraint('network_id', 'email', name=op.f('uq_subscription_network_id_email')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_subscription_token_hash')),
    sa.CheckConstraint(_in('state', STATES), name=op.f('ck_subscription_state')),
    sa.CheckConstraint(_in('organisation_type', ORGANISATION_TYPES), name=op.f('ck_subscription_organisation_type'))
    )
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscription_network_id'), ['network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subscription_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_subscription_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_subscription_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscription_person_id'))
        batch_op.drop_index(batch_op.f('ix_subscription_expires_at'))
        batch_op.drop_index(batch_op.f('ix_subscription_state'))
        batch_op.drop_index(batch_op.f('ix_subscription_network_id'))

    op.drop_table('subscription')
