"""Invitations: personal invitations with their links, opt-outs, invitation-only events, people's tags

Adds `invitation` (one per event and person), `invitation_link` (only SHA-256 of each mailed token),
`mail_opt_out`, `event.invitation_only`, `person.tags` and `outbox_mail.network_id` (mails of no registration).

Revision ID: 0013_invitations
Revises: 0010 (the merger re-points this to the head of main when 0011/0012 land first)
"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


revision = '0013_invitations'
down_revision = '0012_multilingual_texts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_opt_out',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_mail_opt_out_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_mail_opt_out'))
    )
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('decline_message', sa.Text(), nullable=False),
    sa.Column('responded_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminders', sa.Integer(), nullable=False),
    sa.Column('reminded_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_invitation_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_invitation_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_invitation_registration_id_registration'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('event_id', 'person_id', name=op.f('uq_invitation_event_id_person_id')),
    sa.CheckConstraint("state IN ('invited', 'registered', 'declined')", name=op.f('ck_invitation_state'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_state'), ['state'], unique=False)

    op.create_table('invitation_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_invitation_link_invitation_id_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_link_token_hash'))
    )
    with op.batch_alter_table('invitation_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_link_invitation_id'), ['invitation_id'], unique=False)

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitation_only', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('network_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_mail_network_id'), ['network_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_mail_network_id_network'), 'network', ['network_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tags', sa.JSON(), server_default='[]', nullable=False))



def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('tags')

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_mail_network_id_network'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_mail_network_id'))
        batch_op.drop_column('network_id')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('invitation_only')

    with op.batch_alter_table('invitation_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_link_invitation_id'))

    op.drop_table('invitation_link')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_state'))
        batch_op.drop_index(batch_op.f('ix_invitation_registration_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_person_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_event_id'))

    op.drop_table('invitation')
    op.drop_table('mail_opt_out')
