"""Suggested Aussteller for a visitor, from sector interests, offer type interests and German level."""
import hashlib
from collections.abc import Iterable

from .instance import Employer, Visitor, level_index, reaches, slots_of

SECTOR_SCORE = 2
OFFER_TYPE_SCORE = 1


def suggest(visitor: Visitor, employers: Iterable[Employer], k: int, slots: int | None = None) -> list[str]:
    """Up to k Aussteller ids, best first; never one the visitor already wished or may not meet.

    Score: 2 if the Aussteller's sector is among the visitor's sectors, plus 1 if an offer the visitor reaches has
    one of the visitor's offer types; with interests given, only Aussteller scoring above 0 are suggested.
    Ties go to the Aussteller whose highest reachable requirement is highest (the visitor's German counts
    there, and places needing little German stay free for those with little), then to a hash of both ids
    (deterministic, yet spreads visitors with equal profiles over equal Aussteller). With `slots` given,
    Aussteller without interviewers or without a slot the visitor is available in are left out.
    """
    sectors = {sector.casefold() for sector in visitor.sectors}
    offer_types = {offer_type.casefold() for offer_type in visitor.offer_types}
    wished = set(visitor.wishes)
    ranked = []
    for employer in employers:
        if employer.id in wished or (slots is not None and not _can_meet_in_time(visitor, employer, slots)):
            continue
        reachable = [offer for offer in employer.offers if reaches(visitor.german_level, offer.german_level)]
        if employer.offers and not reachable:
            continue
        wanted = [offer for offer in reachable if offer.type.casefold() in offer_types]
        score = SECTOR_SCORE * ((employer.sector or "").casefold() in sectors) + OFFER_TYPE_SCORE * bool(wanted)
        if (sectors or offer_types) and score == 0:
            continue
        fit = max((level_index(offer.german_level) for offer in wanted or reachable), default=0)
        ranked.append((-score, -fit, _tiebreak(visitor.id, employer.id), employer.id))
    ranked.sort()
    return [employer_id for *_, employer_id in ranked[:max(k, 0)]]


def _can_meet_in_time(visitor: Visitor, employer: Employer, slots: int) -> bool:
    return employer.interviewers > 0 and bool(
        slots_of(visitor.available_slots, slots) & slots_of(employer.available_slots, slots))


def _tiebreak(visitor_id: str, employer_id: str) -> bytes:
    return hashlib.sha256(f"{visitor_id}\0{employer_id}".encode()).digest()[:8]
