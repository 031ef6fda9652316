"""DSGVO: what is stored about a person (Art. 15), erasure (Art. 17), and purging after the retention period.

Erasure and purge share one step, `anonymise`: a registration keeps what statistics need (event, state,
Kommune, organisation type, dates) and loses everything that points at a person, with its photo consent, its
feedback links and the feedback answers given with the name. Certificates of attendance are never stored; the
print jobs that may hold them go with the event's other print jobs. What other features keep about the person
(invitations, mailings received, subscriptions) is reached through `records`; mails to the person's address go
from the outbox whatever they were about.
"""
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import selectinload

from ..badges.models import PrintJob
from ..common.personal_records import iso, personal_records
from ..common.references import blocking_references
from ..common.timing import utcnow
from ..events.models import AgendaItem, Event
from ..extensions import db
from ..feedback.models import FeedbackAnswer, FeedbackInvitation
from ..mail.models import OutboxMail
from ..people.models import Person
from ..registrations.models import Registration


class ErasureBlocked(Exception):
    """Other data still points at the person; args[0] lists (label, count)."""


PRINT_JOB_RETENTION = timedelta(days=1)


# -- export -----------------------------------------------------------------------------------------------

def person_registrations(person: Person) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.person_id == person.id)
        .options(selectinload(Registration.event), selectinload(Registration.kommune))
        .order_by(Registration.id)
    ))


def mails_of(person: Person, registrations: list[Registration]) -> list[OutboxMail]:
    """Mails about the person's registrations, and every mail of the network to their address (invitations,
    mailings, subscription links)."""
    about = [OutboxMail.registration_id.in_([registration.id for registration in registrations])]
    if person.email:
        about.append((OutboxMail.network_id == person.network_id)
                     & (func.lower(OutboxMail.to_address) == person.email.strip().lower()))
    return list(db.session.scalars(select(OutboxMail).where(or_(*about)).order_by(OutboxMail.id)))


def named_feedback(registrations: list[Registration]) -> list[FeedbackAnswer]:
    """Feedback the person gave with their name (anonymous answers cannot be found, by design)."""
    ids = [registration.id for registration in registrations]
    return list(db.session.scalars(
        select(FeedbackAnswer).where(FeedbackAnswer.registration_id.in_(ids))
        .options(selectinload(FeedbackAnswer.survey)).order_by(FeedbackAnswer.id)
    )) if ids else []


def speaker_items(person: Person) -> list[AgendaItem]:
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.speakers.contains(person))
        .options(selectinload(AgendaItem.event), selectinload(AgendaItem.speakers))
    ))


def export_person(person: Person) -> dict:
    """Everything stored about the person, as plain JSON-ready data."""
    registrations = person_registrations(person)
    return {
        "exported_at": iso(utcnow()),
        "person": _person_data(person),
        "registrations": [_registration_data(registration) for registration in registrations],
        "mails": [_mail_data(mail) for mail in mails_of(person, registrations)],
        "feedback_with_name": [
            {"event_id": answer.survey.event_id, "submitted_on": answer.submitted_on.isoformat(),
             "ratings": answer.ratings, "texts": answer.texts}
            for answer in named_feedback(registrations)
        ],
        "agenda_items_as_speaker": [
            {"event": item.event.title, "title": item.title, "starts_at": iso(item.starts_at)}
            for item in speaker_items(person)
        ],
        **{records.key: records.export(person) for records in personal_records()},
    }


def _person_data(person: Person) -> dict:
    organisation = person.organisation
    return {
        "id": person.id, "network": person.network.name,
        "given_name": person.given_name, "family_name": person.family_name, "email": person.email,
        "phone": person.phone, "function": person.function,
        "organisation": {"name": organisation.name, "type": organisation.type} if organisation else None,
        "created_at": iso(person.created_at), "updated_at": iso(person.updated_at),
    }


def _registration_data(registration: Registration) -> dict:
    event = registration.event
    return {
        "id": registration.id,
        "event": {"id": event.id, "title": event.title, "starts_at": iso(event.starts_at), "ends_at": iso(event.ends_at)},
        "state": registration.state, "attendance": registration.attendance,
        "given_name": registration.given_name, "family_name": registration.family_name, "email": registration.email,
        "kommune": registration.kommune.name if registration.kommune else None,
        "function": registration.function, "phone": registration.phone,
        "organisation": registration.organisation_label, "organisation_type": registration.organisation_type,
        "answers": registration.answers, "accessibility_needs": registration.accessibility_needs,
        "dietary_needs": registration.dietary_needs, "topic_preferences": registration.topic_preferences,
        "locale": registration.locale, "notes": registration.notes, "decision_message": registration.decision_message,
        "consent_version": registration.consent_version, "consented_at": iso(registration.consented_at),
        "photo_consent": registration.photo_consent, "photo_consent_at": iso(registration.photo_consent_at),
        "registered_at": iso(registration.created_at), "confirmed_at": iso(registration.confirmed_at),
        "waitlisted_at": iso(registration.waitlisted_at), "cancelled_at": iso(registration.cancelled_at),
        "attended_at": iso(registration.attended_at),
    }


def _mail_data(mail: OutboxMail) -> dict:
    return {"kind": mail.kind, "to": mail.to_address, "subject": mail.subject, "status": mail.status,
            "created_at": iso(mail.created_at), "sent_at": iso(mail.sent_at)}


# -- anonymise, erase, purge --------------------------------------------------------------------------------

def anonymise(registrations: list[Registration], now: datetime | None = None) -> int:
    """Strip everything personal from the registrations and drop their mails; counts and statistics stay."""
    now = now or utcnow()
    for registration in registrations:
        registration.given_name = registration.family_name = ""
        registration.email = None
        registration.answers, registration.topic_preferences = {}, []
        registration.accessibility_needs = registration.dietary_needs = ""
        registration.notes = registration.decision_message = ""
        registration.function = registration.phone = registration.organisation_name = ""
        registration.organisation = registration.person = None
        registration.photo_consent = registration.photo_consent_at = None
        # Values no token hash (64 hex digits) or normalised check-in code (upper case) can ever equal:
        # the self-service link and the badge die with the name.
        registration.token_hash = f"anonymised-{secrets.token_hex(26)}"
        registration.checkin_code = f"x{secrets.token_hex(7)}"
        registration.anonymised_at = now
    ids = [registration.id for registration in registrations]
    if ids:
        # Sent mails too: their address and text are personal data, and nothing will send them again.
        db.session.execute(delete(OutboxMail).where(OutboxMail.registration_id.in_(ids)))
        # Feedback given with the name goes, and the survey links; anonymous answers never pointed here and stay.
        db.session.execute(delete(FeedbackAnswer).where(FeedbackAnswer.registration_id.in_(ids)))
        db.session.execute(delete(FeedbackInvitation).where(FeedbackInvitation.registration_id.in_(ids)))
        # Finished badge PDFs may carry the names: they go too (a coordinator prints them again in a minute).
        events = {registration.event_id for registration in registrations}
        db.session.execute(delete(PrintJob).where(PrintJob.event_id.in_(events)))
        for records in personal_records():
            if records.forget_registrations is not None:
                records.forget_registrations(ids)
    db.session.flush()
    return len(registrations)


def erase_person(person: Person) -> int:
    """Erase what other features keep about the person and every mail to them, anonymise their registrations,
    unlink them as speaker, delete the Person. Returns the number of registrations anonymised."""
    registrations = person_registrations(person)
    for records in personal_records():
        records.erase(person)
    mail_ids = [mail.id for mail in mails_of(person, registrations)]
    if mail_ids:
        db.session.execute(delete(OutboxMail).where(OutboxMail.id.in_(mail_ids)))
    anonymised = anonymise(registrations)
    for item in speaker_items(person):
        item.speakers.remove(person)
    db.session.flush()
    if blockers := blocking_references(person):
        raise ErasureBlocked(blockers)
    db.session.delete(person)
    db.session.flush()
    return anonymised


def expired_event_ids(now: datetime | None = None) -> list[int]:
    """Events that ended more than their retention period ago."""
    now = now or utcnow()
    events = db.session.execute(select(Event.id, Event.ends_at, Event.retention_days).where(Event.ends_at < now))
    return [id for id, ends_at, retention_days in events if ends_at + timedelta(days=retention_days) < now]


def expired_registrations(now: datetime | None = None) -> list[Registration]:
    """Not yet anonymised registrations of events that ended more than their retention period ago."""
    expired_ids = expired_event_ids(now)
    if not expired_ids:
        return []
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id.in_(expired_ids), Registration.anonymised_at.is_(None))
    ))


def purge(now: datetime | None = None) -> int:
    """Anonymise expired registrations, let other features forget what concerns those events (invitations, event
    mailings' recipients), and drop print jobs older than a day (their PDFs carry names)."""
    now = now or utcnow()
    db.session.execute(delete(PrintJob).where(PrintJob.created_at < now - PRINT_JOB_RETENTION))
    anonymised = anonymise(expired_registrations(now), now)
    if expired := expired_event_ids(now):
        for records in personal_records():
            if records.forget_events is not None:
                records.forget_events(expired)
    db.session.flush()
    return anonymised
