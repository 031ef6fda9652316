"""The workspace's start page: the coming events with their numbers and what waits for the coordinator.
A fixed number of statements however many events, registrations or mails there are."""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from ..common.access import only_managed
from ..common.timing import local, utcnow
from ..events.models import FORMAT_MODES, Event, EventFormat, EventStatus
from ..extensions import db
from ..fair.models import Exhibitor, ExhibitorState
from ..invitations.models import Invitation, InvitationState
from ..mail.models import OutboxMail, OutboxStatus
from ..registrations.models import HOLDS_PLACE, Registration, RegistrationState
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
    format: str = EventFormat.ONSITE
    online_capacity: int | None = None
    states: dict[str, int] = field(default_factory=dict)
    places_by_mode: dict[str, int] = field(default_factory=dict)  # places held on site and online
    open_bookings: int = 0
    unanswered_invitations: int = 0

    @property
    def holding_place(self) -> int:
        return sum(self.states.get(state, 0) for state in HOLDS_PLACE)

    @property
    def modes(self) -> tuple[str, ...]:
        return FORMAT_MODES.get(self.format, FORMAT_MODES[EventFormat.ONSITE])

    def capacity_for(self, mode: str) -> int | None:
        return self.online_capacity if mode == "online" else self.capacity

    @property
    def pending(self) -> int:
        return self.states.get(RegistrationState.PENDING, 0)

    @property
    def waitlisted(self) -> int:
        return self.states.get(RegistrationState.WAITLISTED, 0)

    @property
    def attended(self) -> int:
        return self.states.get(RegistrationState.ATTENDED, 0)

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
    """The next events the user manages, counted by state; unanswered booth bookings and invitations; failed
    mails. Five statements however many events, registrations or mails."""
    rows = db.session.execute(
        only_managed(select(Event.id, Event.title, Event.kind, Event.starts_at, Event.ends_at, Event.all_day,
                            Event.venue_name, Event.capacity, Event.format, Event.online_capacity),
                     Event.network_id, user)
        .where(Event.ends_at >= utcnow(), Event.status != EventStatus.CANCELLED).order_by(Event.starts_at).limit(UPCOMING))
    events = [UpcomingEvent(*row) for row in rows]
    ids = [event.id for event in events]
    counts = upcoming_counts(ids)
    bookings = dict(db.session.execute(
        select(Exhibitor.event_id, func.count())
        .where(Exhibitor.event_id.in_(ids), Exhibitor.state == ExhibitorState.REQUESTED)
        .group_by(Exhibitor.event_id)).all()) if ids else {}
    unanswered = dict(db.session.execute(
        select(Invitation.event_id, func.count())
        .where(Invitation.event_id.in_(ids), Invitation.state == InvitationState.INVITED)
        .group_by(Invitation.event_id)).all()) if ids else {}
    for event in events:
        for (state, attendance), count in counts[event.id].items():
            event.states[state] = event.states.get(state, 0) + count
            if state in HOLDS_PLACE:
                event.places_by_mode[attendance] = event.places_by_mode.get(attendance, 0) + count
        event.open_bookings = bookings.get(event.id, 0)
        event.unanswered_invitations = unanswered.get(event.id, 0)
    # A mail of a registration belongs to its event's network; one written for no registration names its network.
    failed = db.session.scalar(
        only_managed(select(func.count(OutboxMail.id)).select_from(OutboxMail)
                     .outerjoin(Registration, Registration.id == OutboxMail.registration_id)
                     .outerjoin(Event, Event.id == Registration.event_id),
                     func.coalesce(Event.network_id, OutboxMail.network_id), user)
        .where(OutboxMail.status == OutboxStatus.FAILED))
    return Overview(events, failed or 0)
