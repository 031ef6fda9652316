"""Scheduled mails and a mailing for the demo: the next Netzwerktreffen has the usual reminder rules, and its
registrants got "Programm und Anreise" a week ago (delivered); the network keeps that text as a template."""
from datetime import date, time, timedelta

from sqlalchemy import update

from ..common.timing import to_instant
from ..events.models import Event
from ..extensions import db
from ..mail.models import OutboxMail
from ..mailings.audience import EventAudience, event_addressees
from ..mailings.models import MailingRecipient, MailingTemplate
from ..mailings.schedule import add_default_rules
from ..mailings.services import Draft, queue_mailing

SUBJECT = "Programm und Anreise: {veranstaltung}"
BODY = ("Guten Tag {name},\n\n"
        "am {datum} ist es so weit. Das Programm steht auf unserer Seite; wir beginnen pünktlich mit der Begrüßung.\n\n"
        "Ort: {ort}\nAnreise: Vom Bahnhof sind es zehn Minuten zu Fuß; Parkplätze gibt es kaum.\n\n"
        "Ihre Anmeldung sehen und ändern Sie hier: {link}\n\nViele Grüße\nIhre Netzwerkkoordination")


def seed_mailings(meeting: Event, today: date, user=None) -> None:
    add_default_rules(meeting)
    db.session.add(MailingTemplate(network_id=meeting.network_id, name="Programm und Anreise", subject=SUBJECT,
                                   body=BODY))
    mailing = queue_mailing(Draft(meeting.network, meeting, SUBJECT, BODY, {"event": EventAudience().as_dict()}),
                            event_addressees(meeting.id, EventAudience(states=["confirmed"])), user=user)
    sent_at = to_instant(today - timedelta(days=7), time(10))
    mail_ids = db.select(MailingRecipient.outbox_mail_id).where(MailingRecipient.mailing_id == mailing.id)
    db.session.execute(update(OutboxMail).where(OutboxMail.id.in_(mail_ids))
                       .values(status="sent", sent_at=sent_at, secret_link="", attempts=1, created_at=sent_at)
                       .execution_options(synchronize_session=False))
    mailing.created_at = sent_at
    db.session.flush()
