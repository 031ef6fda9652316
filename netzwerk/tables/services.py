"""Table groups in the app: set-up, participants as an engine instance, solving, moving, publishing.

The engine (`assign`) knows ids only: people are registration ids, tables table ids, rounds positions.
"""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ..calendar.freshness import watch
from ..calendar.services import show_in_personal_feed
from ..common.timing import utcnow
from ..events.models import Event
from ..extensions import db
from ..people.models import Person
from ..registrations.models import HOLDS_PLACE, Attendance, Registration, RegistrationState
from ..registrations.selfservice import show_on_own_page
from .assign import Instance, InstanceError, Table, compute_bounds, evaluate, solve
from .assign import Person as Guest
from .bound_text import explain
from .models import GroupTable, Seat, TablePlan, TableRound

PARTICIPANT_STATES = {"confirmed": HOLDS_PLACE, "checked_in": (RegistrationState.ATTENDED,)}


def show_to_participants() -> None:
    """Published seats show on the registrant's own page and in their personal calendar feed."""
    # A changed plan changes what participants' calendar feeds say (their tables): it moves the network's
    # stamp, which every personal feed of the network includes.
    watch(TablePlan, lambda plan: ((), (plan.event_id,), ()))
    show_in_personal_feed(published_seats)
    show_on_own_page("seats", published_seats)


class SeatingRefused(ValueError):
    """A manual change that would break a hard rule; the message says which."""


# --- set-up --------------------------------------------------------------------------------------------------

def rounds_of(event: Event) -> list[TableRound]:
    return db.session.scalars(select(TableRound).where(TableRound.event_id == event.id)
                              .options(selectinload(TableRound.agenda_item)).order_by(TableRound.position)).all()


def tables_of(event: Event) -> list[GroupTable]:
    return db.session.scalars(select(GroupTable).where(GroupTable.event_id == event.id)
                              .options(selectinload(GroupTable.host)).order_by(GroupTable.id)).all()


def plan_of(event: Event) -> TablePlan:
    plan = db.session.scalar(select(TablePlan).where(TablePlan.event_id == event.id))
    if plan is None:
        plan = TablePlan(event_id=event.id, participants="confirmed", seed=0, metrics={}, lower_bounds={},
                         upper_bounds={}, bound_notes={})
        db.session.add(plan)
        db.session.flush()
    return plan


def add_round(event: Event, label: str, agenda_item_id: int | None) -> TableRound:
    position = db.session.scalar(select(func.coalesce(func.max(TableRound.position) + 1, 0))
                                 .where(TableRound.event_id == event.id))
    round_ = TableRound(event_id=event.id, position=position, label=label.strip(), agenda_item_id=agenda_item_id)
    db.session.add(round_)
    db.session.flush()
    return round_


def remove_round(round_: TableRound) -> None:
    event_id = round_.event_id
    db.session.delete(round_)
    db.session.flush()
    for position, later in enumerate(db.session.scalars(select(TableRound).where(TableRound.event_id == event_id)
                                                        .order_by(TableRound.position))):
        later.position = position
    db.session.flush()


def add_tables(event: Event, count: int, capacity: int) -> list[GroupTable]:
    """Tables numbered on from the highest number so far."""
    numbers = [int(table.label) for table in tables_of(event) if table.label.isdigit()]
    first = max(numbers, default=0) + 1
    tables = [GroupTable(event_id=event.id, label=str(first + n), capacity=capacity, topics={}) for n in range(count)]
    db.session.add_all(tables)
    db.session.flush()
    return tables


def save_table(table: GroupTable, data: dict, rounds: list[TableRound]) -> None:
    table.label = data["label"].strip()
    table.capacity = data["capacity"]
    table.host_registration_id = data.get("host_registration_id")
    table.topics = {str(round_.id): (data.get(f"topic_{round_.id}") or "").strip() for round_ in rounds
                    if (data.get(f"topic_{round_.id}") or "").strip()}
    db.session.flush()


# --- participants and the engine's instance ------------------------------------------------------------------

def participants(event: Event, plan: TablePlan) -> list[Registration]:
    """Who sits at the tables: those holding a place (or checked in); at a hybrid event only those on site (the
    tables are in the room; an online event's tables are its breakout rooms, so everyone takes part)."""
    states = PARTICIPANT_STATES.get(plan.participants, PARTICIPANT_STATES["confirmed"])
    on_site = (Registration.attendance == Attendance.ONSITE,) if event.is_hybrid else ()
    return db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.state.in_(states), *on_site)
        .options(selectinload(Registration.kommune), selectinload(Registration.organisation),
                 selectinload(Registration.person).selectinload(Person.organisation))
        .order_by(Registration.family_name, Registration.given_name, Registration.id)).all()


def organisation_key(registration: Registration) -> str | None:
    """Whom someone comes for, as the engine tells colleagues apart: the organisation given at registration (one of
    the network's, or a name typed on the public form: colleagues typing it alike are colleagues), else the one
    stored with the person; None when unknown."""
    if registration.organisation_id:
        return str(registration.organisation_id)
    if name := " ".join(registration.organisation_name.split()).casefold():
        return f"name:{name}"
    person = registration.person
    return str(person.organisation_id) if person and person.organisation_id else None


@dataclass
class Seating:
    """Everything a plan page needs, loaded once: rounds, tables, participants and the seats."""

    event: Event
    plan: TablePlan
    rounds: list[TableRound]
    tables: list[GroupTable]
    people: list[Registration]
    seats: dict[int, list[int | None]]  # registration id -> table id per round (None: no seat)

    @property
    def instance(self) -> Instance:
        hosts = {table.host_registration_id: table for table in self.tables if table.host_registration_id}
        round_ids = [round_.id for round_ in self.rounds]
        tables = [Table(str(table.id), table.capacity, tuple(table.topic(rid) or None for rid in round_ids)
                        if table.topics else ()) for table in self.tables]
        people = []
        for registration in self.people:
            host_table = hosts.get(registration.id)
            people.append(Guest(
                str(registration.id), kommune=str(registration.kommune_id) if registration.kommune_id else None,
                organisation=organisation_key(registration),
                type=registration.organisation_type or None, prefs=tuple(registration.topic_preferences or ()),
                pinned={n: str(host_table.id) for n in range(len(self.rounds))} if host_table else {}))
        return Instance(len(self.rounds), tuple(tables), tuple(people))

    def assignment(self) -> dict[str, list[str]]:
        """The current seats of present participants, in the engine's terms (only complete ones)."""
        present = {registration.id for registration in self.people}
        return {str(rid): [str(tid) for tid in tables] for rid, tables in self.seats.items()
                if rid in present and None not in tables}

    @property
    def newcomers(self) -> list[Registration]:
        return [registration for registration in self.people if registration.id not in self.seats]

    @property
    def absent(self) -> int:
        present = {registration.id for registration in self.people}
        return sum(1 for rid in self.seats if rid not in present)


def seating_of(event: Event) -> Seating:
    plan = plan_of(event)
    rounds = rounds_of(event)
    positions = {round_.id: n for n, round_ in enumerate(rounds)}
    seats: dict[int, list[int | None]] = defaultdict(lambda: [None] * len(rounds))
    for seat in db.session.scalars(select(Seat).join(TableRound).where(TableRound.event_id == event.id)):
        seats[seat.registration_id][positions[seat.round_id]] = seat.table_id
    return Seating(event, plan, rounds, tables_of(event), participants(event, plan), dict(seats))


# --- solving, moving, publishing -----------------------------------------------------------------------------

def solve_plan(seating: Seating, seconds: float = 2.0, seed: int | None = None):
    """Seat everyone; rounds that are locked (or all, once published) keep their seats where possible."""
    if not seating.rounds:
        raise InstanceError(_("Bitte legen Sie zuerst mindestens eine Runde an."))
    if not seating.tables:
        raise InstanceError(_("Bitte legen Sie zuerst Tische an."))
    if not seating.people:
        raise InstanceError(_("Es gibt noch keine Teilnehmenden für die Tischgruppen."))
    seats = sum(table.capacity for table in seating.tables)
    if seats < len(seating.people):
        raise InstanceError(_("%(people)d Teilnehmende, aber nur %(seats)d Plätze: bitte Tische hinzufügen.",
                              people=len(seating.people), seats=seats))
    plan = seating.plan
    locked = {n for n, round_ in enumerate(seating.rounds) if round_.locked or plan.published_at}
    resolving = bool(seating.seats)  # "moved" only means something when there was a plan before
    result = solve(seating.instance, seconds=seconds, seed=plan.seed if seed is None else seed,
                   previous=seating.assignment(), locked_rounds=locked)
    _store_seats(seating, result.assignment)
    plan.seed = plan.seed if seed is None else seed
    _store_metrics(plan, result.metrics, result.lower_bounds, result.upper_bounds, result.bound_rules)
    plan.moved = result.moved if resolving else None
    plan.solved_at = utcnow()
    _touch_feeds(seating)
    db.session.flush()
    return result


def _store_metrics(plan: TablePlan, metrics: dict, lower: dict, upper: dict, rules: dict) -> None:
    """Metrics with the engine's bounds for plans with no more repeats than this one, and how each was found."""
    plan.metrics, plan.lower_bounds, plan.upper_bounds, plan.bound_notes = metrics, lower, upper, rules


def _store_seats(seating: Seating, assignment: dict[str, list[str]]) -> None:
    round_ids = [round_.id for round_ in seating.rounds]
    db.session.execute(delete(Seat).where(Seat.round_id.in_(round_ids)))
    db.session.add_all(Seat(round_id=round_ids[n], table_id=int(table_id), registration_id=int(person_id))
                       for person_id, tables in assignment.items() for n, table_id in enumerate(tables))
    seating.seats = {int(person_id): [int(t) for t in tables] for person_id, tables in assignment.items()}


def move(seating: Seating, registration_id: int, round_: TableRound, table: GroupTable) -> None:
    """Seat one person at another table in one round, if the round is open and the table has room."""
    if round_.locked:
        raise SeatingRefused(_("Die Runde „%(round)s“ ist gesperrt.", round=round_.label))
    if registration_id not in {registration.id for registration in seating.people}:
        raise SeatingRefused(_("Diese Person nimmt nicht an den Tischgruppen teil."))
    if any(t.host_registration_id == registration_id for t in seating.tables):
        raise SeatingRefused(_("Gastgeber:innen bleiben an ihrem Tisch."))
    position = seating.rounds.index(round_)
    taken = sum(1 for tables in seating.seats.values() if tables[position] == table.id)
    if taken >= table.capacity:
        raise SeatingRefused(_("Tisch %(table)s ist in dieser Runde voll (%(capacity)d Plätze).",
                               table=table.label, capacity=table.capacity))
    seat = db.session.scalar(select(Seat).where(Seat.round_id == round_.id, Seat.registration_id == registration_id))
    if seat is None:
        db.session.add(Seat(round_id=round_.id, table_id=table.id, registration_id=registration_id))
    else:
        seat.table_id = table.id
    seating.seats.setdefault(registration_id, [None] * len(seating.rounds))[position] = table.id
    evaluation = evaluate(seating.instance, seating.assignment())
    bounds = compute_bounds(seating.instance, repeats=evaluation.metrics["repeated_encounters"])
    _store_metrics(seating.plan, evaluation.metrics, bounds.lower, bounds.upper, bounds.rules)
    _touch_feeds(seating)
    db.session.flush()


def evaluation_of(seating: Seating):
    return evaluate(seating.instance, seating.assignment()) if seating.seats and seating.rounds else None


def set_published(seating: Seating, published: bool) -> None:
    seating.plan.published_at = utcnow() if published else None
    _touch_feeds(seating)
    db.session.flush()


def _touch_feeds(seating: Seating) -> None:
    """Seats appear in personal calendar feeds: mark the plan changed (freshness watches TablePlan)."""
    seating.plan.updated_at = utcnow()


# --- what participants see -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublishedSeat:
    round_label: str
    table_label: str
    topic: str = ""

    def __str__(self) -> str:
        table = _("Tisch %(table)s", table=self.table_label)
        return f"{self.round_label}: {table}" + (f" – {self.topic}" if self.topic else "")


def published_seats(registration_ids: list[int]) -> dict[int, list[PublishedSeat]]:
    """Each registration's seats in round order, from published plans only."""
    if not registration_ids:
        return {}
    rows = db.session.execute(
        select(Seat.registration_id, TableRound.label, TableRound.id, GroupTable.label, GroupTable.topics)
        .join(TableRound, TableRound.id == Seat.round_id).join(GroupTable, GroupTable.id == Seat.table_id)
        .join(TablePlan, TablePlan.event_id == TableRound.event_id)
        .where(Seat.registration_id.in_(registration_ids), TablePlan.published_at.is_not(None))
        .order_by(Seat.registration_id, TableRound.position))
    seats: dict[int, list[PublishedSeat]] = defaultdict(list)
    for registration_id, round_label, round_id, table_label, topics in rows:
        seats[registration_id].append(PublishedSeat(round_label, table_label, (topics or {}).get(str(round_id), "")))
    return dict(seats)


# --- the plan as coordinators see it -------------------------------------------------------------------------

METRIC_LABELS = {
    "repeated_encounters": _l("Wiederholte Begegnungen"),
    "same_organisation": _l("Paare aus derselben Organisation"),
    "same_kommune": _l("Paare aus derselben Kommune"),
    "same_type": _l("Paare derselben Organisationsart"),
    "same_table_or_topic_again": _l("Wieder am selben Tisch oder Thema"),
    "preferred_topics_visited": _l("Besuchte Wunschthemen"),
}
CONFLICT_LABELS = {
    "repeated_encounters": _l("trifft jemanden wieder"),
    "same_organisation": _l("gleiche Organisation"),
    "same_kommune": _l("gleiche Kommune"),
    "same_type": _l("gleiche Organisationsart"),
    "same_table_or_topic_again": _l("wieder hier"),
}


@dataclass
class TableView:
    table: GroupTable
    topic: str
    guests: list[tuple[Registration, list[str]]]  # registration, conflict labels at this seat


def plan_view(seating: Seating, evaluation) -> list[tuple[TableRound, list[TableView]]]:
    """Per round, per table: who sits there and what is highlighted at each seat."""
    people = {registration.id: registration for registration in seating.people}
    highlighted = evaluation.seats if evaluation else {}
    view = []
    for position, round_ in enumerate(seating.rounds):
        tables = {table.id: TableView(table, table.topic(round_.id), []) for table in seating.tables}
        for registration_id, seats in seating.seats.items():
            table_id = seats[position]
            if table_id in tables and registration_id in people:
                kinds = highlighted.get((str(registration_id), position), ())
                tables[table_id].guests.append(
                    (people[registration_id], [str(CONFLICT_LABELS[kind]) for kind in CONFLICT_LABELS if kind in kinds]))
        for table_view in tables.values():
            host = table_view.table.host_registration_id
            table_view.guests.sort(key=lambda guest: (guest[0].id != host, guest[0].family_name, guest[0].given_name))
        view.append((round_, list(tables.values())))
    return view


def metric_rows(plan: TablePlan) -> list[tuple[str, int, int | None, str, bool]]:
    """(label, value, best possible, how the bound is computed, best reached) for each metric."""
    rows = []
    for key, label in METRIC_LABELS.items():
        if key not in (plan.metrics or {}):
            continue
        bounds = plan.upper_bounds if key == "preferred_topics_visited" else plan.lower_bounds
        best = (bounds or {}).get(key)
        rows.append((str(label), plan.metrics[key], best, explain((plan.bound_notes or {}).get(key)),
                     best is not None and plan.metrics[key] == best))
    return rows

