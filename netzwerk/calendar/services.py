"""Network and personal feeds: which rows, a cheap validator (ETag, Last-Modified) and the built bytes, cached.

A feed's validator comes from one aggregate query (newest change and counts); the feed itself is built only
when a client does not have that version yet, and then kept in the cache under (feed, validator).
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, distinct, func, or_, select
from sqlalchemy.orm import selectinload

from ..common.db import utcnow
from ..events.models import PUBLIC_STATUSES, AgendaItem, Event
from ..extensions import cache, db
from ..networks.models import Network
from ..people.models import Person
from ..registrations.models import ATTENDED, CANCELLED, CONFIRMED, PENDING, WAITLISTED, Registration
from ..registrations.tokens import hash_token
from .data import event_entry, registration_entry
from .ical import FeedInfo, build_calendar

# Past events and cancelled registrations stay this long, so that clients see them end or disappear.
FEED_WINDOW = timedelta(weeks=8)
FEED_STATES = (PENDING, CONFIRMED, WAITLISTED, ATTENDED)
CACHE_TIMEOUT = 24 * 60 * 60  # a new validator means a new key; old versions only wait to expire


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime | None


def _validator(feed: str, row) -> Validator:
    """ETag from the feed, its language (labels such as "Warteliste") and its data's newest change and counts."""
    times = [moment for moment in row if isinstance(moment, datetime)]
    etag = hashlib.sha256(repr((feed, str(get_locale()), *row)).encode()).hexdigest()[:32]
    return Validator(etag, max(times).replace(microsecond=0) if times else None)


def cached_feed(feed: str, validator: Validator, build) -> bytes:
    """The feed's bytes for this validator: from the cache, or built once and stored."""
    key = f"calendar:{feed}:{validator.etag}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, timeout=CACHE_TIMEOUT)
    return body


# --- network feed --------------------------------------------------------------------------------------

def _network_conditions(network: Network, kind: str | None):
    conditions = [Event.network_id == network.id, Event.status.in_(PUBLIC_STATUSES),
                  Event.ends_at >= utcnow() - FEED_WINDOW]
    if kind:
        conditions.append(Event.kind == kind)
    return conditions


def network_feed_key(network: Network, kind: str | None) -> str:
    return f"network:{network.id}:{kind or ''}"


def network_feed_validator(network: Network, kind: str | None) -> Validator:
    row = db.session.execute(
        select(func.count(distinct(Event.id)), func.max(Event.updated_at), func.count(AgendaItem.id),
               func.max(AgendaItem.updated_at))
        .select_from(Event).outerjoin(AgendaItem, AgendaItem.event_id == Event.id)
        .where(*_network_conditions(network, kind))
    ).one()
    return _validator(network_feed_key(network, kind), (*row, network.updated_at))


def network_feed(network: Network, kind: str | None) -> bytes:
    events = db.session.scalars(
        select(Event).where(*_network_conditions(network, kind))
        .options(selectinload(Event.agenda_items).selectinload(AgendaItem.speakers))
        .order_by(Event.starts_at, Event.id)
    ).all()
    name = f"{network.name} – {kind}" if kind else network.name
    entries = [event_entry(event, _event_url(network, event)) for event in events]
    return build_calendar(entries, feed=FeedInfo(name))


def _event_url(network: Network, event: Event) -> str:
    return url_for("public.event", slug=network.slug, event_id=event.id, _external=True)


# --- personal feed -------------------------------------------------------------------------------------

def issue_feed_token(person: Person) -> str:
    """A fresh feed secret (256 random bits) for the person; the previous feed link stops working."""
    token = secrets.token_urlsafe(32)
    person.feed_token_hash = hash_token(token)
    db.session.flush()
    return token


def person_for_feed_token(token: str) -> Person | None:
    if not token or len(token) > 100:
        return None
    wanted = hash_token(token)
    person = db.session.scalar(select(Person).where(Person.feed_token_hash == wanted))
    if person is None or not hmac.compare_digest(person.feed_token_hash, wanted):
        return None
    return person


def _personal_conditions(person: Person):
    return [
        Registration.person_id == person.id, Event.status.in_(PUBLIC_STATUSES),
        or_(Registration.state.in_(FEED_STATES),
            and_(Registration.state == CANCELLED, Registration.cancelled_at >= utcnow() - FEED_WINDOW)),
    ]


def personal_feed_validator(person: Person) -> Validator:
    network_changed = select(Network.updated_at).where(Network.id == person.network_id).scalar_subquery()
    row = db.session.execute(
        select(func.count(distinct(Registration.id)), func.max(Registration.updated_at), func.max(Event.updated_at),
               func.count(AgendaItem.id), func.max(AgendaItem.updated_at), network_changed)
        .select_from(Registration).join(Event, Event.id == Registration.event_id)
        .outerjoin(AgendaItem, AgendaItem.event_id == Event.id)
        .where(*_personal_conditions(person))
    ).one()
    return _validator(f"person:{person.id}:{person.feed_token_hash}", tuple(row))


def personal_feed(person: Person) -> bytes:
    registrations = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id).where(*_personal_conditions(person))
        .options(selectinload(Registration.event).selectinload(Event.agenda_items).selectinload(AgendaItem.speakers),
                 selectinload(Registration.event).selectinload(Event.network))
        .order_by(Event.starts_at, Registration.id)
    ).all()
    entries = [registration_entry(registration, _event_url(registration.event.network, registration.event))
               for registration in registrations]
    name = f"{_('Meine Veranstaltungen')} – {person.network.name}"
    return build_calendar(entries, feed=FeedInfo(name))
