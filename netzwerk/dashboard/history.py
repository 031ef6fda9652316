"""A person's history across the network's events: registered, checked in, table groups, fair interviews."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..events.models import Event
from ..extensions import db
from ..fair.models import Exhibitor, FairOutcome, Interview
from ..people.models import Person
from ..registrations.models import Registration
from ..tables.models import GroupTable, Seat, TableRound


@dataclass
class HistoryEntry:
    registration: Registration
    tables: list[tuple[str, str]] = field(default_factory=list)  # (round label, table label)
    interviews: list[tuple[str, str]] = field(default_factory=list)  # (company, outcome or "")


def person_history(person: Person) -> list[HistoryEntry]:
    """Newest event first; four statements however long the history."""
    registrations = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .where(Registration.person_id == person.id).options(contains_eager(Registration.event))
        .order_by(Event.starts_at.desc())).all()
    ids = [registration.id for registration in registrations]
    entries = {registration.id: HistoryEntry(registration) for registration in registrations}
    if not ids:
        return []
    for registration_id, round_label, table_label in db.session.execute(
            select(Seat.registration_id, TableRound.label, GroupTable.label)
            .join(TableRound, TableRound.id == Seat.round_id).join(GroupTable, GroupTable.id == Seat.table_id)
            .where(Seat.registration_id.in_(ids)).order_by(TableRound.position)):
        entries[registration_id].tables.append((round_label, table_label))
    outcomes = defaultdict(str)
    for exhibitor_id, registration_id, outcome in db.session.execute(
            select(FairOutcome.exhibitor_id, FairOutcome.registration_id, FairOutcome.outcome)
            .where(FairOutcome.registration_id.in_(ids))):
        outcomes[exhibitor_id, registration_id] = outcome
    for registration_id, exhibitor_id, company in db.session.execute(
            select(Interview.registration_id, Exhibitor.id, Exhibitor.company)
            .join(Exhibitor, Exhibitor.id == Interview.exhibitor_id)
            .where(Interview.registration_id.in_(ids)).order_by(Interview.slot)):
        entries[registration_id].interviews.append((company, outcomes[exhibitor_id, registration_id]))
    return list(entries.values())
