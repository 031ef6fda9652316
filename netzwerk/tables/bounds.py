"""Lower bounds for every metric (an upper bound for preferred_topics_visited), each with the reasoning used.

Every bound is a relaxation of the hard constraints, so it holds with pins and unequal capacities too:
no plan can do better. A plan that reaches all of them is optimal; the gap tells a coordinator how much is
left to gain.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from math import comb

from .instance import Instance
from .sizes import min_pairs, pairs


@dataclass(frozen=True)
class Bounds:
    lower: dict[str, int]  # every metric except preferred_topics_visited: no plan has less
    upper: dict[str, int]  # preferred_topics_visited: no plan has more
    notes: dict[str, str]  # metric -> which bound was applied, with its numbers (English, for the command line)
    rules: dict[str, dict]  # metric -> {"rule": name, numbers...}: the same, for the app to word in its language

    def reached(self, metrics: dict[str, int]) -> bool:
        return (all(metrics[name] <= value for name, value in self.lower.items())
                and all(metrics[name] >= value for name, value in self.upper.items()))


def compute_bounds(instance: Instance, repeats: int | None = None) -> Bounds:
    """Bounds every plan obeys; with `repeats`, the category bounds hold for plans with at most that many
    repeated encounters. Repeats rank first, so the best plan has no more of them than any plan at hand: given
    a plan's own count, the sharper category bounds still bound the best plan, and the plan itself."""
    lower, upper, notes, rules = {}, {}, {}, {}
    lower["repeated_encounters"], notes["repeated_encounters"], rules["repeated_encounters"] = _repeats(instance)
    for metric, attribute, label in (("same_organisation", "organisation", "organisation"),
                                     ("same_kommune", "kommune", "Kommune"), ("same_type", "type", "type")):
        lower[metric], notes[metric], rules[metric] = _same_category(instance, attribute, label, repeats)
    again = _again(instance)
    lower["same_table_or_topic_again"], notes["same_table_or_topic_again"] = again
    rules["same_table_or_topic_again"] = {"rule": "matching", "value": again[0]}
    preferred = _preferred(instance)
    upper["preferred_topics_visited"], notes["preferred_topics_visited"] = preferred
    rules["preferred_topics_visited"] = {"rule": "matching", "value": preferred[0]}
    return Bounds(lower, upper, notes, rules)


def _pinned_counts(instance: Instance) -> list[list[int]]:
    index = {t.id: i for i, t in enumerate(instance.tables)}
    counts = [[0] * len(instance.tables) for _ in range(instance.rounds)]
    for person in instance.people:
        for round_, table_id in person.pinned.items():
            counts[round_][index[table_id]] += 1
    return counts


def spread_pairs(count: int, lowest: list[int], highest: list[int]) -> int:
    """Fewest pairs when `count` people fill bins from `lowest` (already there) up to `highest`, as evenly as
    possible (greedy on the convex C(x, 2) is optimal)."""
    sizes = list(lowest)
    extra = count - sum(sizes)
    heap = [(size, t) for t, size in enumerate(sizes) if size < highest[t]]
    heapq.heapify(heap)
    while extra > 0 and heap:
        size, t = heapq.heappop(heap)
        sizes[t] = size + 1
        extra -= 1
        if size + 1 < highest[t]:
            heapq.heappush(heap, (size + 1, t))
    return sum(pairs(size) for size in sizes)


def _same_category(instance: Instance, attribute: str, label: str, repeats: int | None) -> tuple[int, str, dict]:
    tables = instance.tables
    index = {t.id: i for i, t in enumerate(tables)}
    capacities = [t.capacity for t in tables]
    members: dict[str, list] = defaultdict(list)
    for person in instance.people:
        value = getattr(person, attribute)
        if value is not None:
            members[value].append(person)
    pinned_all = _pinned_counts(instance)
    spread, pinned_any = [], False
    for people in members.values():
        total = 0
        for round_ in range(instance.rounds):
            pinned_here = [0] * len(tables)
            for person in people:
                if round_ in person.pinned:
                    pinned_here[index[person.pinned[round_]]] += 1
                    pinned_any = True
            room = [capacities[t] - pinned_all[round_][t] + pinned_here[t] for t in range(len(tables))]
            total += spread_pairs(len(people), pinned_here, room)
        spread.append(total)
    by_round = sum(spread)
    how = (f"per round and {label} with k members over T={len(tables)} tables, (q, r) = divmod(k, T): "
           f"r·C(q+1,2) + (T−r)·C(q,2) pairs")
    if pinned_any or len(set(capacities)) > 1:
        how += "; computed as the most even spread that pinned people and table capacities allow"
    how += f"; summed over {instance.rounds} rounds = {by_round}"
    rule = {"rule": "spread", "category": attribute, "tables": len(tables), "rounds": instance.rounds,
            "value": by_round}
    if repeats is None:
        return by_round, how, rule
    met = _people_met(instance)
    n = len(instance.people)
    surplus = [len(people) * max(0, met - (n - len(people))) for people in members.values()]
    total = _with_repeats(spread, surplus, 2 * repeats)
    if total > by_round:
        how = (f"acquaintances: with at most {repeats} repeated encounters everyone meets at least {met} "
               f"different people ({instance.rounds} rounds at tables of at least {met // instance.rounds + 1}), "
               f"so a member of a {label} with k members meets at least {met} − ({n} − k) of them, less the "
               f"repeats; per {label} the larger of this and the per-round spread = {total} (per round alone: "
               f"{by_round})")
        rule = {"rule": "acquaintances", "category": attribute, "repeats": repeats, "met": met,
                "people": n, "by_round": by_round, "value": total}
    return total, how, rule


def _people_met(instance: Instance) -> int:
    """Meetings each person has over all rounds, counted with repeats: where all open tables have one capacity,
    sizes differ by at most one, so every table holds at least N // T people; otherwise no claim (0)."""
    open_tables = [t.capacity for t in instance.tables if t.capacity > 0]
    if not open_tables or len(set(open_tables)) > 1:
        return 0
    return instance.rounds * max(0, len(instance.people) // len(open_tables) - 1)


def _with_repeats(spread: list[int], surplus: list[int], budget: int) -> int:
    """Sum over categories of max(spread pairs, ceil((surplus − x) / 2)) where the repeats' extra meetings
    x (in total at most `budget`, two per repeated encounter) go where they lower the sum most: each step down
    costs two meetings, the first only one when the surplus is odd, so cheap steps are taken first."""
    total, steps = 0, []
    for pairs_spread, meetings in zip(spread, surplus):
        by_acquaintance = (meetings + 1) // 2
        total += max(pairs_spread, by_acquaintance)
        room = by_acquaintance - pairs_spread
        if room > 0:
            first = 1 if meetings % 2 else 2
            steps += [first] + [2] * (room - 1)
    for cost in sorted(steps):
        if cost > budget:
            break
        budget -= cost
        total -= 1
    return total


def _repeats(instance: Instance) -> tuple[int, str, dict]:
    n, rounds = len(instance.people), instance.rounds
    capacities = [t.capacity for t in instance.tables]
    pinned = _pinned_counts(instance)
    meetings = sum(min_pairs(capacities, pinned[r], n) for r in range(rounds))
    apart = _never_together(instance)
    counting = max(0, meetings - (comb(n, 2) - apart))
    per_round_pair = _round_pair_repeats(capacities, n)
    chain = (rounds - 1) * per_round_pair
    forced = _pinned_repeats(instance)
    latin = _no_orthogonal_latin_squares(instance)
    best = max(counting, chain, forced, latin)
    size = max((n + len(capacities) - 1) // len(capacities), 1)
    notes = [f"counting: at least {meetings} encounters in {rounds} rounds (table sizes as even as pins allow), "
             f"at most C({n},2) = {comb(n, 2)} different pairs"
             + (f" less {apart} pairs pinned apart in every round" if apart else "")
             + f" → {counting} (none forced while R·(s−1) ≤ N−1: {rounds}·{size - 1} ≤ {n - 1})",
             f"rounds: any two rounds share at least T·[r·C(q+1,2) + (T−r)·C(q,2)] = {per_round_pair} pairs, "
             f"(q, r) = divmod(s, T) for a table of s people spread over T tables; a chain of {rounds - 1} round "
             f"pairs → {chain}",
             f"pins: people pinned together in several rounds → {forced}"]
    if latin:
        notes.append("Latin squares: 36 people at exactly 6 tables of 6 for 4 or more rounds would need two "
                     "orthogonal Latin squares of order 6 (Euler's 36 officers; none exist), and two Latin "
                     "squares cannot share exactly one repeated pair → 2")
    used = ["counting", "rounds", "pins", "Latin squares"][[counting, chain, forced, latin].index(best)]
    rule = {"rule": used.replace(" ", "_"), "value": best, "meetings": meetings, "rounds": rounds,
            "pairs": comb(n, 2), "apart": apart, "seats_less_one": size - 1, "people_less_one": n - 1,
            "per_round_pair": per_round_pair, "round_pairs": rounds - 1}
    return best, f"{used} bound applied ({best}); " + "; ".join(notes), rule


def _no_orthogonal_latin_squares(instance: Instance) -> int:
    """6 tables of exactly 6 seats, 36 people, 4+ rounds: two rounds form a 6×6 grid and every other round
    without repeats is a Latin square on it; two rounds on top would be orthogonal Latin squares of order 6,
    which do not exist (Tarry 1900), and two Latin squares never share exactly one repeated pair (the doubled
    pair's row symbol and column symbol would each miss a partner, and the one missing pair would be the
    doubled one). So at least 2 repeated encounters."""
    open_tables = [t for t in instance.tables if t.capacity > 0]
    if (instance.rounds >= 4 and len(instance.people) == 36 and len(open_tables) == 6
            and all(t.capacity == 6 for t in open_tables)):
        return 2
    return 0


def _never_together(instance: Instance) -> int:
    """Pairs who can never share a table: both pinned in every round, to different tables."""
    fixed = [p for p in instance.people if len(p.pinned) == instance.rounds]
    return sum(1 for i, first in enumerate(fixed) for second in fixed[i + 1:]
               if all(first.pinned[r] != second.pinned[r] for r in range(instance.rounds)))


def _pinned_repeats(instance: Instance) -> int:
    pinned = [p for p in instance.people if len(p.pinned) > 1]
    total = 0
    for i, first in enumerate(pinned):
        for second in pinned[i + 1:]:
            together = sum(1 for r, table in first.pinned.items() if second.pinned.get(r) == table)
            total += max(0, together - 1)
    return total


def _round_pair_repeats(capacities: list[int], n: int) -> int:
    """Fewest pairs sitting together in both of two rounds: the people of one table in one round spread over
    all tables of the other round (capacities respected, pins ignored, which only makes the bound weaker)."""
    most = max(capacities)
    spread = [0]  # spread[x]: fewest pairs among x people spread over all tables
    levels = [(0, t) for t, capacity in enumerate(capacities) if capacity > 0]
    heapq.heapify(levels)
    filled = [0] * len(capacities)
    for _ in range(most):
        if not levels:
            break
        level, t = heapq.heappop(levels)
        spread.append(spread[-1] + level)
        filled[t] = level + 1
        if filled[t] < capacities[t]:
            heapq.heappush(levels, (level + 1, t))
    # choose table sizes x_t (sum n, x_t <= capacity) minimising sum spread[x_t]; spread is convex
    heap = [(spread[1] - spread[0], t, 0) for t, capacity in enumerate(capacities) if capacity > 0]
    heapq.heapify(heap)
    total, left = 0, n
    while left > 0 and heap:
        cost, t, size = heapq.heappop(heap)
        total += cost
        left -= 1
        size += 1
        if size < capacities[t] and size + 1 < len(spread):
            heapq.heappush(heap, (spread[size + 1] - spread[size], t, size))
    return total


def _matching(options: list[set]) -> int:
    """Size of a maximum matching of rounds (each with its set of allowed items) to distinct items."""
    owner: dict = {}

    def augment(round_: int, seen: set) -> bool:
        for item in options[round_]:
            if item in seen:
                continue
            seen.add(item)
            if item not in owner or augment(owner[item], seen):
                owner[item] = round_
                return True
        return False

    return sum(1 for round_ in range(len(options)) if augment(round_, set()))


def _again(instance: Instance) -> tuple[int, str]:
    """A seat is new when its table and its topic are new to the person, so new seats of one person have
    different tables and different topics: at most as many as a matching of rounds to tables, and of rounds
    to topics (a table without topic counts as its own topic)."""
    rounds = instance.rounds
    usable = [t for t in instance.tables if t.capacity > 0]
    by_id = {t.id: t for t in instance.tables}

    def token(table, round_):
        topic = table.topic(round_)
        return ("topic", topic) if topic is not None else ("table", table.id)

    cache: dict = {}
    total = 0
    for person in instance.people:
        key = tuple(sorted(person.pinned.items()))
        if key not in cache:
            tables = [{person.pinned[r]} if r in person.pinned else {t.id for t in usable} for r in range(rounds)]
            tokens = [{token(by_id[person.pinned[r]], r)} if r in person.pinned else {token(t, r) for t in usable}
                      for r in range(rounds)]
            cache[key] = rounds - min(_matching(tables), _matching(tokens))
        total += cache[key]
    return total, (f"per person: rounds minus the most rounds that can have pairwise different tables and topics "
                   f"(matching rounds to tables and to topics; pins fixed) = {total}")


def _preferred(instance: Instance) -> tuple[int, str]:
    total = sum(preferred_caps(instance))
    return total, (f"upper bound (higher is better): per person, the preferred topics of pinned rounds plus a "
                   f"matching of free rounds to other preferred topics offered in that round = {total}")


def preferred_caps(instance: Instance) -> list[int]:
    """Per person, the most preferred topics they can visit (capacities ignored)."""
    rounds = instance.rounds
    by_id = {t.id: t for t in instance.tables}
    topics = [{t.topic(r) for t in instance.tables if t.capacity > 0} - {None} for r in range(rounds)]
    cache: dict = {}
    caps = []
    for person in instance.people:
        key = (frozenset(person.prefs), tuple(sorted(person.pinned.items())))
        if key not in cache:
            prefs = set(person.prefs)
            fixed = {by_id[table_id].topic(r) for r, table_id in person.pinned.items()} & prefs
            free = [topics[r] & (prefs - fixed) for r in range(rounds) if r not in person.pinned]
            cache[key] = len(fixed) + _matching(free)
        caps.append(cache[key])
    return caps
