"""Outbox: atomic claim, links put in at send time

Adds who claimed a mail and when (a sender takes a mail with a conditional UPDATE, status 'sending'), and the
encrypted personal link; the links already written into stored bodies are replaced by the placeholder (and,
for mails still to be sent, kept encrypted beside them).

Revision ID: 0010
Revises: 0009
"""
import re

from alembic import op
import sqlalchemy as sa

import netzwerk.common.columns


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

PLACEHOLDER = "[[netzwerk:personal-link]]"  # netzwerk.mail.links.LINK_PLACEHOLDER as of this revision
# A self-service link (registrations.manage) or an Aussteller's management link (fair.manage).
SECRET_LINK = re.compile(r"https?://[^\s\"'<>]*?/(?:anmeldung|messe/aussteller)/[A-Za-z0-9_-]{16,}")

outbox = sa.table(
    'outbox_mail', sa.column('id', sa.Integer), sa.column('status', sa.String), sa.column('body_text', sa.Text),
    sa.column('body_html', sa.Text), sa.column('secret_link', sa.Text),
)


def upgrade():
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret_link', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', netzwerk.common.columns.UTCDateTime(timezone=True), nullable=True))
    _take_links_out_of_stored_bodies()


def _take_links_out_of_stored_bodies():
    bind = op.get_bind()
    rows = bind.execute(sa.select(outbox.c.id, outbox.c.status, outbox.c.body_text, outbox.c.body_html).where(
        sa.or_(outbox.c.body_text.contains('/anmeldung/'), outbox.c.body_text.contains('/messe/aussteller/')))).all()
    for row in rows:
        found = SECRET_LINK.search(row.body_text)
        if found is None:
            continue
        secret = ''
        if row.status == 'pending':  # still to be sent: the link goes in at send time
            from netzwerk.mail.links import seal  # needs the app (SECRET_KEY): flask db upgrade has it
            secret = seal(found.group(0))
        bind.execute(outbox.update().where(outbox.c.id == row.id).values(
            body_text=SECRET_LINK.sub(PLACEHOLDER, row.body_text),
            body_html=SECRET_LINK.sub(PLACEHOLDER, row.body_html or ''), secret_link=secret))


def _put_links_back_into_bodies():
    bind = op.get_bind()
    rows = bind.execute(sa.select(outbox.c.id, outbox.c.body_text, outbox.c.body_html, outbox.c.secret_link)
                        .where(outbox.c.secret_link != '')).all()
    if rows:
        from netzwerk.mail.links import put_link_in, unseal
    for row in rows:
        link = unseal(row.secret_link)
        bind.execute(outbox.update().where(outbox.c.id == row.id).values(
            body_text=put_link_in(row.body_text, link), body_html=put_link_in(row.body_html or '', link, html=True)))
    bind.execute(outbox.update().where(outbox.c.status == 'sending').values(status='pending'))


def downgrade():
    _put_links_back_into_bodies()
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('secret_link')
