"""Feed stamps: a flush that changes what a calendar feed shows moves its network's or person's stamp.

The stamps (`Network.calendar_changed_at`, `Person.calendar_changed_at`) live in the database, so every app
process derives the same ETag from one indexed row read, and no cache has to be told about a change.
Features whose rows appear in personal feeds (table groups, fair slots) register them with `watch`.
"""
from collections.abc import Callable, Iterable

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from ..common.timing import utcnow
from ..events.models import AgendaItem, Event
from ..networks.models import Network
from ..people.models import Person
from ..registrations.models import Registration

# For a changed row: the networks whose feed shows it, the events (-> their networks), the people whose
# personal feed shows it.
Affected = tuple[Iterable[int | None], Iterable[int | None], Iterable[int | None]]
_watched: dict[type, Callable[[object], Affected]] = {}


def watch(model: type, affected: Callable[[object], Affected]) -> None:
    _watched[model] = affected


watch(Network, lambda network: ((network.id,), (), ()))
watch(Event, lambda event_row: ((event_row.network_id,), (), ()))
watch(AgendaItem, lambda item: ((), (item.event_id,), ()))
# A person's name shows as a speaker in the network feed.
watch(Person, lambda person: ((person.network_id,), (), (person.id,)))
watch(Registration, lambda registration: ((), (), (registration.person_id,)))


_NEW_PEOPLE = "freshness_new_people"  # session.info: ids of the people inserted in the open transaction


def init_app(app) -> None:
    if not event.contains(Session, "after_flush", _stamp_changed_feeds):
        event.listen(Session, "after_flush", _stamp_changed_feeds)
        event.listen(Session, "after_transaction_end", _forget_new_people)


def _forget_new_people(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_NEW_PEOPLE, None)


def _stamp_changed_feeds(session: Session, _context) -> None:
    network_ids, event_ids, person_ids = set(), set(), set()
    # A person inserted in this flush is stamped by its own default and is nobody's speaker yet: stamping
    # them (or their network, a row every registration of the network would then queue on) is wasted. So is
    # stamping one inserted earlier in the same transaction (a registration's new person): nobody has seen
    # their feed before the commit, which shows the registration too.
    inserted_now = {row.id for row in session.new if isinstance(row, Person)}
    new_people = session.info.setdefault(_NEW_PEOPLE, set())
    new_people.update(inserted_now)
    for row in _changed_rows(session):
        if isinstance(row, Person) and row.id in inserted_now:
            continue
        networks, events, people = _watched[type(row)](row)
        network_ids.update(networks)
        event_ids.update(events)
        person_ids.update(people)
    event_ids.discard(None)
    connection = session.connection()
    if event_ids:
        network_ids.update(connection.scalars(select(Event.network_id).where(Event.id.in_(event_ids))))
    network_ids.discard(None)
    person_ids.discard(None)
    person_ids -= new_people
    now = utcnow()
    # updated_at set to itself: a stamp is not an edit of the network or person.
    if network_ids:
        connection.execute(update(Network).where(Network.id.in_(network_ids))
                           .values(calendar_changed_at=now, updated_at=Network.updated_at))
    if person_ids:
        connection.execute(update(Person).where(Person.id.in_(person_ids))
                           .values(calendar_changed_at=now, updated_at=Person.updated_at))


def _changed_rows(session: Session):
    for row in session.new:
        if type(row) in _watched:
            yield row
    for row in session.deleted:
        if type(row) in _watched:
            yield row
    for row in session.dirty:
        if type(row) in _watched and session.is_modified(row):
            yield row
