"""Check-in at the entrance: find a registration by its badge code or name, mark it attended, undo.

Marking is a conditional UPDATE (only a confirmed registration becomes attended), so two scanners reading
the same badge at once need no lock: exactly one of them checks the person in, the other sees "already".
"""
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from ..common.access import only_managed
from ..common.dialects import in_name_order, lowered
from ..common.timing import BERLIN, utcnow
from ..events.models import Event, EventFormat, EventStatus
from ..extensions import db
from ..registrations.capacity import lock_event, places_taken
from ..registrations.models import HOLDS_PLACE, Attendance, Registration, RegistrationState
from ..registrations.services import promote_waitlist, register_walk_in

WELCOME, ALREADY, UNKNOWN, REFUSED = "welcome", "already", "unknown", "refused"
SEARCH_LIMIT = 20
RECENT_LIMIT = 10
# Who a coordinator may let in at the door in one step (approved or given a place, and checked in); cancelled
# registrations stay refused.
ADMISSIBLE = (RegistrationState.PENDING, RegistrationState.WAITLISTED)


@dataclass
class ScanResult:
    outcome: str  # WELCOME, ALREADY, UNKNOWN or REFUSED (pending, waitlisted, cancelled)
    registration: Registration | None = None
    came_instead_of_online: bool = False  # registered online at a hybrid event, now on site
    overfull: tuple[int, int] | None = None  # (people on site, places) when this check-in went beyond the places


def normalise_code(raw: str) -> str:
    """What a scanner or a hand typed, as stored: no spaces or dashes, upper case."""
    return re.sub(r"[\s\-]+", "", raw or "").upper()


def checkin_events(user, now: datetime | None = None) -> list[Event]:
    """Published events of the user's networks that end today or later, soonest first; online-only ones have no
    entrance (their attendance is marked in the registrations list)."""
    today = (now or utcnow()).astimezone(BERLIN).replace(hour=0, minute=0, second=0, microsecond=0)
    stmt = (
        only_managed(select(Event), Event.network_id, user)
        .where(Event.status == EventStatus.PUBLISHED, Event.ends_at >= today, Event.format != EventFormat.ONLINE)
        .options(selectinload(Event.network))
        .order_by(Event.starts_at)
    )
    return list(db.session.scalars(stmt))


def check_in_by_code(event: Event, code: str, user) -> ScanResult:
    code = normalise_code(code)
    registration = db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.checkin_code == code)
    ) if code else None
    if registration is None:
        return ScanResult(UNKNOWN)
    return check_in(registration, user)


def check_in(registration: Registration, user) -> ScanResult:
    """Confirmed becomes attended (now, by user); a repeated scan changes nothing. Someone registered online who comes
    to the door of a hybrid event takes part on site from now on: counted at the desk, named with the venue on the
    certificate, seated at the tables."""
    if registration.attendance == Attendance.ONLINE and registration.event.is_hybrid:
        return _check_in_instead_of_online(registration, user)
    marked = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.state == RegistrationState.CONFIRMED)
        .values(state=RegistrationState.ATTENDED, attended_at=utcnow(), checked_in_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(registration)
    if marked:
        return ScanResult(WELCOME, registration)
    return ScanResult(_not_marked(registration), registration)


def _not_marked(registration: Registration) -> str:
    return ALREADY if registration.state == RegistrationState.ATTENDED else REFUSED


def _check_in_instead_of_online(registration: Registration, user) -> ScanResult:
    """The place online goes to the first waiting online."""
    event = lock_event(registration.event_id)
    if not _mark_attended_under_lock(registration, user, (RegistrationState.CONFIRMED,), on_site=True):
        return ScanResult(_not_marked(registration), registration)
    promote_waitlist(event)
    return ScanResult(WELCOME, registration, came_instead_of_online=True, overfull=overfull_on_site(event))


def admit(registration: Registration, user) -> ScanResult:
    """A coordinator lets in someone waiting for approval or for a place: approved, given a place and checked in at
    once, on site, even beyond the places (the person is in the room; the desk says so). No mail: they are at the
    desk. ALREADY for whom a click a moment ago let in (a double click); REFUSED for anyone else (cancelled ones
    stay out; confirmed ones are simply checked in)."""
    event = lock_event(registration.event_id)
    on_site = Attendance.ONSITE in event.modes
    was_online = on_site and registration.attendance == Attendance.ONLINE
    if not _mark_attended_under_lock(registration, user, ADMISSIBLE, on_site=on_site):
        return ScanResult(_not_marked(registration), registration)
    return ScanResult(WELCOME, registration, came_instead_of_online=was_online, overfull=overfull_on_site(event))


def _mark_attended_under_lock(registration: Registration, user, from_states, on_site: bool) -> bool:
    """Places change, so the caller holds the event's lock: the row as it is now decides (two desks at once check
    in once), changed through the session so that the person's calendar feed moves too."""
    db.session.refresh(registration)
    if registration.state not in from_states:
        return False
    now = utcnow()
    if registration.state != RegistrationState.CONFIRMED:
        registration.confirmed_at = now
    registration.state, registration.attended_at, registration.checked_in_by_id = RegistrationState.ATTENDED, now, user.id
    if on_site:
        registration.attendance = Attendance.ONSITE
    db.session.flush()
    return True


def walk_in(event: Event, data: dict, user, locale: str) -> ScanResult:
    """Someone who never registered: registered and checked in at once (registrations.services.register_walk_in).
    An address registered meanwhile (another desk, a moment ago) is that registration: checked in as by its badge."""
    outcome = register_walk_in(event.id, data, user, locale=locale)
    if outcome.duplicate:
        return check_in(outcome.registration, user)
    return ScanResult(WELCOME, outcome.registration, overfull=overfull_on_site(event))


def overfull_on_site(event: Event) -> tuple[int, int] | None:
    """(people holding a place on site, places on site) when there are more people than places."""
    limit = event.capacity_for(Attendance.ONSITE)
    if limit is None:
        return None
    taken = places_taken(event.id, Attendance.ONSITE)
    return (taken, limit) if taken > limit else None


def undo_check_in(registration: Registration) -> bool:
    """Back to confirmed; False when the registration was not checked in (nothing changes)."""
    undone = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.state == RegistrationState.ATTENDED)
        .values(state=RegistrationState.CONFIRMED, attended_at=None, checked_in_by_id=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(registration)
    return bool(undone)


def desk_counts(event: Event) -> dict[str, int]:
    """Who is expected at the entrance and who has come: people on site only (online participants never pass it)."""
    expected, arrived = db.session.execute(
        select(func.count().filter(Registration.state.in_(HOLDS_PLACE)),
               func.count().filter(Registration.state == RegistrationState.ATTENDED))
        .where(Registration.event_id == event.id, Registration.attendance != Attendance.ONLINE)).one()
    return {"expected": expected, "arrived": arrived}


def recent_check_ins(event: Event, limit: int = RECENT_LIMIT) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.state == RegistrationState.ATTENDED)
        .options(selectinload(Registration.checked_in_by))
        .order_by(Registration.attended_at.desc(), Registration.id.desc())
        .limit(limit)
    ))


def search_registrations(event: Event, query: str, limit: int = SEARCH_LIMIT) -> list[Registration]:
    """Registrations of the event whose name or email contains the query (any case), by name as people expect it
    (case and accents aside: "Böhm" before "Brandt"), sorted and limited by the database."""
    words = query.split()
    if not words:
        return []
    connection = db.session.connection()
    stmt = select(Registration).where(Registration.event_id == event.id, Registration.anonymised_at.is_(None))
    for word in words:  # "anna schm" finds Anna Schmidt
        stmt = stmt.where(or_(*(lowered(column, connection).contains(word.lower(), autoescape=True)
                                for column in (Registration.given_name, Registration.family_name, Registration.email))))
    by_name = (in_name_order(Registration.family_name, connection), in_name_order(Registration.given_name, connection),
               Registration.id)
    return list(db.session.scalars(stmt.order_by(*by_name).limit(limit)))

