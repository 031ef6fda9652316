"""Network and personal feeds: which rows, a cheap validator (ETag, Last-Modified) and the built bytes, cached.

A feed's validator comes from the stamps `freshness` keeps on the network and person rows, read with the row
the request loads anyway; the feed itself is built only when a client does not have that version yet, and
then kept in the cache under (feed, validator).
"""
import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..common.secret_links import row_by_token
from ..common.timing import BERLIN, utcnow
from ..events.models import PUBLIC_STATUSES, AgendaItem, Event, agenda_speaker, speaker_line
from ..extensions import cache, db
from ..networks.models import Network
from ..people.models import Person
from ..registrations.models import Registration, RegistrationState
from ..registrations.online import online_rooms
from .data import event_entry, registration_entry
from .ical import FeedInfo, build_calendar

# Past events and cancelled registrations stay this long, so that clients see them end or disappear.
FEED_WINDOW = timedelta(weeks=8)
FEED_STATES = (RegistrationState.PENDING, RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.ATTENDED)
CACHE_TIMEOUT = 24 * 60 * 60  # a new validator means a new key; old versions only wait to expire


@dataclass(frozen=True)
class Validator:
    etag: str
    last_modified: datetime


def _validator(feed: str, *stamps: datetime) -> Validator:
    """ETag from the feed, its language (labels such as "Warteliste"), its stamps and today's date.

    The date is there because the feed's window moves: past events leave it after eight weeks.
    """
    today = utcnow().astimezone(BERLIN).date()
    etag = hashlib.sha256(repr((feed, str(get_locale()), today, *stamps)).encode()).hexdigest()[:32]
    return Validator(etag, max(stamps).replace(microsecond=0))


@dataclass(frozen=True)
class FeedBody:
    """A built feed, plain and gzip-compressed once: calendar clients ask for gzip, and a feed of a thousand
    events shrinks tenfold."""

    plain: bytes
    gzipped: bytes


def cached_feed(feed: str, validator: Validator, build) -> FeedBody:
    """The feed's bytes for this validator: from the cache, or built once and stored."""
    key = f"calendar:{feed}:{validator.etag}"
    body = cache.get(key)
    if body is None:
        plain = build()
        body = FeedBody(plain, gzip.compress(plain, compresslevel=6, mtime=0))
        cache.set(key, body, timeout=CACHE_TIMEOUT)
    return body


# --- network feed --------------------------------------------------------------------------------------

def _network_conditions(network: Network, kind: str | None):
    conditions = [Event.network_id == network.id, Event.status.in_(PUBLIC_STATUSES),
                  Event.ends_at >= utcnow() - FEED_WINDOW]
    if kind:
        conditions.append(Event.kind == kind)
    return conditions


# Built once: a polled feed's 304 costs this one indexed read of two columns.
_NETWORK_STAMP = select(Network.id, Network.calendar_changed_at).where(Network.slug == bindparam("slug"))


@dataclass(frozen=True)
class NetworkFeed:
    network_id: int
    kind: str | None
    changed_at: datetime

    @property
    def key(self) -> str:
        return f"network:{self.network_id}:{self.kind or ''}"


def network_feed_for(slug: str, kind: str | None) -> NetworkFeed | None:
    # A bare connection, not the ORM session: the 304 path needs no entities and no unit of work.
    with db.engine.connect() as connection:
        row = connection.execute(_NETWORK_STAMP, {"slug": slug}).first()
    return NetworkFeed(row.id, kind, row.calendar_changed_at) if row else None


def network_feed_validator(feed: NetworkFeed) -> Validator:
    return _validator(feed.key, feed.changed_at)


def network_feed(feed: NetworkFeed) -> bytes:
    network, kind = db.session.get(Network, feed.network_id), feed.kind
    events = _feed_events(_network_conditions(network, kind), network)
    name = f"{network.name} – {kind}" if kind else network.name
    entries = [event_entry(event, _event_url(network, event)) for event in events]
    return build_calendar(entries, feed=FeedInfo(name))


def _feed_events(conditions, network: Network) -> list[SimpleNamespace]:
    """The feed's events with agenda and speakers as plain rows in three queries.

    Rows instead of ORM entities: loading 1,000 events with their agenda is several times faster this way,
    and the data adapters only read attributes.
    """
    in_feed = select(Event.id).where(*conditions)
    events = {row.id: SimpleNamespace(**row._mapping, network=network, agenda_items=[])
              for row in db.session.execute(select(*Event.__table__.c).where(*conditions)
                                            .order_by(Event.starts_at, Event.id))}
    speakers: dict[int, list[str]] = {}
    for item_id, given, family in db.session.execute(
            select(agenda_speaker.c.agenda_item_id, Person.given_name, Person.family_name)
            .join(Person, Person.id == agenda_speaker.c.person_id)
            .join(AgendaItem, AgendaItem.id == agenda_speaker.c.agenda_item_id)
            .where(AgendaItem.event_id.in_(in_feed)).order_by(Person.family_name)):
        speakers.setdefault(item_id, []).append(f"{given} {family}".strip())
    for row in db.session.execute(select(*AgendaItem.__table__.c).where(AgendaItem.event_id.in_(in_feed))
                                  .order_by(AgendaItem.starts_at, AgendaItem.id)):
        item = SimpleNamespace(**row._mapping, speaker_names=speaker_line(speakers.get(row.id, []), row.speaker_text))
        events[row.event_id].agenda_items.append(item)
    return list(events.values())


def _event_url(network: Network, event: Event) -> str:
    return url_for("public.event", slug=network.slug, event_id=event.id, _external=True)


# --- personal feed -------------------------------------------------------------------------------------

# A registrant's own details in their feed (their table seats, their interview times), from the features that
# keep them: each provider takes registration ids and gives {registration id: [line, ...]}; registered in the
# features' init_app, in that order.
_own_details: list[Callable[[list[int]], dict[int, list]]] = []


def show_in_personal_feed(provider: Callable[[list[int]], dict[int, list]]) -> None:
    if provider not in _own_details:
        _own_details.append(provider)


def own_detail_lines(registration_ids: list[int]) -> dict[int, list[str]]:
    """Each registration's own details (tables, interviews) as lines in the current language, in a query per
    provider; reminder mails list them too."""
    details = [provider(registration_ids) for provider in _own_details]
    return {registration_id: [str(line) for lines in details for line in lines.get(registration_id, ())]
            for registration_id in registration_ids}


def person_for_feed_token(token: str) -> Person | None:
    """The feed's owner, with the network's stamp loaded in the same query (the validator needs both)."""
    return row_by_token(Person, token, column="feed_token_hash", options=[joinedload(Person.network)])


def person_locale(person: Person) -> str | None:
    """The language the person last registered in: their feed speaks it."""
    return db.session.scalar(select(Registration.locale).where(Registration.person_id == person.id)
                             .order_by(Registration.id.desc()).limit(1))


def _personal_conditions(person: Person):
    return [
        Registration.person_id == person.id, Event.status.in_(PUBLIC_STATUSES),
        or_(Registration.state.in_(FEED_STATES),
            and_(Registration.state == RegistrationState.CANCELLED, Registration.cancelled_at >= utcnow() - FEED_WINDOW)),
    ]


def personal_feed_validator(person: Person) -> Validator:
    """The person's own stamp (registrations) and the network's (events, agenda, speakers)."""
    return _validator(f"person:{person.id}:{person.feed_token_hash}", person.calendar_changed_at,
                      person.network.calendar_changed_at)


def personal_feed(person: Person) -> bytes:
    registrations = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id).where(*_personal_conditions(person))
        .options(selectinload(Registration.event).selectinload(Event.agenda_items).selectinload(AgendaItem.speakers),
                 selectinload(Registration.event).selectinload(Event.network))
        .order_by(Event.starts_at, Registration.id)
    ).all()
    ids = [registration.id for registration in registrations]
    details = own_detail_lines(ids)
    entries = [registration_entry(registration, _event_url(registration.event.network, registration.event),
                                  details[registration.id], online_rooms(registration))
               for registration in registrations]
    name = f"{_('Meine Veranstaltungen')} – {person.network.name}"
    return build_calendar(entries, feed=FeedInfo(name))
