"""Mailings: queue one to its chosen group in bulk (a constant handful of statements, however many recipients),
a test mail to oneself, its progress, and unsubscribing. Services flush; the route commits once."""
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import joinedload

from ..common.secret_links import row_by_token
from ..common.timing import DOUBLE_CLICK_WINDOW, utcnow
from ..common.tokens import hash_token
from ..extensions import db
from ..invitations.services import opt_out
from ..mail.links import LINK_PLACEHOLDER, seal
from ..mail.models import OutboxMail
from ..mail.render import token_url_maker
from ..mail.sender import send_after_commit
from ..registrations.models import Registration
from .audience import Addressee
from .mail import MailingWriter, sample_recipient
from .models import Mailing, MailingRecipient, MailingTemplate, RecipientOutcome
from .placeholders import used


@dataclass
class Draft:
    network: object
    event: object | None
    subject: str
    body: str
    filters: dict


def just_sent(draft: Draft, reachable: int, user=None, now: datetime | None = None) -> Mailing | None:
    """The mailing of the very same text to the very same choice (as many mails) that this user queued moments ago,
    if any. The network's row is locked first, so two clicks at once cannot both find none."""
    from ..networks.models import Network
    db.session.execute(select(Network.id).where(Network.id == draft.network.id).with_for_update())
    since = (now or utcnow()) - DOUBLE_CLICK_WINDOW
    recent = db.session.scalars(select(Mailing).where(
        Mailing.network_id == draft.network.id, Mailing.event_id == getattr(draft.event, "id", None),
        Mailing.sent_by_id == getattr(user, "id", None), Mailing.subject == draft.subject, Mailing.created_at >= since)
        .order_by(Mailing.id.desc()))
    wanted = json.loads(json.dumps(draft.filters))  # as the JSON column gives it back
    return next((mailing for mailing in recent if mailing.body == draft.body and mailing.filters == wanted
                 and mailing.queued == reachable), None)


def outcome_of(addressee: Addressee) -> str:
    if not addressee.email:
        return RecipientOutcome.NO_EMAIL
    return RecipientOutcome.OPTED_OUT if addressee.opted_out else RecipientOutcome.QUEUED


def queue_mailing(draft: Draft, addressees: list[Addressee], user=None) -> Mailing:
    """Write the mailing, a mail for each reachable addressee and a record for everyone chosen. Each mail carries
    its own unsubscribe link and, when the text uses {link}, a fresh personal link to the registration (the
    previous one stops working, as with "Link neu senden"); only hashes are stored, the links travel sealed."""
    now = utcnow()
    mailing = Mailing(network_id=draft.network.id, event_id=getattr(draft.event, "id", None), subject=draft.subject,
                      body=draft.body, filters=draft.filters, sent_by_id=getattr(user, "id", None))
    db.session.add(mailing)
    db.session.flush()
    writer = MailingWriter(draft.network, draft.event, draft.subject, draft.body)
    with_link = draft.event is not None and "link" in used(draft.body)
    mails, records, new_tokens = [], [], []
    personal_url, unsubscribe_url = token_url_maker("registrations.manage"), token_url_maker("mailings.unsubscribe")
    mailing_id, network_id = mailing.id, draft.network.id  # read once: an ORM attribute costs more than a local
    for addressee in addressees:
        outcome = outcome_of(addressee)
        record = dict(mailing_id=mailing_id, person_id=addressee.person_id, registration_id=addressee.registration_id,
                      name=addressee.name[:250], email=addressee.email[:254], locale=addressee.locale, outcome=outcome,
                      outbox_mail_id=None, unsubscribe_hash=None)
        records.append(record)
        if outcome != RecipientOutcome.QUEUED:
            continue
        personal = ""
        if with_link and addressee.registration_id is not None:
            token = secrets.token_urlsafe(32)
            new_tokens.append(dict(id=addressee.registration_id, token_hash=hash_token(token), updated_at=now))
            personal = personal_url(token)
        unsubscribe = ""
        if addressee.person_id is not None:
            token = secrets.token_urlsafe(32)  # 256 bits
            record["unsubscribe_hash"] = hash_token(token)
            unsubscribe = unsubscribe_url(token)
        written = writer.write(addressee, addressee.locale, LINK_PLACEHOLDER if personal else "")
        mails.append(dict(kind="mailing", network_id=network_id, registration_id=addressee.registration_id,
                          to_address=addressee.email, secret_link=seal(personal, unsubscribe), created_at=now,
                          updated_at=now, next_attempt_at=now, status="pending", attempts=0, **written))
    ids = _insert_mails(mails, network_id, now)
    for record, mail_id in zip((r for r in records if r["outcome"] == RecipientOutcome.QUEUED), ids, strict=True):
        record["outbox_mail_id"] = mail_id
    if records:
        db.session.execute(insert(MailingRecipient.__table__), records)
    if new_tokens:
        db.session.execute(update(Registration), new_tokens)
    mailing.queued = len(ids)
    db.session.flush()
    send_after_commit(ids)
    return mailing


def _insert_mails(mails: list[dict], network_id: int, now) -> list[int]:
    """Insert the mails in one executemany (no RETURNING: SQLite would split it into a statement per few dozen
    rows) and read their ids back in one SELECT. Within this transaction the rows were numbered in the order given,
    and no other mailing of the network writes at the very same instant."""
    if not mails:
        return []
    outbox = OutboxMail.__table__
    db.session.execute(insert(outbox), mails)
    return list(db.session.scalars(select(OutboxMail.id).where(
        OutboxMail.network_id == network_id, OutboxMail.kind == "mailing", OutboxMail.created_at == now)
        .order_by(OutboxMail.id)))


def queue_test_mail(draft: Draft, addressee, user) -> OutboxMail:
    """The mail as `addressee` would get it, to the coordinator's own address; no working personal link in it."""
    from flask_babel import gettext as _
    writer = MailingWriter(draft.network, draft.event, draft.subject, draft.body)
    written = writer.write(addressee or sample_recipient(user), getattr(addressee, "locale", "de"),
                           _("[persönlicher Link]"), unsubscribe=False)
    mail = OutboxMail(kind="mailing_test", network_id=draft.network.id, to_address=user.email,
                      subject=f"[{_('Test')}] {written['subject']}"[:300], body_text=written["body_text"],
                      body_html=written["body_html"])
    db.session.add(mail)
    db.session.flush()
    return mail


def preview(draft: Draft, addressee) -> dict:
    """Subject and text as this addressee would read them (the personal links named, never made)."""
    from flask_babel import gettext as _
    writer = MailingWriter(draft.network, draft.event, draft.subject, draft.body)
    return writer.write(addressee, addressee.locale, _("[persönlicher Link]"), unsubscribe=False)


# --- progress and record ------------------------------------------------------------------------------------------

def progress(mailing_id: int) -> dict[str, int]:
    """How many mails are sent, waiting (pending or being sent) or failed; and who got none and why."""
    by_status = dict(db.session.execute(
        select(OutboxMail.status, func.count()).join(MailingRecipient, MailingRecipient.outbox_mail_id == OutboxMail.id)
        .where(MailingRecipient.mailing_id == mailing_id).group_by(OutboxMail.status)).all())
    by_outcome = dict(db.session.execute(
        select(MailingRecipient.outcome, func.count()).where(MailingRecipient.mailing_id == mailing_id)
        .group_by(MailingRecipient.outcome)).all())
    return dict(sent=by_status.get("sent", 0), pending=by_status.get("pending", 0) + by_status.get("sending", 0),
                failed=by_status.get("failed", 0), no_email=by_outcome.get(RecipientOutcome.NO_EMAIL, 0),
                opted_out=by_outcome.get(RecipientOutcome.OPTED_OUT, 0), chosen=sum(by_outcome.values()))


def recipients_stmt(mailing_id: int):
    """Who the mailing chose, for a paginated list."""
    return select(MailingRecipient).where(MailingRecipient.mailing_id == mailing_id).order_by(MailingRecipient.id)


def mail_states(records: list[MailingRecipient]) -> dict[int, str]:
    """The outbox status of each listed record's mail, in one query."""
    ids = [record.outbox_mail_id for record in records if record.outbox_mail_id is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(OutboxMail.id, OutboxMail.status).where(OutboxMail.id.in_(ids))).all())


def mailings_of(network_id: int) -> list[Mailing]:
    return list(db.session.scalars(select(Mailing).options(joinedload(Mailing.event))
                                   .where(Mailing.network_id == network_id).order_by(Mailing.id.desc()).limit(200)))


def templates_of(network_id: int) -> list[MailingTemplate]:
    return list(db.session.scalars(select(MailingTemplate).where(MailingTemplate.network_id == network_id)
                                   .order_by(MailingTemplate.name, MailingTemplate.id)))


def save_template(template: MailingTemplate | None, network_id: int, data: dict) -> MailingTemplate:
    if template is None:
        template = MailingTemplate(network_id=network_id)
        db.session.add(template)
    template.name, template.subject, template.body = data["name"].strip(), data["subject"].strip(), data["body"]
    db.session.flush()
    return template


# --- unsubscribing -------------------------------------------------------------------------------------------------

def find_by_unsubscribe_token(token: str) -> MailingRecipient | None:
    """The mailing's record of the person the token was mailed to; the stored hash compared in constant time."""
    record = row_by_token(MailingRecipient, token, column="unsubscribe_hash")
    return record if record is not None and record.person_id is not None else None


def unsubscribe(record: MailingRecipient) -> None:
    opt_out(record.person_id, source="link")
