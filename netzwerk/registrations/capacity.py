"""Counting places without races: whoever counts and inserts holds the event's lock until commit.

The statements every registration runs are built once (with bind parameters): building and keying a statement
anew costs more CPU than running it.
"""
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import aliased

from ..events.models import Event
from ..extensions import db
from .models import HOLDS_PLACE, Registration, RegistrationState

_LOCK_EVENT = (select(Event).where(Event.id == bindparam("event_id")).with_for_update()
               .execution_options(populate_existing=True))


def lock_event(event_id: int) -> Event:
    """Serialise all registration changes of one event until the transaction ends.

    PostgreSQL: a row lock (SELECT ... FOR UPDATE). SQLite: a no-op UPDATE of the row takes the database's
    write lock at once, as BEGIN IMMEDIATE would, inside SQLAlchemy's transaction (raw SQL, so that
    `updated_at` stays untouched).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.scalars(_LOCK_EVENT, {"event_id": event_id}).one()
    db.session.execute(text("UPDATE event SET id = id WHERE id = :id"), {"id": event_id})
    return db.session.get(Event, event_id, populate_existing=True)


def places_taken(event_id: int, attendance: str | None = None) -> int:
    """Places held, of one way of taking part or of all."""
    stmt = select(func.count()).where(Registration.event_id == event_id, Registration.state.in_(HOLDS_PLACE))
    if attendance is not None:
        stmt = stmt.where(Registration.attendance == attendance)
    return db.session.scalar(stmt)


def free_places(event: Event, attendance: str | None = None) -> int | None:
    """None when the event has no limit (for `attendance`: in that mode; else in its only, or first, mode)."""
    mode = attendance or event.modes[0]
    limit = event.capacity_for(mode)
    if limit is None:
        return None
    return max(limit - places_taken(event.id, mode), 0)


def free_places_by_mode(event: Event) -> dict[str, int | None]:
    """Free places in each mode the event offers (None: unlimited), in one query: the public page of a hybrid
    event."""
    taken = dict(db.session.execute(_TAKEN_BY_MODE, {"event_id": event.id}).all())
    return {mode: None if event.capacity_for(mode) is None else max(event.capacity_for(mode) - taken.get(mode, 0), 0)
            for mode in event.modes}


def state_counts(event_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Registration.state, func.count()).where(Registration.event_id == event_id).group_by(Registration.state)
    )
    return dict(rows.all())


def places_by_mode(event_id: int) -> dict[str, int]:
    """Places held per way of taking part (the coordinator's gauges of a hybrid event)."""
    return dict(db.session.execute(_TAKEN_BY_MODE, {"event_id": event_id}).all())


def free_places_and_queue(event: Event, attendance: str, excluding_id: int | None = None) -> tuple[int, int]:
    """(free places, people on the waiting list other than `excluding_id`) of one way of taking part, in one query,
    for a mode with a limit: on-site and online places and waiting lists are separate."""
    values = {"event_id": event.id, "attendance": attendance}
    if excluding_id is None:
        taken, queued = db.session.execute(_PLACES_AND_QUEUE, values).one()
    else:
        taken, queued = db.session.execute(_PLACES_AND_QUEUE_EXCLUDING, {**values, "excluding_id": excluding_id}).one()
    return max(event.capacity_for(attendance) - taken, 0), queued


def registration_and_places(event: Event, email: str, attendance: str
                            ) -> tuple[int | None, tuple[int, int] | None]:
    """The id of the event's registration for this address (or None), and free_places_and_queue() of the chosen
    mode for a new one (None for a mode without a limit), in one query: what registering counts under the event's
    lock."""
    taken, queued, existing_id = db.session.execute(
        _REGISTRATION_AND_PLACES, {"event_id": event.id, "email": email, "attendance": attendance}).one()
    limit = event.capacity_for(attendance)
    return existing_id, None if limit is None else (max(limit - taken, 0), queued)


_TAKEN = func.count().filter(Registration.state.in_(HOLDS_PLACE))
_WAITING = Registration.state == RegistrationState.WAITLISTED
_OF_EVENT = Registration.event_id == bindparam("event_id")
_IN_MODE = Registration.attendance == bindparam("attendance")
_TAKEN_BY_MODE = (select(Registration.attendance, func.count())
                  .where(_OF_EVENT, Registration.state.in_(HOLDS_PLACE)).group_by(Registration.attendance))
_PLACES_AND_QUEUE = select(_TAKEN, func.count().filter(_WAITING)).where(_OF_EVENT, _IN_MODE)
_PLACES_AND_QUEUE_EXCLUDING = (select(_TAKEN, func.count().filter(_WAITING & (Registration.id != bindparam("excluding_id"))))
                               .where(_OF_EVENT, _IN_MODE))
_SAME_ADDRESS = aliased(Registration, name="same_address")
_REGISTRATION_AND_PLACES = _PLACES_AND_QUEUE.add_columns(
    select(_SAME_ADDRESS.id).where(_SAME_ADDRESS.event_id == bindparam("event_id"),
                                   _SAME_ADDRESS.email == bindparam("email")).scalar_subquery())
