"""After the meeting: feedback surveys, documentation (materials, table-group notes), photo consent on
registrations, the network's signature for certificates of attendance

Revision ID: 0016_after_meeting
Revises: 0013_invitations
"""
from alembic import op
import sqlalchemy as sa


revision = '0016_after_meeting'
down_revision = '0015_fair_outcomes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'feedback_survey',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('questions', sa.JSON(), nullable=False),
        sa.Column('is_open', sa.Boolean(), nullable=False),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_feedback_survey_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_survey')),
        sa.UniqueConstraint('event_id', name=op.f('uq_feedback_survey_event_id')),
    )
    op.create_table(
        'feedback_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('answered', sa.Boolean(), nullable=False),
        sa.Column('reminders', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['survey_id'], ['feedback_survey.id'],
                                name=op.f('fk_feedback_invitation_survey_id_feedback_survey'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_feedback_invitation_registration_id_registration'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_invitation')),
        sa.UniqueConstraint('survey_id', 'registration_id', name=op.f('uq_feedback_invitation_survey_id_registration_id')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_feedback_invitation_token_hash')),
    )
    with op.batch_alter_table('feedback_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_invitation_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_invitation_registration_id'), ['registration_id'], unique=False)
    op.create_table(
        'feedback_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('ratings', sa.JSON(), nullable=False),
        sa.Column('texts', sa.JSON(), nullable=False),
        sa.Column('submitted_on', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=250), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['survey_id'], ['feedback_survey.id'],
                                name=op.f('fk_feedback_answer_survey_id_feedback_survey'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_feedback_answer_registration_id_registration'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_answer')),
    )
    with op.batch_alter_table('feedback_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_answer_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_answer_registration_id'), ['registration_id'], unique=False)
    op.create_table(
        'material',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('visibility', sa.String(length=20), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('media_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_material_event_id_event'), ondelete='CASCADE'),
        sa.CheckConstraint("kind IN ('file', 'link')", name=op.f('ck_material_kind')),
        sa.CheckConstraint("visibility IN ('public', 'participants')", name=op.f('ck_material_visibility')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_material')),
    )
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_material_event_id'), ['event_id'], unique=False)
    op.create_table(
        'table_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('table_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_table_note_event_id_event'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['table_id'], ['group_table.id'], name=op.f('fk_table_note_table_id_group_table'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_table_note')),
        sa.UniqueConstraint('table_id', name=op.f('uq_table_note_table_id')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_table_note_token_hash')),
    )
    with op.batch_alter_table('table_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_note_event_id'), ['event_id'], unique=False)
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_consent', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('photo_consent_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('network', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('signature_type', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signatory', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('network', schema=None) as batch_op:
        batch_op.drop_column('signatory')
        batch_op.drop_column('signature_type')
        batch_op.drop_column('signature')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('photo_consent_at')
        batch_op.drop_column('photo_consent')
    op.drop_table('table_note')
    op.drop_table('material')
    op.drop_table('feedback_answer')
    op.drop_table('feedback_invitation')
    op.drop_table('feedback_survey')
