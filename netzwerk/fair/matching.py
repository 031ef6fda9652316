"""Who meets whom: candidate pairs, the max-flow upper bound and the weighted b-matching (min-cost max-flow).

Both flows use one network: source -> visitor (capacity: max_interviews_per_visitor, at most the visitor's
usable slots) -> Aussteller (one arc per candidate pair, capacity 1) -> sink (capacity: interviewers x usable
slots). "Usable" slots are those in which the other side of some candidate pair is available too; which slot
each interview takes is left to `timetable`.
"""
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from .instance import Instance, may_meet, slots_of
from .suggest import suggest


@dataclass(frozen=True)
class Candidate:
    """A pair that may meet: indexes into instance.visitors/employers; `slots` both are available in."""

    visitor: int
    employer: int
    source: str  # "wish" or "suggestion"
    rank: int  # 1 = the visitor's first wish (or best suggestion)
    slots: tuple[int, ...]
    cost: int  # wishes cost rank - 1; every suggestion costs more than any wish


@dataclass(frozen=True)
class Network:
    candidates: tuple[Candidate, ...]
    visitor_caps: tuple[int, ...]
    employer_caps: tuple[int, ...]


def candidates(instance: Instance) -> tuple[Candidate, ...]:
    """Wishes the language rule and the availabilities allow, then each visitor's suggestions."""
    index = {employer.id: e for e, employer in enumerate(instance.employers)}
    suggestion_cost = max((len(visitor.wishes) for visitor in instance.visitors), default=0)
    pairs = []
    for v, visitor in enumerate(instance.visitors):
        visitor_slots = slots_of(visitor.available_slots, instance.slots)
        wanted = [("wish", rank, wish, rank - 1) for rank, wish in enumerate(visitor.wishes, 1)]
        if visitor.suggestions:
            wanted += [("suggestion", rank, employer_id, suggestion_cost + rank - 1) for rank, employer_id in
                       enumerate(suggest(visitor, instance.employers, visitor.suggestions, instance.slots), 1)]
        for source, rank, employer_id, cost in wanted:
            employer = instance.employers[index[employer_id]]
            common = visitor_slots & slots_of(employer.available_slots, instance.slots)
            if employer.interviewers and common and may_meet(visitor, employer):
                pairs.append(Candidate(v, index[employer_id], source, rank, tuple(sorted(common)), cost))
    return tuple(pairs)


def network(instance: Instance, pairs: tuple[Candidate, ...]) -> Network:
    visitor_slots = [set() for _ in instance.visitors]
    employer_slots = [set() for _ in instance.employers]
    for pair in pairs:
        visitor_slots[pair.visitor].update(pair.slots)
        employer_slots[pair.employer].update(pair.slots)
    return Network(
        candidates=pairs,
        visitor_caps=tuple(min(instance.max_interviews_per_visitor, len(usable)) for usable in visitor_slots),
        employer_caps=tuple(employer.interviewers * len(usable)
                            for employer, usable in zip(instance.employers, employer_slots)))


def upper_bound(net: Network) -> int:
    """The most interviews the capacities allow when times are ignored (a plain max flow)."""
    visitors, employers = len(net.visitor_caps), len(net.employer_caps)
    source, sink = 0, visitors + employers + 1
    if not net.candidates:
        return 0
    tails, heads, capacities = _arcs(net, source, sink)
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, capacities)
    status = flow.solve(source, sink)
    if status != flow.OPTIMAL:
        raise RuntimeError(f"max flow failed with status {status}")
    return flow.optimal_flow()


def best_matching(net: Network, bound: int) -> tuple[Candidate, ...]:
    """A maximum b-matching; among those, interviews spread over visitors, then the best-ranked wishes.

    The spread is a convex cost on each visitor's source arcs (the j-th interview of a visitor costs
    (j - 1) x SPREAD); SPREAD exceeds any possible sum of rank costs, so spreading comes strictly first.
    """
    if bound == 0:
        return ()
    visitors, employers = len(net.visitor_caps), len(net.employer_caps)
    source, sink = 0, visitors + employers + 1
    spread = spread_step(net, bound)
    tails, heads, capacities, costs = [], [], [], []
    for v, cap in enumerate(net.visitor_caps):
        for j in range(cap):
            tails.append(source), heads.append(1 + v), capacities.append(1), costs.append(j * spread)
    pair_arcs = len(tails)
    for pair in net.candidates:
        tails.append(1 + pair.visitor), heads.append(1 + visitors + pair.employer)
        capacities.append(1), costs.append(pair.cost)
    for e, cap in enumerate(net.employer_caps):
        tails.append(1 + visitors + e), heads.append(sink), capacities.append(cap), costs.append(0)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(np.array(tails), np.array(heads), np.array(capacities),
                                                    np.array(costs))
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[source], supplies[sink] = bound, -bound
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = flow.flows(arcs[pair_arcs:pair_arcs + len(net.candidates)])
    matched = tuple(pair for pair, units in zip(net.candidates, used) if units)
    if len(matched) != bound:
        raise RuntimeError(f"min-cost flow matched {len(matched)} pairs, max flow {bound}")
    return matched


def spread_step(net: Network, bound: int) -> int:
    """The extra cost of each further interview of one visitor: more than all rank costs of `bound` pairs."""
    return max((pair.cost for pair in net.candidates), default=0) * bound + 1


def _arcs(net: Network, source: int, sink: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    visitors = len(net.visitor_caps)
    tails = [source] * visitors + [1 + pair.visitor for pair in net.candidates] + [
        1 + visitors + e for e in range(len(net.employer_caps))]
    heads = [1 + v for v in range(visitors)] + [1 + visitors + pair.employer for pair in net.candidates] + [
        sink] * len(net.employer_caps)
    capacities = list(net.visitor_caps) + [1] * len(net.candidates) + list(net.employer_caps)
    return np.array(tails, dtype=np.int32), np.array(heads, dtype=np.int32), np.array(capacities, dtype=np.int64)
