"""Series: creating one with its dates, adding dates later, the dates with their registration counts, and
subscriptions. Plain functions; they flush, the request commits once.

A subscription registers its person for every upcoming published date of the series (the normal registration,
with its own mail and private link per date). `add_dates` registers every subscriber for the new dates too, so a
subscriber never misses a date added later; unsubscribing cancels their registrations for the upcoming dates."""
import secrets
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..common.secret_links import row_by_token
from ..common.timing import DOUBLE_CLICK_WINDOW, local, to_instant, today, utcnow
from ..common.tokens import hash_token
from ..events.models import Event, EventStatus
from ..extensions import db
from ..registrations.models import Registration, RegistrationState
from ..registrations.services import RegistrationRefused, cancel, register
from .models import EventSeries, SeriesSubscription
from .recurrence import Rule, dates

# Settings a new date takes from its series.
_SHARED = ("network_id", "kind", "title", "description", "venue_name", "venue_address", "capacity")
# ... and from the series' latest date: whether it meets online, and where.
_FROM_LATEST = ("format", "online_url", "online_dial_in", "online_capacity", "capacity")


def rule_of(series: EventSeries) -> Rule:
    return Rule(series.frequency, series.weekday, series.week_of_month, series.interval)


def create_series(data: dict, *, user=None) -> tuple[EventSeries, list[Event]]:
    """A series and its first dates (published when data["publish"]); TooManyDates when the rule gives too many."""
    series = EventSeries(**{name: data[name] for name in (
        "network_id", "kind", "title", "description", "venue_name", "venue_address", "capacity", "frequency",
        "interval", "weekday", "week_of_month", "start_time", "end_time")})
    series_dates = dates(rule_of(series), data["first_date"], until=data.get("until"), count=data.get("count"))
    db.session.add(series)
    db.session.flush()
    first = {name: data[name] for name in _FROM_LATEST if name in data}
    return series, add_dates(series, series_dates, publish=data.get("publish", False), settings=first)


_SAME_SERIES = ("network_id", "title", "frequency", "interval", "weekday", "week_of_month", "start_time", "end_time")


def just_created(data: dict, now: datetime | None = None) -> EventSeries | None:
    """A series with the very same title and rule made in the network minutes ago, if any. The network's row is
    locked first, so two clicks at once cannot both find none."""
    from ..networks.models import Network
    db.session.execute(select(Network.id).where(Network.id == data["network_id"]).with_for_update())
    since = (now or utcnow()) - DOUBLE_CLICK_WINDOW
    stmt = select(EventSeries).where(EventSeries.created_at >= since,
                                     *(getattr(EventSeries, name) == data[name] for name in _SAME_SERIES
                                       if data[name] is not None),
                                     *(getattr(EventSeries, name).is_(None) for name in _SAME_SERIES
                                       if data[name] is None))
    return db.session.scalars(stmt.order_by(EventSeries.id.desc())).first()


def next_dates(series: EventSeries, count: int) -> list[date]:
    """The rule's next `count` dates after the series' last date."""
    last = db.session.scalar(select(func.max(Event.starts_at)).where(Event.series_id == series.id))
    if last is None:
        return dates(rule_of(series), today(), count=count)
    last_day = local(last).date()
    return [day for day in dates(rule_of(series), last_day, count=count + 1) if day > last_day][:count]


def add_dates(series: EventSeries, days: list[date], *, publish: bool, settings: dict | None = None) -> list[Event]:
    """New dates of the series as events; published ones get every subscriber registered. `settings`: how the
    first dates meet (format, room, places), later ones take it from the latest date."""
    status = EventStatus.PUBLISHED if publish else EventStatus.DRAFT
    latest = db.session.scalar(select(Event).where(Event.series_id == series.id)
                               .order_by(Event.starts_at.desc(), Event.id.desc()).limit(1))
    shared = {name: getattr(series, name) for name in _SHARED}
    if latest is not None:  # a series moved online stays online
        shared.update({name: getattr(latest, name) for name in _FROM_LATEST})
    elif settings:
        shared.update(settings)
    events = [Event(**shared, translations=dict(series.translations or {}),
                    starts_at=to_instant(day, series.start_time), ends_at=to_instant(day, series.end_time),
                    status=status, series_id=series.id)
              for day in days]
    db.session.add_all(events)
    db.session.flush()
    if publish:
        subscriptions = db.session.scalars(
            select(SeriesSubscription).where(SeriesSubscription.series_id == series.id)).all()
        for event in events:
            for subscription in subscriptions:
                _register(event, subscription)
    return events


def _register(event: Event, subscription: SeriesSubscription) -> None:
    data = dict(given_name=subscription.given_name, family_name=subscription.family_name, email=subscription.email,
                consent=subscription.consent_version is not None)
    with suppress(RegistrationRefused):  # registration for this date is closed (or not open yet): nothing to do
        register(event.id, data, locale=subscription.locale)


@dataclass
class DateRow:
    event: Event
    registered: int  # every registration not cancelled


def dates_with_counts(series: EventSeries) -> list[DateRow]:
    """The series' dates in order with their registration counts, in one query."""
    counted = (select(Registration.event_id, func.count().label("n"))
               .where(Registration.state != RegistrationState.CANCELLED)
               .group_by(Registration.event_id).subquery())
    rows = db.session.execute(
        select(Event, func.coalesce(counted.c.n, 0)).outerjoin(counted, counted.c.event_id == Event.id)
        .where(Event.series_id == series.id).order_by(Event.starts_at)
    ).all()
    return [DateRow(event, n) for event, n in rows]


def upcoming_dates(series_ids: list[int], limit: int = 3) -> dict[int, list[Event]]:
    """For each series, its next published (or cancelled) dates: one query for all series."""
    events = db.session.scalars(
        select(Event).where(Event.series_id.in_(series_ids), Event.ends_at >= utcnow(),
                            Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .order_by(Event.starts_at)
    ).all() if series_ids else []
    found: dict[int, list[Event]] = {series_id: [] for series_id in series_ids}
    for event in events:
        if len(found[event.series_id]) < limit:
            found[event.series_id].append(event)
    return found


def subscribe(series: EventSeries, data: dict, locale: str = "de") -> tuple[SeriesSubscription, str]:
    """Subscribe (or renew the link of an existing subscription) and register for every upcoming date.

    Typing an address proves nothing: an existing subscription keeps its names, language and consent, and only gets
    a fresh link, mailed to the address."""
    email = data["email"].strip().lower()
    privacy_version = series.network.privacy_version
    subscription = db.session.scalar(select(SeriesSubscription).where(
        SeriesSubscription.series_id == series.id, SeriesSubscription.email == email))
    if subscription is None:
        subscription = SeriesSubscription(series_id=series.id, email=email)
        subscription.given_name = data["given_name"].strip()
        subscription.family_name = data["family_name"].strip()
        subscription.locale = locale
        subscription.consent_version = privacy_version if data.get("consent") else None
        subscription.consented_at = utcnow() if data.get("consent") else None
    token = secrets.token_urlsafe(32)
    subscription.token_hash = hash_token(token)
    db.session.add(subscription)
    db.session.flush()
    for event in _open_dates(series):
        _register(event, subscription)
    return subscription, token


def _open_dates(series: EventSeries) -> list[Event]:
    return db.session.scalars(
        select(Event).where(Event.series_id == series.id, Event.status == EventStatus.PUBLISHED,
                            Event.starts_at >= utcnow()).order_by(Event.starts_at)
    ).all()


def unsubscribe(subscription: SeriesSubscription) -> int:
    """End the subscription and cancel its registrations for the upcoming dates; returns how many were cancelled."""
    registrations = db.session.scalars(
        select(Registration).join(Registration.event)
        .where(Event.series_id == subscription.series_id, Event.starts_at >= utcnow(),
               Registration.email == subscription.email, Registration.state != RegistrationState.CANCELLED)
    ).all()
    for registration in registrations:
        cancel(registration)
    db.session.delete(subscription)
    db.session.flush()
    return len(registrations)


def find_subscription(token: str) -> SeriesSubscription | None:
    """The subscription the token belongs to, or None; the stored hash is compared in constant time."""
    return row_by_token(SeriesSubscription, token)


def grouped_by_series(events: list[Event], shown: int = 3) -> tuple[list[Event], list[tuple[EventSeries, list[Event]]]]:
    """A public list split: the events of no series, and each series once with its next `shown` dates (one query)."""
    single = [event for event in events if event.series_id is None]
    by_series: dict[int, list[Event]] = {}
    for event in events:
        if event.series_id is not None:
            by_series.setdefault(event.series_id, []).append(event)
    if not by_series:
        return single, []
    found = db.session.scalars(select(EventSeries).where(EventSeries.id.in_(by_series))).all()
    series = sorted(found, key=lambda row: by_series[row.id][0].starts_at)
    return single, [(row, by_series[row.id][:shown]) for row in series]


def series_entries(events: list[Event]) -> tuple[list[Event], dict]:
    """For the public network page (public.services.group_upcoming_with): the single events, and `series`."""
    single, series = grouped_by_series(events)
    return single, {"series": series}
