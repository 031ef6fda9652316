"""Metrics of a seating plan, computed plainly from the assignment, with the conflicts behind each number.

The app calls `evaluate` after a coordinator moves someone by hand, to show the new figures and to highlight
the seats involved. Nothing here is used by the search for speed; it is the reference the search is checked
against.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .instance import Instance

METRICS = ("repeated_encounters", "same_organisation", "same_kommune", "same_type", "same_table_or_topic_again",
           "preferred_topics_visited")
"""In order of importance. All count something to avoid (lower is better) except the last (higher is better)."""

CATEGORY_METRICS = {"same_organisation": "organisation", "same_kommune": "kommune", "same_type": "type"}

Assignment = Mapping[str, Sequence[str]]
"""person id -> table id for each round"""


@dataclass(frozen=True)
class Conflict:
    """One reason a seat is highlighted.

    kind is a metric name (or "hard" for a broken hard constraint). For pair kinds `people` holds two ids;
    for repeated_encounters `rounds` lists every round the two share a table; for same_table_or_topic_again
    `people` holds one id and `rounds` is (earlier round, this round); `detail` is the shared value
    (organisation, Kommune, type, "table" or "topic: <name>").
    """
    kind: str
    people: tuple[str, ...]
    rounds: tuple[int, ...]
    table: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Evaluation:
    metrics: dict[str, int]
    conflicts: tuple[Conflict, ...]
    violations: tuple[str, ...]  # broken hard constraints, one sentence each; empty for a valid plan
    seats: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    """(person id, round) -> the conflict kinds at that seat, for highlighting"""


def evaluate(instance: Instance, assignment: Assignment) -> Evaluation:
    """Metrics, conflicts per seat and broken hard constraints of `assignment` (tolerates incomplete plans)."""
    seating, violations = _seating(instance, assignment)
    violations += _size_violations(instance, seating)
    metrics = dict.fromkeys(METRICS, 0)
    conflicts = _pair_conflicts(instance, seating, metrics) + _person_conflicts(instance, assignment, metrics)
    return Evaluation(metrics, tuple(conflicts), tuple(violations), _seat_highlights(conflicts))


def _seating(instance: Instance, assignment: Assignment) -> tuple[list[dict[str, list[str]]], list[str]]:
    """round -> table -> people, and what is wrong with single seats (missing, unknown table, pin broken)."""
    rounds = instance.rounds
    tables = {t.id for t in instance.tables}
    people = {p.id for p in instance.people}
    violations = []
    seating: list[dict[str, list[str]]] = [defaultdict(list) for _ in range(rounds)]
    for person in instance.people:
        row = assignment.get(person.id)
        if row is None:
            violations.append(f"{person.id} has no seat")
            continue
        if len(row) != rounds:
            violations.append(f"{person.id} has {len(row)} seats for {rounds} rounds")
        for round_, table_id in enumerate(row[:rounds]):
            if table_id not in tables:
                violations.append(f"{person.id} sits at unknown table {table_id} in round {round_}")
                continue
            seating[round_][table_id].append(person.id)
        for round_, table_id in person.pinned.items():
            if round_ < len(row) and row[round_] != table_id:
                violations.append(f"{person.id} is pinned to {table_id} in round {round_} but sits at {row[round_]}")
    violations += [f"{person_id} is not in the instance" for person_id in assignment if person_id not in people]
    return seating, violations


def _size_violations(instance: Instance, seating: list[dict[str, list[str]]]) -> list[str]:
    """Tables over capacity, and tables of equal capacity whose sizes differ by more than one."""
    violations = []
    for round_, by_table in enumerate(seating):
        sizes_by_capacity = defaultdict(list)
        for table in instance.tables:
            size = len(by_table.get(table.id, ()))
            sizes_by_capacity[table.capacity].append(size)
            if size > table.capacity:
                violations.append(f"round {round_}: {size} people at {table.id}, which has {table.capacity} seats")
        for capacity, sizes in sizes_by_capacity.items():
            if max(sizes) - min(sizes) > 1:
                violations.append(f"round {round_}: tables with {capacity} seats hold between {min(sizes)} "
                                  f"and {max(sizes)} people")
    return violations


def _pair_conflicts(instance: Instance, seating: list[dict[str, list[str]]], metrics: dict) -> list[Conflict]:
    """Pairs at one table sharing an organisation, Kommune or type, and pairs who meet again."""
    people = {p.id: p for p in instance.people}
    conflicts = []
    meetings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for round_, by_table in enumerate(seating):
        for table_id, members in by_table.items():
            for first, second in combinations(members, 2):
                meetings[min(first, second), max(first, second)].append(round_)
                for metric, attribute in CATEGORY_METRICS.items():
                    value = getattr(people[first], attribute)
                    if value is not None and value == getattr(people[second], attribute):
                        metrics[metric] += 1
                        conflicts.append(Conflict(metric, (first, second), (round_,), table_id, value))
    for pair, met_in in meetings.items():
        if len(met_in) > 1:
            metrics["repeated_encounters"] += len(met_in) - 1
            conflicts.append(Conflict("repeated_encounters", pair, tuple(met_in)))
    return conflicts


def _person_conflicts(instance: Instance, assignment: Assignment, metrics: dict) -> list[Conflict]:
    """Seats back at a table or topic a person had before; counts the preferred topics visited."""
    tables = {t.id: t for t in instance.tables}
    conflicts = []
    for person in instance.people:
        row = [table_id if table_id in tables else None
               for table_id in assignment.get(person.id, ())][:instance.rounds]
        first_table: dict[str, int] = {}
        first_topic: dict[str, int] = {}
        for round_, table_id in enumerate(row):
            if table_id is None:
                continue
            topic = tables[table_id].topic(round_)
            if table_id in first_table:
                metrics["same_table_or_topic_again"] += 1
                conflicts.append(Conflict("same_table_or_topic_again", (person.id,), (first_table[table_id], round_),
                                          table_id, "table"))
            elif topic is not None and topic in first_topic:
                metrics["same_table_or_topic_again"] += 1
                conflicts.append(Conflict("same_table_or_topic_again", (person.id,), (first_topic[topic], round_),
                                          table_id, f"topic: {topic}"))
            first_table.setdefault(table_id, round_)
            if topic is not None:
                first_topic.setdefault(topic, round_)
        metrics["preferred_topics_visited"] += len(set(person.prefs) & first_topic.keys())
    return conflicts


def _seat_highlights(conflicts: list[Conflict]) -> dict[tuple[str, int], frozenset[str]]:
    """(person, round) -> conflict kinds there: every round of a repeated pair, the later seat otherwise."""
    seats: dict[tuple[str, int], set[str]] = defaultdict(set)
    for conflict in conflicts:
        rounds_at = conflict.rounds if conflict.kind == "repeated_encounters" else conflict.rounds[-1:]
        for person_id in conflict.people:
            for round_ in rounds_at:
                seats[person_id, round_].add(conflict.kind)
    return {key: frozenset(kinds) for key, kinds in seats.items()}


def metric_key(metrics: Mapping[str, int]) -> tuple[int, ...]:
    """Sort key: smaller is better, in the order of importance."""
    return tuple(-metrics[name] if name == "preferred_topics_visited" else metrics[name] for name in METRICS)
