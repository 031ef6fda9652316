"""Interview slots for the Migrationsmesse: plain data in, a plan out (no Flask, no database).

`schedule(instance)` first decides who meets whom (a maximum b-matching by min-cost flow: as many interviews
as the capacities allow, then spread over visitors, then the best-ranked wishes; suggestions rank below every
wish), then when (`timetable`), and reports every wish it could not grant with the reason.
"""
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from .instance import (
    LEVELS,
    Employer,
    Instance,
    InstanceError,
    Offer,
    Visitor,
    instance_from_dict,
    may_meet,
    slots_of,
    validate,
)
from .matching import best_matching, candidates, network, spread_step, upper_bound
from .suggest import suggest
from .timetable import Placement, compact, fill, greedy, koenig, place, seats, shared_slots, slots_lower_bound

__all__ = ["LEVELS", "REASONS", "Employer", "Instance", "InstanceError", "Interview", "Metrics", "Offer", "Schedule",
           "Unscheduled", "Visitor", "instance_from_dict", "schedule", "suggest", "validate"]

REASONS = {
    "german_level": "the visitor does not reach the German level of any of the Aussteller's offers",
    "no_common_slot": "the Aussteller has no interviewers or no slot in which the visitor is available",
    "employer_full": "in every slot both are available, all of the Aussteller's interviewers are busy",
    "visitor_full": "the visitor has the most interviews allowed, or is busy in every slot both are available",
    "no_free_slot": "both have room, but never in the same slot",
}


@dataclass(frozen=True)
class Interview:
    visitor: str
    employer: str
    slot: int  # 0-based; starts slot x slot_minutes after the first slot
    seat: int  # which of the Aussteller's interviewers, 0-based
    source: str  # "wish" or "suggestion"
    rank: int  # 1 = the visitor's first wish (or best suggestion)


@dataclass(frozen=True)
class Unscheduled:
    """A wish that got no interview, with one of REASONS."""

    visitor: str
    employer: str
    rank: int
    reason: str


@dataclass(frozen=True)
class Metrics:
    interviews: int
    upper_bound: int  # max flow over the capacities, times ignored: no schedule has more interviews
    slots_used: int  # slots in which at least one interview takes place
    slots_lower_bound: int  # most interviews of one visitor, or ceil(interviews / interviewers) of one Aussteller
    wishes: int
    wishes_scheduled: int
    first_wishes_scheduled: int
    suggestions_scheduled: int
    visitors_with_interview: int
    method: str  # "koenig" (exact edge colouring), "greedy" or "cp-sat" (availability windows)


@dataclass(frozen=True)
class Schedule:
    interviews: tuple[Interview, ...]  # by slot, Aussteller (input order), seat
    unscheduled: tuple[Unscheduled, ...]  # by visitor (input order), rank
    metrics: Metrics


def schedule(instance: Instance, seconds: float = 2.0) -> Schedule:
    """Deterministic: the same instance and `seconds` give the same plan (the solver's limit counts work,
    not wall time). `seconds` is only spent when availability windows defeat the exact methods."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    instance = validate(instance)
    interviewers = [employer.interviewers for employer in instance.employers]
    net = network(instance, candidates(instance))
    bound = upper_bound(net)
    matched = best_matching(net, bound)
    shared = shared_slots(matched)
    if not matched or (shared is not None and slots_lower_bound(matched, interviewers) <= len(shared)):
        return _result(instance, bound, koenig(matched, interviewers), "koenig")
    placement = fill(net, interviewers, greedy(matched, interviewers))
    method, budget = "greedy", seconds
    if len(placement) < bound:  # the windows, or only the heuristic? CP-SAT chooses again
        placement = place(net, interviewers, spread_step(net, bound), placement, 0.7 * seconds)
        placement, method, budget = fill(net, interviewers, placement), "cp-sat", 0.3 * seconds
    if len(set(placement.values())) > slots_lower_bound(list(placement), interviewers):
        placement, method = compact(list(placement), interviewers, placement, budget), "cp-sat"
    return _result(instance, bound, placement, method)


def _result(instance: Instance, bound: int, placement: Placement, method: str) -> Schedule:
    seat_of = seats(placement, [employer.interviewers for employer in instance.employers])
    ordered = sorted(placement, key=lambda pair: (placement[pair], pair.employer, seat_of[pair]))
    interviews = tuple(Interview(visitor=instance.visitors[pair.visitor].id,
                                 employer=instance.employers[pair.employer].id, slot=placement[pair],
                                 seat=seat_of[pair], source=pair.source, rank=pair.rank) for pair in ordered)
    unscheduled = tuple(_unscheduled(instance, placement))
    met = [pair for pair in placement if pair.source == "wish"]
    metrics = Metrics(
        interviews=len(interviews), upper_bound=bound, slots_used=len(set(placement.values())),
        slots_lower_bound=slots_lower_bound(list(placement), [employer.interviewers for employer in
                                                              instance.employers]),
        wishes=sum(len(visitor.wishes) for visitor in instance.visitors), wishes_scheduled=len(met),
        first_wishes_scheduled=sum(pair.rank == 1 for pair in met),
        suggestions_scheduled=len(placement) - len(met),
        visitors_with_interview=len({pair.visitor for pair in placement}), method=method)
    return Schedule(interviews=interviews, unscheduled=unscheduled, metrics=metrics)


def _unscheduled(instance: Instance, placement: Placement) -> Iterator[Unscheduled]:
    index = {employer.id: e for e, employer in enumerate(instance.employers)}
    visitor_busy = defaultdict(set)
    employer_load = Counter()
    for pair, slot in placement.items():
        visitor_busy[pair.visitor].add(slot)
        employer_load[pair.employer, slot] += 1
    granted = {(pair.visitor, pair.employer) for pair in placement}
    for v, visitor in enumerate(instance.visitors):
        for rank, employer_id in enumerate(visitor.wishes, 1):
            e = index[employer_id]
            if (v, e) in granted:
                continue
            employer = instance.employers[e]
            common = slots_of(visitor.available_slots, instance.slots) & slots_of(employer.available_slots,
                                                                                  instance.slots)
            employer_free = {slot for slot in common if employer_load[e, slot] < employer.interviewers}
            visitor_free = common - visitor_busy[v]
            if not may_meet(visitor, employer):
                reason = "german_level"
            elif not common or not employer.interviewers:
                reason = "no_common_slot"
            elif not employer_free:
                reason = "employer_full"
            elif len(visitor_busy[v]) >= instance.max_interviews_per_visitor or not visitor_free:
                reason = "visitor_full"
            else:
                reason = "no_free_slot"
            yield Unscheduled(visitor=visitor.id, employer=employer_id, rank=rank, reason=reason)

