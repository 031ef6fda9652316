"""Registrations for the demo: a past Fachkonferenz that people attended, an upcoming hybrid network meeting whose
places on site are full (with a short waiting list and open approvals) while a few take part online, and the mails
all this would send (in the Postausgang)."""
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..common.timing import to_instant
from ..events.models import Event, EventFormat, EventStatus
from ..extensions import db
from ..people.models import Person
from ..registrations.models import Attendance, Registration, RegistrationState
from ..registrations.services import cancel, register
from ..registrations.tokens import issue_token, new_checkin_code

ATTENDED_AT_CONFERENCE = 100
MEETING_CONFIRMED, MEETING_WAITING, MEETING_PENDING = 60, 4, 3
MEETING_ONLINE, MEETING_ONLINE_PLACES = 6, 30
# Invented addresses (example.org never resolves): the demo's rooms lead nowhere.
MEETING_ROOM = "https://konferenz.example.org/netzwerktreffen-guetersloh"
MEETING_DIAL_IN = "+49 30 1234 5678, Konferenz-PIN 4711 0815#"


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
    """Registered through the services, so the outbox holds the confirmations, waiting-list notices and more. The
    meeting is hybrid: these fill its places on site (add_online_participants adds those online)."""
    event.capacity = MEETING_CONFIRMED
    event.format, event.online_capacity = EventFormat.HYBRID, MEETING_ONLINE_PLACES
    event.online_url, event.online_dial_in = MEETING_ROOM, MEETING_DIAL_IN
    first_comers = people[: MEETING_CONFIRMED + MEETING_WAITING]
    registered = [register(event.id, _form_data(person), by_coordinator=True).registration for person in first_comers]
    cancel(registered[0])  # someone cancels: the first on the waiting list moves up
    event.requires_approval = True  # late registrations now wait for the coordinator
    for person in people[len(first_comers):]:
        register(event.id, _form_data(person), now=now)
    db.session.flush()


def add_online_participants(event: Event, people: list[Person]) -> None:
    """A few people of the network not registered yet take part in the hybrid meeting online (the first in the
    list: the demo's other data stays as it was)."""
    registered = set(db.session.scalars(select(Registration.person_id).where(Registration.event_id == event.id)))
    for person in [person for person in people if person.id not in registered and person.email][:MEETING_ONLINE]:
        register(event.id, {**_form_data(person), "attendance": Attendance.ONLINE}, by_coordinator=True)
    db.session.flush()


def _form_data(person: Person) -> dict:
    organisation = person.organisation
    return {"given_name": person.given_name, "family_name": person.family_name, "email": person.email,
            "organisation_id": organisation.id if organisation else None,
            "kommune_id": organisation.kommune_id if organisation else None, "consent": True}
