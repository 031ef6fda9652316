"""Migrationsmesse interview slots: the scheduler on a fair of realistic size, against its bounds.

600 visitors with 3 to 6 wishes each (a fifth also take 2 suggestions), 40 Aussteller with 1 to 3
interviewers, 12 slots, at most 3 interviews per visitor; German levels mixed, a third of the Aussteller need
B1 or more (fixed seed). Prints interviews against the max-flow upper bound (target: equal), slots used
against the lower bound (most interviews of one visitor, or ceil(interviews / interviewers) of one Aussteller;
target: equal where availability allows) and the time of `schedule()` (target: under 2 s) for the same fair
three times: everyone there all day; a third of the Aussteller and a tenth of the visitors there part-time;
60% of the Aussteller and half of the visitors there part-time.

    .venv/bin/python bench/fair.py [--seed 7] [--repeat 3] [--seconds 2] [--visitors 600]
"""
import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netzwerk.fair.instance import Employer, Instance, Offer, Visitor, may_meet  # noqa: E402
from netzwerk.fair.schedule import schedule  # noqa: E402

SLOTS = 12
MAX_INTERVIEWS = 3
SECTORS = ["Pflege", "Handwerk", "Logistik", "Gastronomie", "Einzelhandel", "IT", "Bau", "Reinigung", "Verwaltung",
           "Produktion"]
OFFER_TYPES = ["Praktikum", "Ausbildung", "Stelle"]
VISITOR_LEVELS = {"none": 15, "A1": 15, "A2": 25, "B1": 25, "B2": 14, "C1": 5, "C2": 1}
EMPLOYER_PROFILES = {  # required levels their offers draw from
    "B1+": ["B1", "B1", "B2", "C1"],
    "mixed": ["A2", "B1", "none"],
    "easy": ["none", "A1", "A2"],
}
WINDOWS = [range(0, 6), range(6, 12), range(2, 10), range(0, 8), range(4, 12)]


def fair(seed: int, visitor_count: int = 600) -> Instance:
    """Everyone there all day."""
    rng = random.Random(seed)
    employers, popularity = [], []
    for e in range(40):
        profile = rng.choices(list(EMPLOYER_PROFILES), weights=[1, 1.2, 0.8])[0]
        offers = tuple(Offer(type=rng.choice(OFFER_TYPES), german_level=rng.choice(EMPLOYER_PROFILES[profile]))
                       for _ in range(rng.randint(1, 3)))
        employers.append(Employer(id=f"aussteller-{e}", interviewers=rng.choices([1, 2, 3], weights=[4, 4, 2])[0],
                                  offers=offers, sector=rng.choice(SECTORS)))
        popularity.append(rng.lognormvariate(0, 0.6))
    visitors = []
    for v in range(visitor_count):
        level = rng.choices(list(VISITOR_LEVELS), weights=list(VISITOR_LEVELS.values()))[0]
        visitor = Visitor(id=f"besucher-{v}", german_level=level, sectors=tuple(rng.sample(SECTORS, rng.randint(1, 2))),
                          offer_types=tuple(rng.sample(OFFER_TYPES, rng.randint(1, 2))),
                          suggestions=2 if rng.random() < 0.2 else 0)
        # Visitors mostly wish for Aussteller of their sectors and mostly (not always) for those they may meet.
        weights = [popularity[e] * (4 if employer.sector in visitor.sectors else 1)
                   * (1 if may_meet(visitor, employer) else 0.2) for e, employer in enumerate(employers)]
        wishes = _sample(rng, employers, weights, rng.randint(3, 6))
        visitors.append(replace(visitor, wishes=tuple(employer.id for employer in wishes)))
    return Instance(slots=SLOTS, slot_minutes=10, max_interviews_per_visitor=MAX_INTERVIEWS,
                    employers=tuple(employers), visitors=tuple(visitors))


def with_windows(instance: Instance, seed: int, employer_share: float, visitor_share: float) -> Instance:
    """The same fair with some Aussteller and visitors there for part of the time only."""
    rng = random.Random(seed + 1)
    employers = tuple(replace(employer, available_slots=frozenset(rng.choice(WINDOWS)))
                      if rng.random() < employer_share else employer for employer in instance.employers)
    visitors = tuple(replace(visitor, available_slots=frozenset(rng.choice(WINDOWS)))
                     if rng.random() < visitor_share else visitor for visitor in instance.visitors)
    return replace(instance, employers=employers, visitors=visitors)


def _sample(rng: random.Random, items: list, weights: list[float], n: int) -> list:
    chosen, items, weights = [], list(items), list(weights)
    for _ in range(n):
        i = rng.choices(range(len(items)), weights=weights)[0]
        chosen.append(items.pop(i))
        weights.pop(i)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0, help="the scheduler's solver budget")
    parser.add_argument("--visitors", type=int, default=600, help="fewer leave Aussteller room, so slots can be saved")
    args = parser.parse_args()
    base = fair(args.seed, args.visitors)
    variants = [("all day", base),
                ("windows: a third of the Aussteller and a tenth of the visitors there part-time",
                 with_windows(base, args.seed, 1 / 3, 0.1)),
                ("many windows: 60% of the Aussteller and half of the visitors there part-time",
                 with_windows(base, args.seed, 0.6, 0.5))]
    for label, instance in variants:
        timings, plans = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            plans.append(schedule(instance, seconds=args.seconds))
            timings.append(time.perf_counter() - started)
        plan, m = plans[0], plans[0].metrics
        seats = sum(employer.interviewers * len(employer.available_slots or range(SLOTS))
                    for employer in instance.employers)
        reasons = Counter(wish.reason for wish in plan.unscheduled)
        print(f"== {label}\n{len(instance.visitors)} visitors, {m.wishes} wishes, {len(instance.employers)} "
              f"Aussteller, {seats} interviewer-slots, {SLOTS} slots, at most {MAX_INTERVIEWS} interviews each")
        print(f"interviews      {m.interviews:5} / max-flow bound {m.upper_bound:5}  "
              f"{'= bound' if m.interviews == m.upper_bound else f'{m.upper_bound - m.interviews} below'}")
        print(f"slots used      {m.slots_used:5} / lower bound    {m.slots_lower_bound:5}  "
              f"{'= bound' if m.slots_used == m.slots_lower_bound else f'{m.slots_used - m.slots_lower_bound} above'}"
              f"  ({m.method})")
        print(f"time            {statistics.median(timings) * 1000:7.0f} ms median of {args.repeat}  "
              f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}); "
              f"same plan every run: {all(other == plan for other in plans)}")
        print(f"wishes granted  {m.wishes_scheduled:5} (first wishes {m.first_wishes_scheduled}), suggestions "
              f"{m.suggestions_scheduled}, visitors with an interview {m.visitors_with_interview}/"
              f"{len(instance.visitors)}")
        print("wishes not granted: " + ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items())))
        print()


if __name__ == "__main__":
    main()
