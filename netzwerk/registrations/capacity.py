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


def places_taken(event_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(Registration.event_id == event_id, Registration.state.in_(HOLDS_PLACE))
    )


def free_places(event: Event) -> int | None:
    """None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - places_taken(event.id), 0)


def state_counts(event_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Registration.state, func.count()).where(Registration.event_id == event_id).group_by(Registration.state)
    )
    return dict(rows.all())


def free_places_and_queue(event: Event, excluding_id: int | None = None) -> tuple[int, int]:
    """(free places, people on the waiting list other than `excluding_id`) in one query, for a limited event."""
    if excluding_id is None:
        taken, queued = db.session.execute(_PLACES_AND_QUEUE, {"event_id": event.id}).one()
    else:
        taken, queued = db.session.execute(_PLACES_AND_QUEUE_EXCLUDING,
                                           {"event_id": event.id, "excluding_id": excluding_id}).one()
    return max(event.capacity - taken, 0), queued


def registration_and_places(event: Event, email: str) -> tuple[int | None, tuple[int, int] | None]:
    """The id of the event's registration for this address (or None), and free_places_and_queue() for a new one
    (None for an event without a limit), in one query: what registering counts under the event's lock."""
    taken, queued, existing_id = db.session.execute(_REGISTRATION_AND_PLACES,
                                                    {"event_id": event.id, "email": email}).one()
    return existing_id, None if event.capacity is None else (max(event.capacity - taken, 0), queued)


_TAKEN = func.count().filter(Registration.state.in_(HOLDS_PLACE))
_WAITING = Registration.state == RegistrationState.WAITLISTED
_OF_EVENT = Registration.event_id == bindparam("event_id")
_PLACES_AND_QUEUE = select(_TAKEN, func.count().filter(_WAITING)).where(_OF_EVENT)
_PLACES_AND_QUEUE_EXCLUDING = (select(_TAKEN, func.count().filter(_WAITING & (Registration.id != bindparam("excluding_id"))))
                               .where(_OF_EVENT))
_SAME_ADDRESS = aliased(Registration, name="same_address")
_REGISTRATION_AND_PLACES = _PLACES_AND_QUEUE.add_columns(
    select(_SAME_ADDRESS.id).where(_SAME_ADDRESS.event_id == bindparam("event_id"),
                                   _SAME_ADDRESS.email == bindparam("email")).scalar_subquery())
