"""Registering, cancelling, approving, and the waiting list. Services flush; the request commits once.

Every change that counts places first takes the event's lock (capacity.lock_event), so two requests never
both see the last free place.
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import joinedload

from ..common.timing import DOUBLE_CLICK_WINDOW, utcnow
from ..events.models import Event, EventFormat, EventStatus
from ..extensions import db
from ..organisations.models import Organisation, OrganisationType
from ..people.models import Person
from . import notices
from .capacity import free_places_and_queue, lock_event, places_by_mode, registration_and_places
from .models import HOLDS_PLACE, Attendance, Registration, RegistrationState
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
    if event.status == EventStatus.CANCELLED:
        return _("Diese Veranstaltung ist abgesagt; eine Anmeldung ist nicht möglich.")
    if event.status != EventStatus.PUBLISHED:
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
    `now` is when the registration window is judged (the demo places its data around another day).

    What the form says is kept on the registration. It changes the network's person record only when a
    coordinator registers (their decision); public input creates a person for a new address but never changes a
    stored one, and never creates an organisation (see accept_entered_details). People and organisations are
    looked up before the event's lock is taken: the locked section only counts and inserts."""
    email = data["email"].strip().lower()
    event = db.session.get(Event, event_id)
    entered = entered_details(event.network_id, data, create_organisation=by_coordinator)
    person = find_person(event.network_id, email)
    if person is None:
        person = new_person(event.network_id, email, entered)
        db.session.flush()
    draft, token = _draft(event, email, person, data, entered, locale, by_coordinator)
    # The mail for the state the count outside the lock predicts is written now; under the lock it is written
    # again only if the count there decides otherwise (rarely: when the last places go at this very moment).
    written = notices.write_mail(draft, draft.state, token=token) if notify else None

    event = lock_event(event_id)
    if not by_coordinator and (problem := registration_window_problem(event, now)):
        raise RegistrationRefused(problem)
    # One query for the address's earlier registration and the places of the chosen mode: a cancelled registration
    # neither holds a place nor waits, so the count fits a registration coming back as well as a new one.
    existing_id, places = registration_and_places(event, email, attendance_for(event, data.get("attendance")))
    existing = db.session.get(Registration, existing_id) if existing_id is not None else None
    if existing is not None and existing.state != RegistrationState.CANCELLED:
        token = issue_token(existing)
        if notify:
            notices.notify(existing, "link", token=token)
        db.session.flush()
        return Outcome(existing, token, duplicate=True)
    if existing is not None:  # registering again after cancelling: the old row comes back
        draft, token = _draft(event, email, person, data, entered, locale, by_coordinator, existing)
    with db.session.no_autoflush:
        place(draft, event, pending_allowed=not by_coordinator, counted=places)
    db.session.add(draft)
    db.session.flush()
    if notify:
        if written is not None and written.kind == draft.state and existing is None:
            notices.queue_mail(written, draft)
        else:
            notices.notify(draft, draft.state, token=token)
    return Outcome(draft, token)


def register_walk_in(event_id: int, data: dict, user, locale: str = "de") -> Outcome:
    """Someone who never registered comes to the door: registered and checked in at once by `user`, on site, however
    many places are taken (the person is in the room). As on the public form, an address finds the network's person
    and changes nothing stored, and a new organisation's name stays on the registration for the coordinator to
    accept. With an address the person gets their private link (badge, certificate, feedback); without one, a person
    record of their own, so that a person's history and erasure reach the registration.

    An address registered already (and not cancelled) is returned as a duplicate, unchanged; a cancelled
    registration of the address comes back."""
    email = (data.get("email") or "").strip().lower()
    event = db.session.get(Event, event_id)
    entered = entered_details(event.network_id, data)
    # The person is looked up under the lock, unlike on the public form: two desks taking in one new address at
    # once would each make a person record of their own (the walk-ins of one door are few; the wait is short).
    event = lock_event(event_id)
    existing = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.email == email)) if email else None
    if existing is not None and existing.state != RegistrationState.CANCELLED:
        return Outcome(existing, "", duplicate=True)
    if not email and (just_taken_in := _walk_in_moments_ago(event.id, entered, user)) is not None:
        return Outcome(just_taken_in, "", duplicate=True)  # a double click on "Aufnehmen", not a second person
    person = find_person(event.network_id, email) if email else None
    if person is None:
        person = new_person(event.network_id, email, entered)
        db.session.flush()
    registration = existing or Registration(event=event, email=email or None, checkin_code=new_checkin_code())
    with db.session.no_autoflush:
        registration.person = person
        _fill(registration, event, {**data, "attendance": Attendance.ONSITE}, entered, locale)
        token = issue_token(registration)
        now = utcnow()
        registration.state, registration.confirmed_at, registration.attended_at = RegistrationState.ATTENDED, now, now
        registration.checked_in_by_id = user.id
    db.session.add(registration)
    db.session.flush()
    notices.notify(registration, "link", token=token)
    return Outcome(registration, token)


def _walk_in_moments_ago(event_id: int, entered: "EnteredDetails", user) -> Registration | None:
    """The walk-in without an address this desk user took in under the same name within the double-click window."""
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event_id, Registration.email.is_(None),
        Registration.given_name == entered.given_name, Registration.family_name == entered.family_name,
        Registration.checked_in_by_id == user.id, Registration.state == RegistrationState.ATTENDED,
        Registration.attended_at > utcnow() - DOUBLE_CLICK_WINDOW).limit(1))


def _draft(event: Event, email: str, person: Person, data: dict, entered: "EnteredDetails", locale: str,
           by_coordinator: bool, registration: Registration | None = None) -> tuple[Registration, str]:
    """The registration filled in, with its link and the state a count without the lock predicts; not yet in the
    session (SQLAlchemy 2 adds nothing through back references), so nothing is written before the lock."""
    registration = registration or Registration(event=event, email=email, checkin_code=new_checkin_code())
    with db.session.no_autoflush:
        registration.person = person
        _fill(registration, event, data, entered, locale)
        if by_coordinator:
            apply_to_person(registration)
        token = issue_token(registration)
        place(registration, event, pending_allowed=not by_coordinator)
    return registration, token


def attendance_for(event: Event, wished: str | None) -> str:
    """How someone takes part: their choice at a hybrid event (on site when they made none), else the event's
    only mode."""
    if event.format == EventFormat.HYBRID:
        return wished if wished in Attendance else Attendance.ONSITE
    return event.modes[0]


def _fill(registration: Registration, event: Event, data: dict, entered: "EnteredDetails", locale: str) -> None:
    apply_details(registration, data, entered)
    registration.attendance = attendance_for(event, data.get("attendance"))
    registration.locale = locale
    registration.consent_version = event.network.privacy_version if data.get("consent") else None
    registration.consented_at = utcnow() if data.get("consent") else None
    registration.cancelled_at = None
    registration.decision_message = ""


@dataclass
class EnteredDetails:
    """Who someone says they are, as the form has it; organisation is one of the network's (found, or created by a
    coordinator), else organisation_name is a new one's name."""

    given_name: str
    family_name: str
    function: str = ""
    phone: str = ""
    organisation: Organisation | None = None
    organisation_name: str = ""
    organisation_type: str = ""


def entered_details(network_id: int, data: dict, create_organisation: bool = False) -> EnteredDetails:
    """Read the form's details; a new organisation's name is matched against the network's list (and only created
    when create_organisation, i.e. a coordinator enters it)."""
    entered = EnteredDetails(given_name=data["given_name"].strip(), family_name=data["family_name"].strip(),
                             function=(data.get("function") or "").strip(), phone=(data.get("phone") or "").strip())
    if data.get("organisation_id"):
        entered.organisation = db.session.scalar(select(Organisation).where(
            Organisation.id == data["organisation_id"], Organisation.network_id == network_id))
    elif name := (data.get("new_organisation") or "").strip():
        entered.organisation = _organisation_named(network_id, name)
        if entered.organisation is None:
            entered.organisation_name = name
            entered.organisation_type = data.get("organisation_type") or OrganisationType.SONSTIGE
            if create_organisation:
                entered.organisation = _create_organisation(network_id, name, entered.organisation_type,
                                                            data.get("kommune_id"))
    return entered


def find_person(network_id: int, email: str) -> Person | None:
    """The network's record of this address, with its organisation."""
    return db.session.scalar(_PERSON_BY_ADDRESS, {"network_id": network_id, "email": email.strip().lower()})


# Built once: every registration runs it (see capacity.py).
_PERSON_BY_ADDRESS = (
    select(Person).where(Person.network_id == bindparam("network_id"), func.lower(Person.email) == bindparam("email"))
    .options(joinedload(Person.organisation)).order_by(Person.id).limit(1)
)


def new_person(network_id: int, email: str, entered: EnteredDetails) -> Person:
    """A person the network does not know yet, as entered (creating a record overwrites nothing)."""
    person = Person(network_id=network_id, email=email, given_name=entered.given_name,
                    family_name=entered.family_name, function=entered.function, phone=entered.phone,
                    organisation=entered.organisation)
    db.session.add(person)
    return person


def apply_details(registration: Registration, data: dict, entered: EnteredDetails) -> None:
    """What was entered, on the registration only; what is left blank is taken from the stored person."""
    person = registration.person
    registration.given_name, registration.family_name = entered.given_name, entered.family_name
    registration.function = entered.function or (person.function if person else "")
    registration.phone = entered.phone or (person.phone if person else "")
    organisation = entered.organisation
    if organisation is None and not entered.organisation_name and person is not None:
        organisation = person.organisation
    registration.organisation = organisation
    registration.organisation_name = "" if organisation is not None else entered.organisation_name
    registration.organisation_type = organisation.type if organisation is not None else entered.organisation_type
    registration.kommune_id = data.get("kommune_id")
    registration.answers = data.get("answers") or {}
    registration.accessibility_needs = (data.get("accessibility_needs") or "").strip()
    registration.dietary_needs = (data.get("dietary_needs") or "").strip()
    registration.topic_preferences = list(data.get("topic_preferences") or [])
    if "photo_consent" in data and data["photo_consent"] != registration.photo_consent:
        registration.photo_consent = data["photo_consent"]  # True, False, or None for no answer
        registration.photo_consent_at = utcnow() if data["photo_consent"] is not None else None


def apply_to_person(registration: Registration) -> None:
    """The registration's details become the person's: the person proved the address, or a coordinator decided.
    A new organisation's name stays on the registration (only accept_entered_details creates organisations)."""
    person = registration.person
    if person is None:
        return
    person.given_name, person.family_name = registration.given_name, registration.family_name
    if registration.function:
        person.function = registration.function
    if registration.phone:
        person.phone = registration.phone
    if registration.organisation is not None:
        person.organisation = registration.organisation


@dataclass
class Difference:
    field: str  # given_name, family_name, function, phone, organisation
    label: str
    stored: str
    entered: str


def person_differences(registration: Registration) -> list[Difference]:
    """Where what was entered on the registration differs from the stored person (blank entries do not count)."""
    person = registration.person
    if person is None or not registration.differs_from_person:
        return []
    found = []
    for name, label in (("given_name", _("Vorname")), ("family_name", _("Nachname")), ("function", _("Funktion")),
                        ("phone", _("Telefon"))):
        entered, stored = getattr(registration, name), getattr(person, name)
        if entered != stored and (entered or name in ("given_name", "family_name")):
            found.append(Difference(name, label, stored, entered))
    if registration.organisation_name or (registration.organisation_id is not None
                                          and registration.organisation_id != person.organisation_id):
        entered = registration.organisation_label
        if registration.organisation_name:
            entered = _("%(name)s (neu, %(type)s)", name=entered,
                        type=OrganisationType.label_of(registration.organisation_type))
        found.append(Difference("organisation", _("Organisation"),
                                person.organisation.name if person.organisation else "", entered))
    return found


def accept_entered_details(registration: Registration) -> None:
    """A coordinator accepts what was entered: the person takes it; a new organisation is created (or found)."""
    if registration.organisation_name:
        event = registration.event
        registration.organisation = (
            _organisation_named(event.network_id, registration.organisation_name)
            or _create_organisation(event.network_id, registration.organisation_name,
                                    registration.organisation_type or OrganisationType.SONSTIGE, registration.kommune_id))
        registration.organisation_type = registration.organisation.type
        registration.organisation_name = ""
    apply_to_person(registration)
    db.session.flush()


def discard_entered_details(registration: Registration) -> None:
    """A coordinator keeps the stored person: the registration takes the person's details."""
    person = registration.person
    if person is None:
        return
    registration.given_name, registration.family_name = person.given_name, person.family_name
    registration.function, registration.phone = person.function, person.phone
    registration.organisation, registration.organisation_name = person.organisation, ""
    registration.organisation_type = person.organisation.type if person.organisation else ""
    db.session.flush()


def _organisation_named(network_id: int, name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(
        Organisation.network_id == network_id, func.lower(Organisation.name) == name.strip().lower()))


def _create_organisation(network_id: int, name: str, type_: str, kommune_id: int | None) -> Organisation:
    organisation = Organisation(network_id=network_id, name=name.strip(), type=type_ or OrganisationType.SONSTIGE,
                                kommune_id=kommune_id)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def place(registration: Registration, event: Event, pending_allowed: bool = True,
          counted: tuple[int, int] | None = None) -> None:
    """Confirmed if a place in their mode (on site, online) is free and nobody waits before them in that mode; else
    that mode's waiting list. `counted`: the free_places_and_queue() of a limited mode, when the caller has counted
    them already."""
    if pending_allowed and event.requires_approval:
        registration.state = RegistrationState.PENDING
        return
    mode = registration.attendance or attendance_for(event, None)
    if event.capacity_for(mode) is None:
        registration.state, registration.confirmed_at = RegistrationState.CONFIRMED, utcnow()
        return
    free, someone_waits = counted if counted is not None else free_places_and_queue(event, mode,
                                                                                    excluding_id=registration.id)
    if free > 0 and not someone_waits:
        registration.state, registration.confirmed_at = RegistrationState.CONFIRMED, utcnow()
    else:
        registration.state, registration.waitlisted_at = RegistrationState.WAITLISTED, utcnow()


def cancel(registration: Registration, notify: bool = True) -> list[Registration]:
    """Cancel; a freed place goes to the first on the waiting list of the same mode. Returns who moved up."""
    lock_event(registration.event_id)
    held_place = registration.state in HOLDS_PLACE
    registration.state, registration.cancelled_at = RegistrationState.CANCELLED, utcnow()
    db.session.flush()
    if notify and registration.email:
        notices.notify(registration, "cancelled")
    return promote_waitlist(registration.event) if held_place else []


def promote_waitlist(event: Event, passing_over: Registration | None = None) -> list[Registration]:
    """Move the first waitlisted people up into free places, in arrival order and per mode (a freed place on site
    goes to the first waiting for one on site), and tell them. Caller holds the lock."""
    taken = places_by_mode(event.id)
    moved: list[Registration] = []
    for mode in event.modes:
        limit = event.capacity_for(mode)
        free = None if limit is None else max(limit - taken.get(mode, 0), 0)
        if free == 0:
            continue
        stmt = select(Registration).where(Registration.event_id == event.id, Registration.attendance == mode,
                                          Registration.state == RegistrationState.WAITLISTED)
        if passing_over is not None:
            stmt = stmt.where(Registration.id != passing_over.id)
        waiting = db.session.scalars(stmt.order_by(Registration.waitlisted_at, Registration.id).limit(free)).all()
        for registration in waiting:
            registration.state, registration.confirmed_at = RegistrationState.CONFIRMED, utcnow()
            notices.notify(registration, "moved_up")
        moved += waiting
    db.session.flush()
    return moved


def capacity_changed(event: Event) -> list[Registration]:
    """After a coordinator raised the capacity: fill the new places from the waiting list."""
    lock_event(event.id)
    return promote_waitlist(event)


def align_attendance(event: Event) -> list[Registration]:
    """After the event's format changed: everyone takes part in its only mode (a meeting moved online takes its
    people along); at a hybrid event each keeps theirs. Places freed in a mode go to its waiting list."""
    lock_event(event.id)
    if not event.is_hybrid:
        db.session.execute(update(Registration).where(Registration.event_id == event.id,
                                                      Registration.attendance != event.modes[0])
                           .values(attendance=event.modes[0]).execution_options(synchronize_session="fetch"))
    return promote_waitlist(event)


class AttendanceRefused(Exception):
    """The other way of taking part has no free place; the message says so, in the user's language."""


def switch_attendance(registration: Registration, attendance: str) -> list[Registration]:
    """A participant of a hybrid event changes between on site and online. Someone holding a place keeps it only if
    the other mode has a free one and nobody waits for it (else AttendanceRefused); someone waiting joins the end of
    the other mode's waiting list, or gets its free place. A place left behind goes to that mode's waiting list.
    Returns who moved up."""
    event = lock_event(registration.event_id)
    if not event.is_hybrid or attendance not in Attendance:
        raise AttendanceRefused(_("Bei dieser Veranstaltung lässt sich die Art der Teilnahme nicht wählen."))
    if attendance == registration.attendance:
        return []
    held_place = registration.state in HOLDS_PLACE
    if held_place and event.capacity_for(attendance) is not None:
        free, someone_waits = free_places_and_queue(event, attendance)
        if free == 0 or someone_waits:
            raise AttendanceRefused(
                _("Online ist leider kein Platz mehr frei; Sie bleiben vor Ort angemeldet.")
                if attendance == Attendance.ONLINE else
                _("Vor Ort ist leider kein Platz mehr frei; Sie bleiben online angemeldet."))
    registration.attendance = attendance
    if registration.state == RegistrationState.WAITLISTED:
        place(registration, event, pending_allowed=False)
        if registration.state == RegistrationState.CONFIRMED:
            notices.notify(registration, "moved_up")
    elif held_place:  # the calendar entry of the old way (the place, or the online room) is replaced
        notices.notify(registration, "attendance_changed")
    db.session.flush()
    return promote_waitlist(event, passing_over=registration) if held_place else []


def approve(registration: Registration, message: str = "") -> None:
    """Approve a pending registration: confirmed if a place is free, else waiting list."""
    event = lock_event(registration.event_id)
    registration.decision_message = message.strip()
    place(registration, event, pending_allowed=False)
    db.session.flush()
    notices.notify(registration, "approved" if registration.state == RegistrationState.CONFIRMED else "waitlisted")


def reject(registration: Registration, message: str = "") -> None:
    lock_event(registration.event_id)
    registration.decision_message = message.strip()
    registration.state, registration.cancelled_at = RegistrationState.CANCELLED, utcnow()
    db.session.flush()
    notices.notify(registration, "rejected")


def move_to_waitlist(registration: Registration) -> list[Registration]:
    """Back to the end of the waiting list; a place it held goes to the first in line. Returns who moved up."""
    event = lock_event(registration.event_id)
    held_place = registration.state in HOLDS_PLACE
    registration.state, registration.waitlisted_at = RegistrationState.WAITLISTED, utcnow()
    db.session.flush()
    return promote_waitlist(event, passing_over=registration) if held_place else []


def reissue_link(registration: Registration) -> str:
    """A new private link; the old one stops working at once."""
    token = issue_token(registration)
    notices.notify(registration, "link", token=token)
    db.session.flush()
    return token
