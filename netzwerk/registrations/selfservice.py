"""What a registered person does through their private link: see, change, cancel, take the event into a calendar."""
from datetime import datetime

import icalendar
from sqlalchemy import func, or_, select, tuple_

from ..common.db import utcnow
from ..common.timing import local
from ..events.models import Event
from ..extensions import db
from ..kommunen.models import Kommune, Membership
from ..organisations.models import Organisation
from .models import ATTENDED, CANCELLED, WAITLISTED, Question, Registration
from .services import _person_for  # the same matching of person and organisation as at registration

ICAL_STATUS = {"published": "CONFIRMED", "cancelled": "CANCELLED", "draft": "TENTATIVE"}


def event_questions(event_id: int) -> list[Question]:
    return db.session.scalars(
        select(Question).where(Question.event_id == event_id).order_by(Question.position, Question.id)
    ).all()


def network_choices(network_id: int) -> tuple[list[Organisation], list[Kommune]]:
    """The network's organisations and its current member Kommunen, by name, for the form's selects."""
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.network_id == network_id).order_by(Organisation.name)
    ).all()
    kommunen = db.session.scalars(
        select(Kommune).join(Membership, Membership.kommune_id == Kommune.id)
        .where(Membership.network_id == network_id,
               or_(Membership.left_on.is_(None), Membership.left_on >= func.current_date()))
        .order_by(Kommune.name)
    ).all()
    return organisations, kommunen


def can_change(registration: Registration, now: datetime | None = None) -> bool:
    """Answers can be changed and the registration cancelled until the event begins, unless it is over for them."""
    return registration.state not in (CANCELLED, ATTENDED) and (now or utcnow()) < registration.event.starts_at


def update(registration: Registration, data: dict) -> None:
    """Save changed answers; the email address (the person's identity) stays as it is."""
    person = _person_for(registration.event, {**data, "email": registration.email})
    registration.person = person
    registration.given_name, registration.family_name = person.given_name, person.family_name
    registration.kommune_id = data.get("kommune_id")
    registration.organisation_type = person.organisation.type if person.organisation else ""
    registration.answers = data.get("answers") or {}
    registration.accessibility_needs = (data.get("accessibility_needs") or "").strip()
    registration.dietary_needs = (data.get("dietary_needs") or "").strip()
    registration.topic_preferences = list(data.get("topic_preferences") or [])
    db.session.flush()


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next to move up; None when not on the waiting list."""
    if registration.state != WAITLISTED:
        return None
    ahead = select(func.count()).where(
        Registration.event_id == registration.event_id, Registration.state == WAITLISTED,
        tuple_(Registration.waitlisted_at, Registration.id) < tuple_(registration.waitlisted_at, registration.id),
    )
    return db.session.scalar(ahead) + 1


def event_ics(event: Event, url: str = "") -> bytes:
    """The event as an iCalendar file with its stable UID and current SEQUENCE, so calendars update the entry."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//netzwerk//Veranstaltungen//DE")
    calendar.add("version", "2.0")
    entry = icalendar.Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", utcnow())
    if event.all_day:
        entry.add("dtstart", local(event.starts_at).date())
        entry.add("dtend", local(event.ends_at).date())  # all-day events end at midnight after their last day
    else:
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    location = ", ".join(part for part in (event.venue_name, " ".join(event.venue_address.split())) if part)
    if location:
        entry.add("location", location)
    if event.description:
        entry.add("description", event.description)
    if url:
        entry.add("url", url)
    entry.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
    calendar.add_component(entry)
    return calendar.to_ical()
