"""What every part of the fair shares: its settings row, its deadline, slot times, row locks, secret links."""
import hmac
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from ..calendar.freshness import watch
from ..common.dialects import in_name_order
from ..common.timing import utcnow
from ..common.tokens import hash_token
from ..events.models import Event, EventKind, EventStatus
from ..extensions import db
from .models import Exhibitor, Fair, InterviewMode

FAIR_KIND = EventKind.MIGRATIONSMESSE
TOKEN_BYTES = 32  # 256 random bits, as for registrations


def show_in_calendar() -> None:
    # Slot times and the Aussteller's name, booth and place show in visitors' calendar feeds: a change to
    # either moves the network's stamp, which every personal feed of the network includes.
    watch(Fair, lambda fair: ((), (fair.event_id,), ()))
    watch(Exhibitor, lambda exhibitor: ((), (exhibitor.event_id,), ()))


def by_company():
    """Aussteller in the order people look for them: "Bäckerei" before "Baumarkt", whatever the case."""
    return in_name_order(Exhibitor.company, db.session.connection())


def is_fair(event: Event) -> bool:
    return event.kind == FAIR_KIND


def fair_of(event: Event) -> Fair:
    """The fair's settings; the defaults, not yet stored, until a coordinator saves something (so that reading a
    page never writes)."""
    fair = db.session.scalar(select(Fair).where(Fair.event_id == event.id))
    if fair is None:
        fair = _default_fair(event)
    fair.event = event
    return fair


def stored_fair(event: Event) -> Fair:
    """The fair's settings row, created with the defaults if need be (by whichever of several simultaneous
    requests comes first; the others read its row)."""
    fair = db.session.scalar(select(Fair).where(Fair.event_id == event.id))
    if fair is None:
        fair = _default_fair(event)
        try:
            with db.session.begin_nested():
                db.session.add(fair)
        except IntegrityError:
            fair = db.session.scalars(select(Fair).where(Fair.event_id == event.id)).one()
    fair.event = event
    return fair


def _default_fair(event: Event) -> Fair:
    return Fair(event_id=event.id, hall_width=40, hall_depth=25, background_type="", interview_mode=InterviewMode.OFF,
                slot_minutes=10, slot_count=12, max_interviews_per_visitor=3, schedule_metrics={})


def booking_closes_at(fair: Fair) -> datetime:
    return fair.booking_deadline or fair.event.starts_at


def booking_open(fair: Fair, now: datetime | None = None) -> bool:
    return fair.event.status == EventStatus.PUBLISHED and (now or utcnow()) < booking_closes_at(fair)


def booking_problem(fair: Fair, now: datetime | None = None) -> str | None:
    """Why Aussteller cannot book or change their booking now, or None."""
    if fair.event.status == EventStatus.CANCELLED:
        return _("Diese Messe ist abgesagt.")
    if fair.event.status != EventStatus.PUBLISHED:
        return _("Für diese Messe sind noch keine Buchungen möglich.")
    if (now or utcnow()) >= booking_closes_at(fair):
        return _("Der Buchungsschluss ist vorbei.")
    return None


def first_slot_at(fair: Fair) -> datetime:
    return fair.first_slot_at or fair.event.starts_at


def slot_start(fair: Fair, slot: int) -> datetime:
    return slot_time(first_slot_at(fair), fair.slot_minutes, slot)


def slot_time(first: datetime, minutes: int, slot: int) -> datetime:
    return first + timedelta(minutes=slot * minutes)


def slot_end(fair: Fair, slot: int) -> datetime:
    return slot_start(fair, slot + 1)


# --- row locks --------------------------------------------------------------------------------------------

def lock_row(model, row_id: int):
    """Hold the row until the transaction ends, so that one booking at a time decides about it.

    PostgreSQL: SELECT ... FOR NO KEY UPDATE (rows that merely reference it, e.g. an Aussteller naming a
    booth as its wish, are not held up). SQLite: a no-op UPDATE takes the database's write lock at once, as
    registrations.capacity.lock_event does (raw SQL, so that `updated_at` stays untouched). Take such locks
    before the first flush of a request: every flush moves the network's calendar stamp, and the stamp's row
    must be the last lock taken, or two requests could each wait for the other.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        return db.session.scalars(select(model).where(model.id == row_id).with_for_update(key_share=True)
                                  .execution_options(populate_existing=True)).one_or_none()
    db.session.execute(text(f"UPDATE {model.__tablename__} SET id = id WHERE id = :id"), {"id": row_id})
    return db.session.get(model, row_id, populate_existing=True)


# --- secret links -----------------------------------------------------------------------------------------

def new_token() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def matches(stored_hash: str | None, token: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(stored_hash, hash_token(token))
