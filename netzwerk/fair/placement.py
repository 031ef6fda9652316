"""Automatic booth assignment: plain data in, {Aussteller: booth} out (no Flask, no database).

Preferences first: an Aussteller whose preferred booth is free and of its booth type gets it. Then sector by
sector (the largest first), each Aussteller takes the free booth of its type nearest to where its sector
already stands, so a sector grows as one block; a sector that has no booth yet starts at the first free
booth in reading order (top to bottom, left to right). Every booth goes to at most one Aussteller.
"""
from collections import defaultdict
from dataclasses import dataclass
from math import hypot


@dataclass(frozen=True)
class BoothSpot:
    id: int
    x: float  # centre, metres
    y: float
    type_id: int | None = None


@dataclass(frozen=True)
class Applicant:
    """An Aussteller that needs a booth; type_id None takes any booth."""

    id: int
    sector: str
    type_id: int | None = None
    preferred_booth_id: int | None = None


def fits(booth: BoothSpot, applicant: Applicant) -> bool:
    return applicant.type_id is None or booth.type_id is None or booth.type_id == applicant.type_id


def assign_booths(free: list[BoothSpot], applicants: list[Applicant],
                  placed: dict[str, list[tuple[float, float]]] | None = None) -> dict[int, int]:
    """Booths for as many applicants as fit. `placed`: centres of booths each sector holds already;
    `applicants` in order of priority (e.g. the order they booked in)."""
    available = {booth.id: booth for booth in free}
    centres = defaultdict(list, {sector: list(points) for sector, points in (placed or {}).items()})
    result: dict[int, int] = {}

    def take(applicant: Applicant, booth: BoothSpot) -> None:
        result[applicant.id] = booth.id
        del available[booth.id]
        centres[applicant.sector].append((booth.x, booth.y))

    for applicant in applicants:
        booth = available.get(applicant.preferred_booth_id)
        if booth is not None and fits(booth, applicant):
            take(applicant, booth)
    by_sector: dict[str, list[Applicant]] = defaultdict(list)
    for applicant in applicants:
        if applicant.id not in result:
            by_sector[applicant.sector].append(applicant)
    for sector in sorted(by_sector, key=lambda name: (-len(by_sector[name]), name)):
        for applicant in by_sector[sector]:
            candidates = [booth for booth in available.values() if fits(booth, applicant)]
            if not candidates:
                continue
            take(applicant, min(candidates, key=lambda booth: _closeness(booth, centres[sector])))
    return result


def _closeness(booth: BoothSpot, points: list[tuple[float, float]]) -> tuple:
    reading_order = (booth.y, booth.x, booth.id)
    if not points:
        return (0.0, *reading_order)
    centre_x = sum(x for x, _ in points) / len(points)
    centre_y = sum(y for _, y in points) / len(points)
    return (hypot(booth.x - centre_x, booth.y - centre_y), *reading_order)
