"""The workspace's start page: the coming events with their numbers and what waits for the coordinator.
A fixed number of statements however many events, registrations or mails there are."""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from ..common.access import only_managed
from ..common.timing import local, utcnow
from ..events.models import Event
from ..extensions import db
from ..fair.models import REQUESTED, Exhibitor
from ..mail.models import OutboxMail
from ..registrations.models import ATTENDED, HOLDS_PLACE, PENDING, WAITLISTED, Registration
from .figures import upcoming_counts

UPCOMING = 10


@dataclass
class UpcomingEvent:
    id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    venue_name: str
    capacity: int | None
    states: dict[str, int] = field(default_factory=dict)
    open_bookings: int = 0

    @property
    def holding_place(self) -> int:
        return sum(self.states.get(state, 0) for state in HOLDS_PLACE)

    @property
    def pending(self) -> int:
        return self.states.get(PENDING, 0)

    @property
    def waitlisted(self) -> int:
        return self.states.get(WAITLISTED, 0)

    @property
    def attended(self) -> int:
        return self.states.get(ATTENDED, 0)

    @property
    def is_today(self) -> bool:
        today = local(utcnow()).date()
        return local(self.starts_at).date() <= today <= local(self.ends_at).date()


@dataclass
class Overview:
    events: list[UpcomingEvent]
    failed_mails: int

    @property
    def approvals(self) -> list[UpcomingEvent]:
        return [event for event in self.events if event.pending]

    @property
    def bookings(self) -> list[UpcomingEvent]:
        return [event for event in self.events if event.open_bookings]


def overview(user) -> Overview:
    """The next events the user manages, counted by state; unanswered booth bookings; failed mails."""
    rows = db.session.execute(
        only_managed(select(Event.id, Event.title, Event.kind, Event.starts_at, Event.ends_at, Event.all_day,
                            Event.venue_name, Event.capacity), Event.network_id, user)
        .where(Event.ends_at >= utcnow(), Event.status != "cancelled").order_by(Event.starts_at).limit(UPCOMING))
    events = [UpcomingEvent(*row) for row in rows]
    ids = [event.id for event in events]
    counts = upcoming_counts(ids)
    bookings = dict(db.session.execute(
        select(Exhibitor.event_id, func.count()).where(Exhibitor.event_id.in_(ids), Exhibitor.state == REQUESTED)
        .group_by(Exhibitor.event_id)).all()) if ids else {}
    for event in events:
        event.states = counts[event.id]
        event.open_bookings = bookings.get(event.id, 0)
    failed = db.session.scalar(
        only_managed(select(func.count(OutboxMail.id)).select_from(OutboxMail)
                     .outerjoin(Registration, Registration.id == OutboxMail.registration_id)
                     .outerjoin(Event, Event.id == Registration.event_id), Event.network_id, user)
        .where(OutboxMail.status == "failed"))
    return Overview(events, failed or 0)
