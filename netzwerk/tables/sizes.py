"""How many people sit at each table in a round: balanced where capacities are equal, honouring pins.

Tables of equal capacity form a group whose sizes must differ by at most one, so a group's sizes are L or L+1.
Among all feasible size vectors we take the one that keeps the most people of a previous plan at their tables
(re-solve), then the one with the fewest pairs at tables (sum of C(size, 2)), which also spreads people evenly.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from .instance import InstanceError


def pairs(size: int) -> int:
    return size * (size - 1) // 2


def table_sizes(capacities: Sequence[int], pinned: Sequence[int], people: int,
                kept: Sequence[int] | None = None) -> tuple[int, ...]:
    """Sizes per table; `pinned[t]` people must sit at t, `kept[t]` would like to stay at t. Raises InstanceError."""
    return _table_sizes(tuple(capacities), tuple(pinned), people, tuple(kept) if kept is not None else None)


def min_pairs(capacities: Sequence[int], pinned: Sequence[int], people: int) -> int:
    """The fewest pairs sitting together in one round over all feasible size vectors."""
    return sum(pairs(size) for size in table_sizes(capacities, pinned, people))


@lru_cache(maxsize=256)
def _table_sizes(capacities: tuple[int, ...], pinned: tuple[int, ...], people: int,
                 kept: tuple[int, ...] | None) -> tuple[int, ...]:
    kept = kept or (0,) * len(capacities)
    groups: dict[int, list[int]] = defaultdict(list)
    for index, capacity in enumerate(capacities):
        groups[capacity].append(index)
    # options[g]: total -> (cost, level, number at level + 1); cost = (-people kept, pairs)
    options = []
    for capacity, members in sorted(groups.items()):
        count = len(members)
        most_pinned = max(pinned[t] for t in members)
        by_total = {}
        for level in range(max(0, most_pinned - 1), capacity + 1):
            forced = sum(1 for t in members if pinned[t] == level + 1)
            if most_pinned > level + 1:
                continue
            top = count - 1 if level < capacity else 0
            for bigger in range(forced, top + 1):
                stay = _kept_at(members, level, bigger, pinned, kept)
                cost = (-stay, bigger * pairs(level + 1) + (count - bigger) * pairs(level))
                total = level * count + bigger
                if total not in by_total or cost < by_total[total][0]:
                    by_total[total] = (cost, level, bigger)
        options.append((members, by_total))
    # knapsack over groups: reachable total -> (cost, choices)
    best: dict[int, tuple[tuple[int, int], tuple]] = {0: ((0, 0), ())}
    for _members, by_total in options:
        step = {}
        for reached, (cost, choices) in best.items():
            for total, (group_cost, level, bigger) in by_total.items():
                if reached + total > people:
                    continue
                new_cost = (cost[0] + group_cost[0], cost[1] + group_cost[1])
                key = reached + total
                if key not in step or new_cost < step[key][0]:
                    step[key] = (new_cost, choices + ((level, bigger),))
        best = step
    if people not in best:
        raise InstanceError(f"the pins leave no way to seat {people} people with tables of equal capacity "
                            f"differing by at most one person")
    sizes = [0] * len(capacities)
    for (members, _), (level, bigger) in zip(options, best[people][1]):
        order = sorted(members, key=lambda t: (pinned[t] != level + 1, -min(kept[t], level + 1) + min(kept[t], level), t))
        for rank, t in enumerate(order):
            sizes[t] = level + 1 if rank < bigger else level
    return tuple(sizes)


def _kept_at(members: list[int], level: int, bigger: int, pinned: Sequence[int], kept: Sequence[int]) -> int:
    forced = [t for t in members if pinned[t] == level + 1]
    others = sorted((min(kept[t], level + 1) - min(kept[t], level) for t in members if pinned[t] != level + 1),
                    reverse=True)
    base = sum(min(kept[t], level) for t in members)
    return base + sum(min(kept[t], level + 1) - min(kept[t], level) for t in forced) + sum(others[:bigger - len(forced)])
