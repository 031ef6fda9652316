"""What a network achieved, counted in SQL: one GROUP BY per figure, so the number of statements does not grow with
events or registrations. Anonymised registrations count like the others (they keep Kommune, organisation type,
state and dates), so the figures survive an erasure."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from ..common.timing import local, to_instant, utcnow
from ..events.models import Event, EventStatus
from ..extensions import db
from ..fair.models import Exhibitor, FairOutcome, VisitorProfile
from ..kommunen.models import Kommune, Membership
from ..registrations.models import HOLDS_PLACE, Registration, RegistrationState
from ..tables.models import TablePlan

NO_KOMMUNE = 0  # key for registrations without a Kommune
TABLE_METRICS = ("repeated_encounters", "same_organisation", "same_kommune", "same_type")


@dataclass
class EventFigures:
    id: int
    title: str
    kind: str
    starts_at: datetime
    capacity: int | None
    is_past: bool
    states: dict[str, int] = field(default_factory=dict)

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
    def no_show_rate(self) -> float | None:
        """Share of those holding a place who were not checked in (past events only), in percent."""
        if not self.is_past or not self.holding_place:
            return None
        return round(100 * (self.holding_place - self.attended) / self.holding_place, 1)


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


def events_of(network_id: int, year: int | None = None) -> list[EventFigures]:
    """The network's events that took or take place (no drafts, nothing cancelled), oldest first."""
    stmt = (select(Event.id, Event.title, Event.kind, Event.starts_at, Event.ends_at, Event.capacity)
            .where(Event.network_id == network_id, Event.status == EventStatus.PUBLISHED).order_by(Event.starts_at, Event.id))
    if year is not None:
        stmt = stmt.where(Event.starts_at >= to_instant(date(year, 1, 1)),
                          Event.starts_at < to_instant(date(year + 1, 1, 1)))
    now = utcnow()
    return [EventFigures(id, title, kind, starts_at, capacity, ends_at < now)
            for id, title, kind, starts_at, ends_at, capacity in db.session.execute(stmt)]


def network_figures(network_id: int, year: int | None = None) -> NetworkFigures:
    events = events_of(network_id, year)
    by_id = {event.id: event for event in events}
    ids = list(by_id)
    in_events = Registration.event_id.in_(ids)
    for event_id, state, count in db.session.execute(
            select(Registration.event_id, Registration.state, func.count()).where(in_events)
            .group_by(Registration.event_id, Registration.state)):
        by_id[event_id].states[state] = count
    holds = Registration.state.in_(HOLDS_PLACE)
    presence = {(event_id, kommune_id or NO_KOMMUNE): count for event_id, kommune_id, count in db.session.execute(
        select(Registration.event_id, Registration.kommune_id, func.count()).where(in_events, holds)
        .group_by(Registration.event_id, Registration.kommune_id))}
    kommunen = [(id, name, phase or "") for id, name, phase in db.session.execute(
        select(Kommune.id, Kommune.name, Membership.phase).join(Membership, Membership.kommune_id == Kommune.id)
        .where(Membership.network_id == network_id).order_by(Membership.phase, Kommune.name))]
    types = {(event_id, kind or ""): count for event_id, kind, count in db.session.execute(
        select(Registration.event_id, Registration.organisation_type, func.count()).where(in_events, holds)
        .group_by(Registration.event_id, Registration.organisation_type))}
    plans = {event_id: {"metrics": metrics or {}, "lower_bounds": bounds or {}}
             for event_id, metrics, bounds in db.session.execute(
                 select(TablePlan.event_id, TablePlan.metrics, TablePlan.lower_bounds)
                 .where(TablePlan.event_id.in_(ids), TablePlan.solved_at.is_not(None)))}
    in_fairs = FairOutcome.event_id.in_(ids)
    by_sector = _pairs(select(Exhibitor.sector, FairOutcome.outcome, func.count())
                       .join(Exhibitor, Exhibitor.id == FairOutcome.exhibitor_id).where(in_fairs)
                       .group_by(Exhibitor.sector, FairOutcome.outcome))
    level = func.coalesce(VisitorProfile.german_level, "none")
    by_level = _pairs(select(level, FairOutcome.outcome, func.count())
                      .outerjoin(VisitorProfile, VisitorProfile.registration_id == FairOutcome.registration_id)
                      .where(in_fairs).group_by(level, FairOutcome.outcome))
    by_fair = _pairs(select(FairOutcome.event_id, FairOutcome.outcome, func.count()).where(in_fairs)
                     .group_by(FairOutcome.event_id, FairOutcome.outcome))
    return NetworkFigures(events, kommunen, presence, types, plans, by_sector, by_level, by_fair)


def _pairs(stmt) -> dict:
    return {(first, second): count for first, second, count in db.session.execute(stmt)}


def registrations_by_day(event_id: int) -> list[tuple[date, int]]:
    """New registrations per day (Europe/Berlin) before the event, cancelled ones included (they registered).
    One event's timestamps only; days are cut in Python because SQLite has no time zones."""
    created = db.session.scalars(select(Registration.created_at).where(Registration.event_id == event_id)
                                 .order_by(Registration.created_at)).all()
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

