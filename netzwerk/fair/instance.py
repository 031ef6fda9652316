"""The input of the interview scheduler: Aussteller, visitors, slots; the German-level rule; validation.

Language rule: CEFR levels are ordered none < A1 < A2 < B1 < B2 < C1 < C2 ("none" as a requirement means
no German needed; a visitor with "none" or an unknown level reaches only such offers). A visitor may meet an
Aussteller if the visitor reaches the required level of at least one of its offers; an Aussteller without
offers requires nothing.
"""
from collections.abc import Mapping
from dataclasses import dataclass, replace

LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
_LEVEL_INDEX = {level.casefold(): index for index, level in enumerate(LEVELS)}


class InstanceError(ValueError):
    """Bad input; the message is one line that names the field, e.g. `visitors[3].wishes[1]: unknown ...`."""


@dataclass(frozen=True)
class Offer:
    """A Praktikum, Ausbildung or Stelle an Aussteller brings, with the German it needs."""

    type: str
    german_level: str | None = "none"  # None: no requirement, like "none"


@dataclass(frozen=True)
class Employer:
    """An Aussteller: `interviewers` talk in parallel; `available_slots` None means every slot."""

    id: str
    interviewers: int
    offers: tuple[Offer, ...] = ()
    sector: str | None = None
    available_slots: frozenset[int] | None = None


@dataclass(frozen=True)
class Visitor:
    """`wishes`: Aussteller ids, first wish first; `suggestions`: how many suggested Aussteller to add."""

    id: str
    german_level: str | None = "none"  # None: unknown, treated like "none"
    wishes: tuple[str, ...] = ()
    available_slots: frozenset[int] | None = None
    sectors: tuple[str, ...] = ()
    offer_types: tuple[str, ...] = ()
    suggestions: int = 0


@dataclass(frozen=True)
class Instance:
    """One fair: `slots` slots of `slot_minutes` each, numbered from 0."""

    slots: int
    employers: tuple[Employer, ...]
    visitors: tuple[Visitor, ...]
    max_interviews_per_visitor: int = 3
    slot_minutes: int = 10


def level_index(level: str | None) -> int:
    """0 for "none", None or an unknown level; 1..6 for A1..C2."""
    return _LEVEL_INDEX.get((level or "none").casefold(), 0)


def reaches(visitor_level: str | None, required_level: str | None) -> bool:
    return level_index(visitor_level) >= level_index(required_level)


def may_meet(visitor: Visitor, employer: Employer) -> bool:
    """The language rule: the visitor reaches the level of at least one offer (no offers: no requirement)."""
    return not employer.offers or any(reaches(visitor.german_level, offer.german_level) for offer in employer.offers)


def slots_of(available: frozenset[int] | None, slots: int) -> frozenset[int]:
    return frozenset(range(slots)) if available is None else available


def validate(instance: Instance) -> Instance:
    """The instance with slots as frozensets, lists as tuples and levels spelt as in LEVELS; InstanceError
    for what the scheduler cannot take (the app builds instances in code, without JSON)."""
    _number(instance.slots, "slots", minimum=1)
    _number(instance.slot_minutes, "slot_minutes", minimum=1)
    _number(instance.max_interviews_per_visitor, "max_interviews_per_visitor")
    employers, employer_ids = [], set()
    for i, employer in enumerate(instance.employers):
        where = f"employers[{i}]"
        _text(employer.id, f"{where}.id")
        if employer.id in employer_ids:
            raise InstanceError(f"{where}.id: duplicate employer id {employer.id!r}")
        employer_ids.add(employer.id)
        offers = tuple(Offer(type=_text(offer.type, f"{where}.offers[{j}].type"),
                             german_level=_level(offer.german_level, f"{where}.offers[{j}].german_level"))
                       for j, offer in enumerate(_list(employer.offers, f"{where}.offers")))
        employers.append(replace(
            employer, interviewers=_number(employer.interviewers, f"{where}.interviewers"), offers=offers,
            sector=None if employer.sector is None else _text(employer.sector, f"{where}.sector"),
            available_slots=_slots(employer.available_slots, instance.slots, f"{where}.available_slots")))
    visitors, visitor_ids = [], set()
    for i, visitor in enumerate(instance.visitors):
        where = f"visitors[{i}]"
        _text(visitor.id, f"{where}.id")
        if visitor.id in visitor_ids:
            raise InstanceError(f"{where}.id: duplicate visitor id {visitor.id!r}")
        visitor_ids.add(visitor.id)
        wished = set()
        for j, wish in enumerate(_list(visitor.wishes, f"{where}.wishes")):
            if wish not in employer_ids:
                raise InstanceError(f"{where}.wishes[{j}]: unknown employer {wish!r}")
            if wish in wished:
                raise InstanceError(f"{where}.wishes[{j}]: employer {wish!r} wished twice")
            wished.add(wish)
        visitors.append(replace(
            visitor, german_level=_level(visitor.german_level, f"{where}.german_level"), wishes=tuple(visitor.wishes),
            available_slots=_slots(visitor.available_slots, instance.slots, f"{where}.available_slots"),
            sectors=_texts(visitor.sectors, f"{where}.sectors"),
            offer_types=_texts(visitor.offer_types, f"{where}.offer_types"),
            suggestions=_number(visitor.suggestions, f"{where}.suggestions")))
    return replace(instance, employers=tuple(employers), visitors=tuple(visitors))


def instance_from_dict(data: object) -> Instance:
    """The documented JSON format (see README) to an Instance; raises InstanceError with the field's path."""
    root = _object(data, "input", required={"slots", "employers", "visitors"},
                   optional={"slot_minutes", "max_interviews_per_visitor"})
    slots = _number(root["slots"], "slots", minimum=1)
    employers = tuple(_employer(item, f"employers[{i}]", slots)
                      for i, item in enumerate(_list(root["employers"], "employers")))
    visitors = tuple(_visitor(item, f"visitors[{i}]", slots)
                     for i, item in enumerate(_list(root["visitors"], "visitors")))
    instance = Instance(slots=slots, employers=employers, visitors=visitors,
                        max_interviews_per_visitor=root.get("max_interviews_per_visitor", 3),
                        slot_minutes=root.get("slot_minutes", 10))
    return validate(instance)


def _employer(data: object, where: str, slots: int) -> Employer:
    item = _object(data, where, required={"id", "interviewers"}, optional={"offers", "sector", "available_slots"})
    offers = []
    for j, offer_data in enumerate(_list(item.get("offers", []), f"{where}.offers")):
        offer = _object(offer_data, f"{where}.offers[{j}]", required={"type"}, optional={"german_level"})
        level = _level(offer.get("german_level", "none"), f"{where}.offers[{j}].german_level")
        offers.append(Offer(type=_text(offer["type"], f"{where}.offers[{j}].type"), german_level=level))
    sector = item.get("sector")
    return Employer(id=_text(item["id"], f"{where}.id"),
                    interviewers=_number(item["interviewers"], f"{where}.interviewers"),
                    offers=tuple(offers),
                    sector=None if sector is None else _text(sector, f"{where}.sector"),
                    available_slots=_slots(item.get("available_slots"), slots, f"{where}.available_slots"))


def _visitor(data: object, where: str, slots: int) -> Visitor:
    item = _object(data, where, required={"id"}, optional={"german_level", "wishes", "available_slots", "sectors",
                                                           "offer_types", "suggestions"})
    return Visitor(id=_text(item["id"], f"{where}.id"),
                   german_level=_level(item.get("german_level", "none"), f"{where}.german_level"),
                   wishes=_texts(item.get("wishes", []), f"{where}.wishes"),
                   available_slots=_slots(item.get("available_slots"), slots, f"{where}.available_slots"),
                   sectors=_texts(item.get("sectors", []), f"{where}.sectors"),
                   offer_types=_texts(item.get("offer_types", []), f"{where}.offer_types"),
                   suggestions=_number(item.get("suggestions", 0), f"{where}.suggestions"))


def _object(data: object, where: str, required: set[str], optional: set[str]) -> Mapping:
    if not isinstance(data, Mapping):
        raise InstanceError(f"{where}: expected an object")
    missing = sorted(required - data.keys())
    if missing:
        raise InstanceError(f"{where}: missing field {missing[0]!r}")
    unknown = sorted(data.keys() - required - optional)
    if unknown:
        raise InstanceError(f"{where}: unknown field {unknown[0]!r}")
    return data


def _list(data: object, where: str) -> list | tuple:
    if not isinstance(data, (list, tuple)):
        raise InstanceError(f"{where}: expected a list")
    return data


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _texts(values: object, where: str) -> tuple[str, ...]:
    return tuple(_text(value, f"{where}[{j}]") for j, value in enumerate(_list(values, where)))


def _number(value: object, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where}: expected a whole number, got {value!r}")
    if value < minimum:
        raise InstanceError(f"{where}: must be at least {minimum}, got {value}")
    return value


def _level(value: object, where: str) -> str:
    if value is None:  # unknown: reaches only offers that need no German
        return "none"
    if not isinstance(value, str) or value.casefold() not in _LEVEL_INDEX:
        raise InstanceError(f"{where}: unknown German level {value!r} (one of {', '.join(LEVELS)})")
    return LEVELS[_LEVEL_INDEX[value.casefold()]]


def _slots(values: object, slots: int, where: str) -> frozenset[int] | None:
    if values is None:
        return None
    if isinstance(values, (set, frozenset, range, tuple)):
        values = sorted(values, key=lambda value: (not isinstance(value, int), str(value)))
    seen = set()
    for j, value in enumerate(_list(values, where)):
        _number(value, f"{where}[{j}]")
        if value >= slots:
            raise InstanceError(f"{where}[{j}]: slot {value} does not exist (slots are 0..{slots - 1})")
        if value in seen:
            raise InstanceError(f"{where}[{j}]: slot {value} listed twice")
        seen.add(value)
    return frozenset(seen)
