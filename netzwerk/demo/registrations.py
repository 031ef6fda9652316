"""Registrations for the demo: a past Fachkonferenz that people attended, an upcoming network meeting that is
full with a short waiting list and open approvals, and the mails all this would send (in the Postausgang)."""
import random
from datetime import date, datetime, time, timedelta

from ..common.timing import to_instant
from ..events.models import Event, EventStatus
from ..extensions import db
from ..people.models import Person
from ..registrations.models import Registration, RegistrationState
from ..registrations.services import cancel, register
from ..registrations.tokens import issue_token, new_checkin_code

ATTENDED_AT_CONFERENCE = 100
MEETING_CONFIRMED, MEETING_WAITING, MEETING_PENDING = 60, 4, 3


def seed_registrations(events: list[Event], people: list[Person], rng: random.Random, today: date) -> None:
    by_kind = {event.kind: event for event in events if event.status == EventStatus.PUBLISHED}
    conference, meeting = by_kind["Fachkonferenz"], by_kind["Netzwerktreffen"]
    crowd = rng.sample(people, len(people))
    attend(conference, crowd[:ATTENDED_AT_CONFERENCE], rng)
    fill_meeting(meeting, crowd[: MEETING_CONFIRMED + MEETING_WAITING + MEETING_PENDING], to_instant(today, time(12)))


def attend(event: Event, people: list[Person], rng: random.Random) -> None:
    """The past conference as it happened: everyone checked in within the first hour (no mails: it is history)."""
    for person in people:
        registration = Registration(
            event=event, person=person, email=person.email, given_name=person.given_name,
            family_name=person.family_name, state=RegistrationState.ATTENDED, checkin_code=new_checkin_code(),
            function=person.function, organisation=person.organisation,
            organisation_type=person.organisation.type if person.organisation else "",
            kommune_id=person.organisation.kommune_id if person.organisation else None,
            consent_version=event.network.privacy_version, consented_at=event.starts_at - timedelta(days=20),
            attended_at=event.starts_at + timedelta(minutes=rng.randint(-30, 60)),
        )
        issue_token(registration)
        db.session.add(registration)


def fill_meeting(event: Event, people: list[Person], now: datetime) -> None:
    """Registered through the services, so the outbox holds the confirmations, waiting-list notices and more."""
    event.capacity = MEETING_CONFIRMED
    first_comers = people[: MEETING_CONFIRMED + MEETING_WAITING]
    registered = [register(event.id, _form_data(person), by_coordinator=True).registration for person in first_comers]
    cancel(registered[0])  # someone cancels: the first on the waiting list moves up
    event.requires_approval = True  # late registrations now wait for the coordinator
    for person in people[len(first_comers):]:
        register(event.id, _form_data(person), now=now)
    db.session.flush()


def _form_data(person: Person) -> dict:
    organisation = person.organisation
    return {"given_name": person.given_name, "family_name": person.family_name, "email": person.email,
            "organisation_id": organisation.id if organisation else None,
            "kommune_id": organisation.kommune_id if organisation else None, "consent": True}
