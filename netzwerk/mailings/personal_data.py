"""Mailings a person received, for the DSGVO export and erasure (`privacy.records`). A mailing's record of whom it
reached keeps a row per recipient (its counts stay right) but loses the name and address."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from ..common.personal_records import PersonalRecords
from ..extensions import db
from ..registrations.models import Registration
from .models import Mailing, MailingRecipient

FORGOTTEN = dict(person_id=None, name="", email="", unsubscribe_hash=None)


def _received_by(person):
    registrations = select(Registration.id).where(Registration.person_id == person.id)
    return or_(MailingRecipient.person_id == person.id, MailingRecipient.registration_id.in_(registrations))


def export_mailings(person) -> list[dict]:
    records = db.session.scalars(select(MailingRecipient).where(_received_by(person))
                                 .options(joinedload(MailingRecipient.mailing)).order_by(MailingRecipient.id))
    return [{"subject": record.mailing.subject, "written_at": record.mailing.created_at.isoformat(),
             "email": record.email, "name": record.name, "outcome": record.outcome} for record in records]


def forget_person(person) -> None:
    db.session.execute(update(MailingRecipient).where(_received_by(person)).values(**FORGOTTEN)
                       .execution_options(synchronize_session=False))


def forget_registrations(ids: list[int]) -> None:
    db.session.execute(update(MailingRecipient).where(MailingRecipient.registration_id.in_(ids)).values(**FORGOTTEN)
                       .execution_options(synchronize_session=False))


def forget_events(event_ids: list[int]) -> None:
    """The recipients of an event's mailings lose name and address once the event is past its retention period."""
    mailings = select(Mailing.id).where(Mailing.event_id.in_(event_ids))
    db.session.execute(update(MailingRecipient).where(MailingRecipient.mailing_id.in_(mailings),
                                                      MailingRecipient.email != "").values(**FORGOTTEN)
                       .execution_options(synchronize_session=False))


RECEIVED = PersonalRecords(
    "mailings_received", _l("Erhaltene Mailings (Name und Adresse werden aus dem Versandprotokoll entfernt)"),
    export_mailings, forget_person, forget_registrations, forget_events)
