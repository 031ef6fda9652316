"""Registering, cancelling, approving, and the waiting list. Services flush; the request commits once.

Every change that counts places first takes the event's lock (capacity.lock_event), so two requests never
both see the last free place.
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..common.db import utcnow
from ..events.models import Event
from ..extensions import db
from ..mail.outbox import queue_registration_mail
from ..organisations.models import Organisation
from ..people.models import Person
from .capacity import free_places, lock_event
from .models import CANCELLED, CONFIRMED, HOLDS_PLACE, PENDING, WAITLISTED, Registration
from .tokens import issue_token, new_checkin_code


class RegistrationRefused(Exception):
    """Registration is not possible now; the message says why, in the user's language."""


@dataclass
class Outcome:
    registration: Registration
    token: str
    duplicate: bool = False


def registration_window_problem(event: Event, now: datetime | None = None) -> str | None:
    now = now or utcnow()
    if event.status == "cancelled":
        return _("Diese Veranstaltung ist abgesagt; eine Anmeldung ist nicht möglich.")
    if event.status != "published":
        return _("Für diese Veranstaltung ist keine Anmeldung möglich.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Die Anmeldung ist noch nicht geöffnet.")
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        return _("Die Anmeldung ist geschlossen.")
    return None


def register(event_id: int, data: dict, locale: str = "de", by_coordinator: bool = False, notify: bool = True,
             now: datetime | None = None) -> Outcome:
    """Register someone; confirmed while places are free, else on the waiting list (or pending approval).

    A coordinator may register without telling the person (notify=False): no mail is queued.
    `now` is when the registration window is judged (the demo places its data around another day)."""
    event = lock_event(event_id)
    if not by_coordinator and (problem := registration_window_problem(event, now)):
        raise RegistrationRefused(problem)
    email = data["email"].strip().lower()
    existing = db.session.scalar(select(Registration).where(Registration.event_id == event.id, Registration.email == email))
    if existing is not None and existing.state != CANCELLED:
        token = issue_token(existing)
        if notify:
            queue_registration_mail(existing, "link", token=token)
        db.session.flush()
        return Outcome(existing, token, duplicate=True)
    registration = existing or Registration(event=event, email=email, checkin_code=new_checkin_code())
    with db.session.no_autoflush:  # the new row is complete only once it has its state
        _fill(registration, event, data, locale)
        token = issue_token(registration)
        place(registration, event, pending_allowed=not by_coordinator)
    db.session.add(registration)
    db.session.flush()
    if notify:
        queue_registration_mail(registration, registration.state, token=token)
    return Outcome(registration, token)


def _fill(registration: Registration, event: Event, data: dict, locale: str) -> None:
    apply_details(registration, event, data)
    registration.locale = locale
    registration.consent_version = event.network.privacy_version if data.get("consent") else None
    registration.consented_at = utcnow() if data.get("consent") else None
    registration.cancelled_at = None
    registration.decision_message = ""


def apply_details(registration: Registration, event: Event, data: dict) -> None:
    """Who registers and what they answered: on the registration, and on the network's person record."""
    person = _person_for(event, {**data, "email": registration.email or data["email"]})
    registration.person = person
    registration.given_name, registration.family_name = person.given_name, person.family_name
    registration.kommune_id = data.get("kommune_id")
    registration.organisation_type = person.organisation.type if person.organisation else ""
    registration.answers = data.get("answers") or {}
    registration.accessibility_needs = (data.get("accessibility_needs") or "").strip()
    registration.dietary_needs = (data.get("dietary_needs") or "").strip()
    registration.topic_preferences = list(data.get("topic_preferences") or [])


def _person_for(event: Event, data: dict) -> Person:
    """The network's record of this person (matched by email), created or brought up to date."""
    email = data["email"].strip().lower()
    person = db.session.scalar(
        select(Person).where(Person.network_id == event.network_id, func.lower(Person.email) == email)
    )
    if person is None:
        person = Person(network_id=event.network_id, email=email)
        db.session.add(person)
    person.given_name = data["given_name"].strip()
    person.family_name = data["family_name"].strip()
    if data.get("function"):
        person.function = data["function"].strip()
    if organisation := _organisation_for(event, data):
        person.organisation = organisation
    return person


def _organisation_for(event: Event, data: dict) -> Organisation | None:
    if data.get("organisation_id"):
        return db.session.scalar(select(Organisation).where(
            Organisation.id == data["organisation_id"], Organisation.network_id == event.network_id))
    name = (data.get("new_organisation") or "").strip()
    if not name:
        return None
    found = db.session.scalar(select(Organisation).where(
        Organisation.network_id == event.network_id, func.lower(Organisation.name) == name.lower()))
    if found is None:
        found = Organisation(network_id=event.network_id, name=name, type=data.get("organisation_type") or "Sonstige",
                             kommune_id=data.get("kommune_id"))
        db.session.add(found)
    return found


def place(registration: Registration, event: Event, pending_allowed: bool = True) -> None:
    """Confirmed if a place is free and nobody waits before them; else the waiting list."""
    if pending_allowed and event.requires_approval:
        registration.state = PENDING
        return
    free = free_places(event)
    waiting = select(func.count()).where(Registration.event_id == event.id, Registration.state == WAITLISTED)
    if registration.id is not None:
        waiting = waiting.where(Registration.id != registration.id)
    someone_waits = db.session.scalar(waiting)
    if free is None or (free > 0 and not someone_waits):
        registration.state, registration.confirmed_at = CONFIRMED, utcnow()
    else:
        registration.state, registration.waitlisted_at = WAITLISTED, utcnow()


def cancel(registration: Registration, notify: bool = True) -> list[Registration]:
    """Cancel; a freed place goes to the first on the waiting list. Returns who moved up."""
    lock_event(registration.event_id)
    held_place = registration.state in HOLDS_PLACE
    registration.state, registration.cancelled_at = CANCELLED, utcnow()
    db.session.flush()
    if notify and registration.email:
        queue_registration_mail(registration, "cancelled")
    return promote_waitlist(registration.event) if held_place else []


def promote_waitlist(event: Event, passing_over: Registration | None = None) -> list[Registration]:
    """Move the first waitlisted people up into free places, in arrival order, and tell them. Caller holds the lock."""
    free = free_places(event)
    if free == 0:
        return []
    stmt = select(Registration).where(Registration.event_id == event.id, Registration.state == WAITLISTED)
    if passing_over is not None:
        stmt = stmt.where(Registration.id != passing_over.id)
    waiting = db.session.scalars(stmt.order_by(Registration.waitlisted_at, Registration.id).limit(free)).all()
    for registration in waiting:
        registration.state, registration.confirmed_at = CONFIRMED, utcnow()
        queue_registration_mail(registration, "moved_up")
    db.session.flush()
    return list(waiting)


def capacity_changed(event: Event) -> list[Registration]:
    """After a coordinator raised the capacity: fill the new places from the waiting list."""
    lock_event(event.id)
    return promote_waitlist(event)


def approve(registration: Registration, message: str = "") -> None:
    """Approve a pending registration: confirmed if a place is free, else waiting list."""
    event = lock_event(registration.event_id)
    registration.decision_message = message.strip()
    place(registration, event, pending_allowed=False)
    db.session.flush()
    queue_registration_mail(registration, "approved" if registration.state == CONFIRMED else WAITLISTED)


def reject(registration: Registration, message: str = "") -> None:
    lock_event(registration.event_id)
    registration.decision_message = message.strip()
    registration.state, registration.cancelled_at = CANCELLED, utcnow()
    db.session.flush()
    queue_registration_mail(registration, "rejected")


def move_to_waitlist(registration: Registration) -> list[Registration]:
    """Back to the end of the waiting list; a place it held goes to the first in line. Returns who moved up."""
    event = lock_event(registration.event_id)
    held_place = registration.state in HOLDS_PLACE
    registration.state, registration.waitlisted_at = WAITLISTED, utcnow()
    db.session.flush()
    return promote_waitlist(event, passing_over=registration) if held_place else []


def reissue_link(registration: Registration) -> str:
    """A new private link; the old one stops working at once."""
    token = issue_token(registration)
    queue_registration_mail(registration, "link", token=token)
    db.session.flush()
    return token
