"""Scheduled mails and mailings: reminder rules with a send record per rule and registration, mailings with their
recipients and saved templates

Adds `reminder_rule`, `reminder_send` (unique per rule and registration: each scheduled mail goes once),
`mailing_template`, `mailing` and `mailing_recipient` (outcome, outbox mail, SHA-256 of the unsubscribe token).

Revision ID: 0014_mailings
Revises: 0013_invitations
"""
from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns



revision = '0014_mailings'
down_revision = '0013_invitations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mailing_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_mailing_template_network_id_network'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_template'))
    )
    with op.batch_alter_table('mailing_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_template_network_id'), ['network_id'], unique=False)

    op.create_table('mailing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('queued', sa.Integer(), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_mailing_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_mailing_network_id_network'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user.id'], name=op.f('fk_mailing_sent_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing'))
    )
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mailing_network_id'), ['network_id'], unique=False)

    op.create_table('reminder_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('anchor', sa.String(length=10), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('template', sa.String(length=20), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', netzwerk.common.columns.UTCDateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_reminder_rule_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_rule')),
    sa.CheckConstraint("direction IN ('before', 'after')", name=op.f('ck_reminder_rule_direction')),
    sa.CheckConstraint("anchor IN ('start', 'end')", name=op.f('ck_reminder_rule_anchor')),
    sa.CheckConstraint("audience IN ('confirmed', 'attended', 'waitlisted')", name=op.f('ck_reminder_rule_audience')),
    sa.CheckConstraint("template IN ('reminder', 'thanks')", name=op.f('ck_reminder_rule_template'))
    )
    with op.batch_alter_table('reminder_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_rule_event_id'), ['event_id'], unique=False)

    op.create_table('reminder_send',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('created_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_reminder_send_registration_id_registration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rule_id'], ['reminder_rule.id'], name=op.f('fk_reminder_send_rule_id_reminder_rule'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_send')),
    sa.UniqueConstraint('rule_id', 'registration_id', name=op.f('uq_reminder_send_rule_id_registration_id'))
    )
    with op.batch_alter_table('reminder_send', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_send_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_send_rule_id'), ['rule_id'], unique=False)

    op.create_table('mailing_recipient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailing_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('outbox_mail_id', sa.Integer(), nullable=True),
    sa.Column('unsubscribe_hash', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['mailing_id'], ['mailing.id'], name=op.f('fk_mailing_recipient_mailing_id_mailing'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_mail_id'], ['outbox_mail.id'], name=op.f('fk_mailing_recipient_outbox_mail_id_outbox_mail'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_mailing_recipient_person_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_mailing_recipient_registration_id_registration'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_recipient')),
    sa.UniqueConstraint('unsubscribe_hash', name=op.f('uq_mailing_recipient_unsubscribe_hash')),
    sa.CheckConstraint("outcome IN ('queued', 'no_email', 'opted_out')", name=op.f('ck_mailing_recipient_outcome'))
    )
    with op.batch_alter_table('mailing_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_recipient_mailing_id'), ['mailing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mailing_recipient_outbox_mail_id'), ['outbox_mail_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mailing_recipient_person_id'), ['person_id'], unique=False)



def downgrade():
    with op.batch_alter_table('mailing_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_recipient_person_id'))
        batch_op.drop_index(batch_op.f('ix_mailing_recipient_outbox_mail_id'))
        batch_op.drop_index(batch_op.f('ix_mailing_recipient_mailing_id'))

    op.drop_table('mailing_recipient')
    with op.batch_alter_table('reminder_send', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_send_rule_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_send_registration_id'))

    op.drop_table('reminder_send')
    with op.batch_alter_table('reminder_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_rule_event_id'))

    op.drop_table('reminder_rule')
    with op.batch_alter_table('mailing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_network_id'))
        batch_op.drop_index(batch_op.f('ix_mailing_event_id'))

    op.drop_table('mailing')
    with op.batch_alter_table('mailing_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_template_network_id'))

    op.drop_table('mailing_template')
