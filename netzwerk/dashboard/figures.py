"""What a network achieved, counted in SQL: a GROUP BY per figure, so the number of statements does not grow with
events or registrations; the registrations of events that are over are counted once per change (`figures_cache`).
Anonymised registrations count like the others (they keep Kommune, organisation type, state and dates), so the
figures survive an erasure."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from sqlalchemy import func, select

from ..common.timing import local, to_instant, utcnow
from ..events.models import Event, EventStatus, total_places
from ..extensions import db
from ..fair.models import Exhibitor, FairOutcome, VisitorProfile
from ..kommunen.models import Kommune, Membership
from ..registrations.models import HOLDS_PLACE, Attendance, Registration, RegistrationState
from ..tables.models import TablePlan
from .figures_cache import cached, registrations_version

NO_KOMMUNE = 0  # key for registrations without a Kommune
TABLE_METRICS = ("repeated_encounters", "same_organisation", "same_kommune", "same_type")


@dataclass
class EventFigures:
    id: int
    title: str
    kind: str
    starts_at: datetime
    capacity: int | None  # places of every mode together (on site and online at a hybrid event)
    is_past: bool
    states: dict[str, int] = field(default_factory=dict)
    online_states: dict[str, int] = field(default_factory=dict)  # of those taking part online (in `states` too)

    @cached_property
    def label(self) -> str:
        """Date and title, as the charts name the event (the same in every language)."""
        return f"{local(self.starts_at):%d.%m.%Y} {self.title}"

    @property
    def registered(self) -> int:
        """Registrations that were not withdrawn: held a place, wait or await approval."""
        return sum(count for state, count in self.states.items() if state != RegistrationState.CANCELLED)

    @property
    def holding_place(self) -> int:
        return sum(self.states.get(state, 0) for state in HOLDS_PLACE)

    @property
    def attended(self) -> int:
        return self.states.get(RegistrationState.ATTENDED, 0)

    @property
    def expected(self) -> int:
        """Places whose holders' coming was recorded: every place on site (the desk checks them in), online places
        only once the coordinator marked anyone as having taken part online ("Teilnahme vermerken"); until then
        nobody online counts as not having come."""
        if self.online_states.get(RegistrationState.ATTENDED, 0):
            return self.holding_place
        return self.holding_place - sum(self.online_states.get(state, 0) for state in HOLDS_PLACE)

    @property
    def no_show_rate(self) -> float | None:
        """Share of the expected who did not come (past events only), in percent."""
        if not self.is_past or not self.expected:
            return None
        return round(100 * (self.expected - self.attended) / self.expected, 1)


@dataclass
class RegistrationCounts:
    """What the dashboard counts from registrations, per event: states, and the Kommunen and organisation types of
    those holding a place. Plain dicts, so that the counts of events that are over can be cached."""
    states: dict[int, dict[str, int]] = field(default_factory=dict)
    online_states: dict[int, dict[str, int]] = field(default_factory=dict)  # the same, of those taking part online
    presence: dict[tuple[int, int], int] = field(default_factory=dict)  # (event id, Kommune id)
    types: dict[tuple[int, str], int] = field(default_factory=dict)  # (event id, organisation type)

    @classmethod
    def joined(cls, *parts: "RegistrationCounts") -> "RegistrationCounts":
        """The counts of disjoint sets of events together (new dicts: a cached part stays as it was)."""
        return cls({key: value for part in parts for key, value in part.states.items()},
                   {key: value for part in parts for key, value in part.online_states.items()},
                   {key: value for part in parts for key, value in part.presence.items()},
                   {key: value for part in parts for key, value in part.types.items()})


@dataclass
class NetworkFigures:
    events: list[EventFigures]
    kommunen: list[tuple[int, str, str]]  # id, name, phase (of the network's membership)
    kommune_presence: dict[tuple[int, int], int]  # (event id, Kommune id) -> registrations holding a place
    organisation_types: dict[tuple[int, str], int]  # (event id, type) -> registrations holding a place
    table_quality: dict[int, dict]  # event id -> {"metrics": ..., "lower_bounds": ...}
    outcomes_by_sector: dict[tuple[str, str], int]
    outcomes_by_level: dict[tuple[str, str], int]
    outcomes_by_fair: dict[tuple[int, str], int]
    past_version: str | None = None  # of the registrations of the events that are over (`figures_cache`)


def rows(stmt):
    """Plain rows over the session's connection: the ORM's per-row work is wasted on aggregates (and nothing is
    flushed first: the dashboard only reads)."""
    return db.session.connection().execute(stmt)


def events_of(network_id: int, year: int | None = None) -> list[EventFigures]:
    """The network's events that took or take place (no drafts, nothing cancelled), oldest first."""
    stmt = (select(Event.id, Event.title, Event.kind, Event.starts_at, Event.ends_at, Event.format, Event.capacity,
                   Event.online_capacity)
            .where(Event.network_id == network_id, Event.status == EventStatus.PUBLISHED).order_by(Event.starts_at, Event.id))
    if year is not None:
        stmt = stmt.where(Event.starts_at >= to_instant(date(year, 1, 1)),
                          Event.starts_at < to_instant(date(year + 1, 1, 1)))
    now = utcnow()
    return [EventFigures(id, title, kind, starts_at, total_places(format, capacity, online_capacity), ends_at < now)
            for id, title, kind, starts_at, ends_at, format, capacity, online_capacity in rows(stmt)]


def registration_counts(event_ids: list[int]) -> RegistrationCounts:
    """Three GROUP BYs over the events' registrations (none for no events)."""
    counts = RegistrationCounts()
    if not event_ids:
        return counts
    in_events = Registration.event_id.in_(event_ids)
    for event_id, state, attendance, count in rows(
            select(Registration.event_id, Registration.state, Registration.attendance, func.count())
            .where(in_events).group_by(Registration.event_id, Registration.state, Registration.attendance)):
        states = counts.states.setdefault(event_id, {})
        states[state] = states.get(state, 0) + count
        if attendance == Attendance.ONLINE:
            counts.online_states.setdefault(event_id, {})[state] = count
    holds = Registration.state.in_(HOLDS_PLACE)
    counts.presence = {(event_id, kommune_id or NO_KOMMUNE): count for event_id, kommune_id, count in rows(
        select(Registration.event_id, Registration.kommune_id, func.count()).where(in_events, holds)
        .group_by(Registration.event_id, Registration.kommune_id))}
    counts.types = {(event_id, kind or ""): count for event_id, kind, count in rows(
        select(Registration.event_id, Registration.organisation_type, func.count()).where(in_events, holds)
        .group_by(Registration.event_id, Registration.organisation_type))}
    return counts


def network_figures(network_id: int, year: int | None = None) -> NetworkFigures:
    events = events_of(network_id, year)
    ids = [event.id for event in events]
    # Events that are over are counted once per change of their registrations; the others on every request.
    past = [event.id for event in events if event.is_past]
    version = registrations_version(past)
    counts = RegistrationCounts.joined(cached(version, "registrations-by-attendance", lambda: registration_counts(past)),
                                       registration_counts([event.id for event in events if not event.is_past]))
    for event in events:
        event.states = counts.states.get(event.id, {})
        event.online_states = counts.online_states.get(event.id, {})
    kommunen = [(id, name, phase or "") for id, name, phase in rows(
        select(Kommune.id, Kommune.name, Membership.phase).join(Membership, Membership.kommune_id == Kommune.id)
        .where(Membership.network_id == network_id).order_by(Membership.phase, Kommune.name))]
    plans = {event_id: {"metrics": metrics or {}, "lower_bounds": bounds or {}}
             for event_id, metrics, bounds in rows(
                 select(TablePlan.event_id, TablePlan.metrics, TablePlan.lower_bounds)
                 .where(TablePlan.event_id.in_(ids), TablePlan.solved_at.is_not(None)))}
    by_sector, by_level, by_fair = _outcomes(ids)
    return NetworkFigures(events, kommunen, counts.presence, counts.types, plans, by_sector, by_level, by_fair, version)


def _outcomes(event_ids: list[int]) -> tuple[dict, dict, dict]:
    """Fair outcomes by sector, by German level and by fair, from one GROUP BY over all three (a few hundred
    outcomes, counted live: an Aussteller records them after the fair)."""
    by_sector: dict[tuple[str, str], int] = defaultdict(int)
    by_level: dict[tuple[str, str], int] = defaultdict(int)
    by_fair: dict[tuple[int, str], int] = defaultdict(int)
    if not event_ids:
        return by_sector, by_level, by_fair
    level = func.coalesce(VisitorProfile.german_level, "none")
    for event_id, sector, german, outcome, count in rows(
            select(FairOutcome.event_id, Exhibitor.sector, level, FairOutcome.outcome, func.count())
            .join(Exhibitor, Exhibitor.id == FairOutcome.exhibitor_id)
            .outerjoin(VisitorProfile, VisitorProfile.registration_id == FairOutcome.registration_id)
            .where(FairOutcome.event_id.in_(event_ids))
            .group_by(FairOutcome.event_id, Exhibitor.sector, level, FairOutcome.outcome)):
        by_sector[sector, outcome] += count
        by_level[german, outcome] += count
        by_fair[event_id, outcome] += count
    return dict(by_sector), dict(by_level), dict(by_fair)


def registrations_by_day(event: EventFigures, past_version: str | None = None) -> list[tuple[date, int]]:
    """New registrations per day (Europe/Berlin) before the event, cancelled ones included (they registered);
    cached with the counts when the event is over."""
    if event.is_past:
        return cached(past_version, f"days:{event.id}", lambda: _registrations_by_day(event.id))
    return _registrations_by_day(event.id)


def _registrations_by_day(event_id: int) -> list[tuple[date, int]]:
    """One event's timestamps only; days are cut in Python because SQLite has no time zones."""
    created = rows(select(Registration.created_at).where(Registration.event_id == event_id)
                   .order_by(Registration.created_at)).scalars()
    per_day: dict[date, int] = defaultdict(int)
    for moment in created:
        per_day[local(moment).date()] += 1
    return sorted(per_day.items())


def upcoming_counts(event_ids: list[int]) -> dict[int, dict[tuple[str, str], int]]:
    """Per event: registrations by state and way of taking part (on site, online), for the overview (one statement
    for all events)."""
    counts: dict[int, dict[tuple[str, str], int]] = {event_id: {} for event_id in event_ids}
    if event_ids:
        for event_id, state, attendance, count in db.session.execute(
                select(Registration.event_id, Registration.state, Registration.attendance, func.count())
                .where(Registration.event_id.in_(event_ids))
                .group_by(Registration.event_id, Registration.state, Registration.attendance)):
            counts[event_id][state, attendance] = count
    return counts

