"""What the public sees: published (and cancelled) events only; drafts never leave the workspace."""
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from ..common.timing import utcnow
from ..events.models import PUBLIC_STATUSES, AgendaItem, Event
from ..extensions import db
from ..networks.models import Network


def public_events(network: Network) -> tuple[list[Event], list[Event]]:
    """(upcoming, past) public events of a network; a running event counts as upcoming."""
    events = db.session.scalars(
        select(Event)
        .where(Event.network_id == network.id, Event.status.in_(PUBLIC_STATUSES))
        .order_by(Event.starts_at)
    ).all()
    now = utcnow()
    upcoming = [event for event in events if event.ends_at >= now]
    past = [event for event in reversed(events) if event.ends_at < now]
    return upcoming, past


def public_event_by_slug(slug: str, event_id: int, *, with_agenda: bool = False) -> Event | None:
    """The event with its network in one query; the agenda (with speakers) only when the page or file shows it."""
    stmt = (select(Event).join(Event.network)
            .where(Network.slug == slug, Event.id == event_id, Event.status.in_(PUBLIC_STATUSES))
            .options(contains_eager(Event.network)))
    if with_agenda:
        stmt = stmt.options(selectinload(Event.agenda_items).selectinload(AgendaItem.speakers))
    return db.session.scalar(stmt)
