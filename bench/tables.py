"""Table groups (Tischgruppen): the engine against a random seating and a greedy baseline, every metric against its bound.

Instances are generated with a fixed seed: Kommunen Zipf-distributed, six organisation types, organisations of
1 to 12 people (all of one Kommune and type), 5% hosts pinned to their own table in every round, three topic
wishes each out of six topics (each table keeps one topic). Notation: people/tables×seats/rounds.

Targets: realistic instances reach zero repeated encounters, zero same-organisation pairs where the bound is
zero, and the Kommune and type bounds, within 2 s; the tight ones reach their bounds or stay within 5%;
32/8×4/9 has no repeat within 10 s. Each row's category bounds hold for plans with no more repeats than that
row's plan (compute_bounds(..., repeats=...)). Tight instances get 10 s, realistic ones 2 s.

    .venv/bin/python bench/tables.py [--seconds 2] [--tight-seconds 10] [--seed 0] [--only 32/8x4/9]
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netzwerk.tables.assign import Instance, Person, Table, compute_bounds, evaluate, solve  # noqa: E402
from netzwerk.tables.sizes import table_sizes  # noqa: E402

TOPICS = ["Sprache", "Arbeit", "Wohnen", "Kita und Schule", "Gesundheit", "Ehrenamt"]
TYPES = ["Jobcenter", "Agentur für Arbeit", "Kommunalverwaltung", "Kammer", "Wohlfahrtsverband", "Ehrenamt"]
TIGHT = [(28, 7, 4, r) for r in (3, 4, 5)] + [(30, 5, 6, r) for r in (2, 3, 4)] + \
        [(32, 8, 4, r) for r in (8, 9, 10)] + [(36, 6, 6, r) for r in (3, 4)]
REALISTIC = [(60, 10, 6, 4), (120, 15, 8, 3), (300, 30, 10, 4), (600, 60, 10, 4), (600, 100, 6, 4), (597, 60, 10, 4)]
SHORT = {"repeated_encounters": "repeat", "same_organisation": "org", "same_kommune": "Kommune",
         "same_type": "type", "same_table_or_topic_again": "again", "preferred_topics_visited": "prefs"}


def generate(people: int, tables: int, seats: int, rounds: int, seed: int = 0) -> Instance:
    rng = np.random.default_rng([seed, people, tables, seats, rounds])
    kommunen = max(3, people // 12)
    zipf = 1 / np.arange(1, kommunen + 1)
    zipf /= zipf.sum()
    members = []
    organisation = 0
    while len(members) < people:
        size = min(int(rng.integers(1, 13)), people - len(members))
        kommune = f"Kommune {int(rng.choice(kommunen, p=zipf)) + 1}"
        kind = TYPES[int(rng.integers(len(TYPES)))]
        members += [(f"Organisation {organisation}", kommune, kind)] * size
        organisation += 1
    order = rng.permutation(people)
    hosts = {int(x): t for t, x in enumerate(order[:min(tables, round(0.05 * people))])}
    table_list = tuple(Table(f"T{t + 1}", seats, (TOPICS[t % len(TOPICS)],) * rounds) for t in range(tables))
    people_list = []
    for x, (name, kommune, kind) in enumerate(members):
        prefs = tuple(TOPICS[int(i)] for i in rng.choice(len(TOPICS), 3, replace=False))
        pinned = dict.fromkeys(range(rounds), table_list[hosts[x]].id) if x in hosts else {}
        people_list.append(Person(f"p{x + 1}", kommune, name, kind, prefs, pinned))
    return Instance(rounds, table_list, tuple(people_list))


def _sizes(instance: Instance) -> list[tuple[int, ...]]:
    index = {t.id: i for i, t in enumerate(instance.tables)}
    result = []
    for r in range(instance.rounds):
        pinned = [0] * len(instance.tables)
        for person in instance.people:
            if r in person.pinned:
                pinned[index[person.pinned[r]]] += 1
        result.append(table_sizes([t.capacity for t in instance.tables], pinned, len(instance.people)))
    return result


def random_plan(instance: Instance, seed: int = 0) -> dict[str, list[str]]:
    """Pinned people at their tables, everyone else shuffled into the remaining seats."""
    rng = np.random.default_rng(seed)
    plan = {p.id: [] for p in instance.people}
    for r, sizes in enumerate(_sizes(instance)):
        room = list(sizes)
        index = {t.id: i for i, t in enumerate(instance.tables)}
        for person in instance.people:
            if r in person.pinned:
                room[index[person.pinned[r]]] -= 1
        seats = [instance.tables[t].id for t, count in enumerate(room) for _ in range(count)]
        free = [p for p in instance.people if r not in p.pinned]
        for person, seat in zip(free, rng.permutation(seats).tolist()):
            plan[person.id].append(seat)
        for person in instance.people:
            if r in person.pinned:
                plan[person.id].append(person.pinned[r])
    return plan


def greedy_plan(instance: Instance, seed: int = 0) -> dict[str, list[str]]:
    """Round by round, each person (random order) at the open table with the fewest people met before, then the
    fewest of their organisation, Kommune and type: what a careful coordinator would do by hand."""
    rng = np.random.default_rng(seed)
    met: dict[str, set[str]] = {p.id: set() for p in instance.people}
    plan = {p.id: [] for p in instance.people}
    for r, sizes in enumerate(_sizes(instance)):
        at = {t.id: [] for t in instance.tables}
        room = {t.id: size for t, size in zip(instance.tables, sizes)}
        pinned = [p for p in instance.people if r in p.pinned]
        free = [instance.people[int(i)] for i in rng.permutation(len(instance.people)) if r not in instance.people[int(i)].pinned]
        for person in pinned + free:
            if r in person.pinned:
                table = person.pinned[r]
            else:
                table = min((t for t in room if room[t] > 0), key=lambda t: (
                    sum(other.id in met[person.id] for other in at[t]),
                    sum(other.organisation == person.organisation is not None for other in at[t]),
                    sum(other.kommune == person.kommune is not None for other in at[t]),
                    sum(other.type == person.type is not None for other in at[t]), -room[t]))
            at[table].append(person)
            room[table] -= 1
            plan[person.id].append(table)
        for members in at.values():
            for person in members:
                met[person.id].update(other.id for other in members if other is not person)
    return plan


def row(label: str, instance: Instance, metrics: dict, seconds: float) -> str:
    """Each metric against its bound for plans with no more repeated encounters than this one."""
    bounds = compute_bounds(instance, repeats=metrics["repeated_encounters"])
    cells = []
    for name, _short in SHORT.items():
        bound = bounds.upper[name] if name in bounds.upper else bounds.lower[name]
        cells.append(f"{metrics[name]:>5}/{bound:<5}")
    return f"  {label:8}" + " ".join(cells) + f" {seconds:6.2f}s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time box for the realistic instances")
    parser.add_argument("--tight-seconds", type=float, default=10.0, help="time box for the tight ones")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", help="one instance, e.g. 32/8x4/9")
    parser.add_argument("--baselines", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    print(f"{'instance':19}" + " ".join(f"{s + ' /bound':>11}" for s in SHORT.values()) + "    time")
    for people, tables, seats, rounds in TIGHT + REALISTIC:
        label = f"{people}/{tables}x{seats}/{rounds}"
        if args.only and args.only != label:
            continue
        instance = generate(people, tables, seats, rounds, args.seed)
        print(label.replace("x", "×"))
        if args.baselines:
            for name, make in (("random", random_plan), ("greedy", greedy_plan)):
                started = time.perf_counter()
                plan = make(instance, args.seed)
                elapsed = time.perf_counter() - started
                print(row(name, instance, evaluate(instance, plan).metrics, elapsed))
        seconds = args.tight_seconds if (people, tables, seats, rounds) in TIGHT else args.seconds
        started = time.perf_counter()
        plan = solve(instance, seconds=seconds, seed=args.seed)
        elapsed = time.perf_counter() - started
        print(row("engine", instance, plan.metrics, elapsed) + f"  {plan.search['start']}, {plan.search['stopped_by']}")


if __name__ == "__main__":
    main()
