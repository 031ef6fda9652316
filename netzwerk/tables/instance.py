"""The input of the table-group engine: rounds, tables, people, and the checks that make an instance solvable.

Plain frozen data classes; `Instance.from_json` reads the documented JSON shape and raises `InstanceError` with
one line saying what is wrong (the CLI prints it and exits with code 2).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType


class InstanceError(ValueError):
    """The instance cannot be solved as given; the message is one line for a coordinator."""


@dataclass(frozen=True)
class Table:
    id: str
    capacity: int
    topics: tuple[str | None, ...] = ()  # one topic (or None) per round; empty: no topics

    def topic(self, round_: int) -> str | None:
        return self.topics[round_] if self.topics else None


@dataclass(frozen=True)
class Person:
    id: str
    kommune: str | None = None
    organisation: str | None = None
    type: str | None = None  # organisation type (Jobcenter, Kammer, Ehrenamt, ...)
    prefs: tuple[str, ...] = ()  # preferred topics, best first
    pinned: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))  # round -> table id


@dataclass(frozen=True)
class Instance:
    rounds: int
    tables: tuple[Table, ...]
    people: tuple[Person, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "tables", tuple(self.tables))
        object.__setattr__(self, "people", tuple(self.people))

    @classmethod
    def from_json(cls, data: object) -> Instance:
        """Read `{"rounds": R, "tables": [...], "people": [...]}` (already parsed JSON) and validate it."""
        if not isinstance(data, dict):
            raise InstanceError("the input must be a JSON object with rounds, tables and people")
        rounds = _field(data, "rounds", "the input")
        if not _is_int(rounds) or rounds < 1:
            raise InstanceError(f"rounds must be a whole number of at least 1, got {rounds!r}")
        tables_data = _field(data, "tables", "the input")
        people_data = _field(data, "people", "the input")
        if not isinstance(tables_data, list):
            raise InstanceError("tables must be a list")
        if not isinstance(people_data, list):
            raise InstanceError("people must be a list")
        tables = tuple(_table_from_json(item, index, rounds) for index, item in enumerate(tables_data))
        people = tuple(_person_from_json(item, index) for index, item in enumerate(people_data))
        instance = cls(rounds, tables, people)
        instance.validate()
        return instance

    def validate(self) -> None:
        """Raise InstanceError for anything that makes the hard constraints unsatisfiable or the data ambiguous."""
        if not _is_int(self.rounds) or self.rounds < 1:
            raise InstanceError(f"rounds must be a whole number of at least 1, got {self.rounds!r}")
        if not self.tables:
            raise InstanceError("there must be at least one table")
        _no_duplicates([t.id for t in self.tables], "table")
        _no_duplicates([p.id for p in self.people], "person")
        for table in self.tables:
            if not _is_int(table.capacity) or table.capacity < 0:
                raise InstanceError(f"table {table.id!r}: capacity must be a whole number >= 0, got {table.capacity!r}")
            if table.topics and len(table.topics) != self.rounds:
                raise InstanceError(f"table {table.id!r}: topics must name one topic (or null) per round "
                                    f"({self.rounds}), got {len(table.topics)}")
        seats = sum(t.capacity for t in self.tables)
        if len(self.people) > seats:
            raise InstanceError(f"more people ({len(self.people)}) than seats ({seats})")
        capacity = {t.id: t.capacity for t in self.tables}
        pinned = Counter()
        for person in self.people:
            for round_, table_id in person.pinned.items():
                if not _is_int(round_) or not 0 <= round_ < self.rounds:
                    raise InstanceError(f"person {person.id!r} is pinned in round {round_!r}, but rounds are "
                                        f"0 to {self.rounds - 1}")
                if table_id not in capacity:
                    raise InstanceError(f"person {person.id!r} is pinned to unknown table {table_id!r} "
                                        f"in round {round_}")
                pinned[round_, table_id] += 1
        for (round_, table_id), count in sorted(pinned.items(), key=lambda item: (item[0][0], str(item[0][1]))):
            if count > capacity[table_id]:
                raise InstanceError(f"round {round_}: {count} people pinned to table {table_id!r}, "
                                    f"which has {capacity[table_id]} seats")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _field(data: dict, name: str, where: str) -> object:
    if name not in data:
        raise InstanceError(f"{where}: missing field {name!r}")
    return data[name]


def _no_duplicates(ids: Sequence[str], kind: str) -> None:
    seen = set()
    for id_ in ids:
        if id_ in seen:
            raise InstanceError(f"duplicate {kind} id {id_!r}")
        seen.add(id_)


def _text_or_none(value: object, where: str, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise InstanceError(f"{where}: {name} must be text or null, got {value!r}")


def _identified(item: object, kind: str, index: int, fields: str) -> tuple[str, str]:
    """The id of a JSON object in a list, and how messages name it from then on."""
    if not isinstance(item, dict):
        raise InstanceError(f"{kind} #{index + 1}: must be an object with {fields}")
    item_id = _field(item, "id", f"{kind} #{index + 1}")
    if not isinstance(item_id, str) or not item_id:
        raise InstanceError(f"{kind} #{index + 1}: id must be a non-empty text, got {item_id!r}")
    return item_id, f"{kind} {item_id!r}"


def _table_from_json(item: object, index: int, rounds: int) -> Table:
    table_id, where = _identified(item, "table", index, "id and capacity")
    capacity = _field(item, "capacity", where)
    if not _is_int(capacity) or capacity < 0:
        raise InstanceError(f"{where}: capacity must be a whole number >= 0, got {capacity!r}")
    topics = item.get("topics") or []
    if not isinstance(topics, list):
        raise InstanceError(f"{where}: topics must be a list with one topic (or null) per round")
    if topics and len(topics) != rounds:
        raise InstanceError(f"{where}: topics must name one topic (or null) per round ({rounds}), got {len(topics)}")
    return Table(table_id, capacity, tuple(_text_or_none(topic, where, "a topic") for topic in topics))


def _person_from_json(item: object, index: int) -> Person:
    person_id, where = _identified(item, "person", index, "id, kommune, organisation and type")
    kommune, organisation, type_ = (_text_or_none(_field(item, name, where), where, name)
                                    for name in ("kommune", "organisation", "type"))
    prefs = item.get("prefs") or []
    if not isinstance(prefs, list) or not all(isinstance(topic, str) for topic in prefs):
        raise InstanceError(f"{where}: prefs must be a list of topics")
    pinned_data = item.get("pinned") or {}
    if not isinstance(pinned_data, dict):
        raise InstanceError(f"{where}: pinned must be an object like {{\"0\": \"T1\"}} (round -> table id)")
    pinned = {}
    for key, table_id in pinned_data.items():
        try:
            round_ = int(key)
        except ValueError:
            raise InstanceError(f"{where}: pinned round {key!r} is not a round number") from None
        if not isinstance(table_id, str):
            raise InstanceError(f"{where}: pinned table for round {key} must be a table id, got {table_id!r}")
        pinned[round_] = table_id
    return Person(person_id, kommune, organisation, type_, tuple(dict.fromkeys(prefs)), MappingProxyType(pinned))
