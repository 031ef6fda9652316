"""The table-group (Tischgruppen) engine: data in, plan out. No Flask, no database.

    plan = solve(instance, seconds=2.0, seed=0)                      # a new plan
    plan = solve(instance, previous=plan.assignment, locked_rounds={0})  # after late arrivals or no-shows
    evaluation = evaluate(instance, assignment)                      # after a manual move

Hard constraints always hold: everyone at exactly one table per round, capacities, pins, and tables of equal
capacity differing by at most one person within a round. Soft goals, most important first: nobody meets anyone
twice; no two people of one organisation, then of one Kommune, then of one organisation type at a table; nobody
back at a table or topic they had; as many preferred topics visited as possible.

The result is deterministic for a given seed as long as the search ends by itself (every metric at its bound,
or `patience` steps without improvement); when the time box cuts it short, the plan is the best found so far,
which depends on the machine's speed (`Plan.search["stopped_by"] == "time"`).
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from .bounds import Bounds, compute_bounds, preferred_caps
from .instance import Instance, InstanceError, Person, Table
from .metrics import METRICS, Conflict, Evaluation, evaluate, metric_key
from .search import Compiled, Search, compile_instance, design_start, greedy_rounds
from .sizes import table_sizes

__all__ = ["Bounds", "Conflict", "Evaluation", "Instance", "InstanceError", "METRICS", "Person", "Plan", "Table",
           "compute_bounds", "evaluate", "solve"]

WARM_UP = 200  # steps the first search takes alone before a second process is worth starting
RESTARTS = 8  # fresh starts after a search gives up (patience) with repeats, organisation, Kommune or type above
# its bound, while time is left; a fixed number keeps the result independent of machine speed whenever the
# searches end by themselves
COMPOSITION_FIRST = [1, 2, 3, 0, 4, 5]  # organisation, Kommune, type, then repeats, again, preferred topics


@dataclass(frozen=True)
class Plan:
    assignment: dict[str, list[str]]  # person id -> table id for each round
    metrics: dict[str, int]
    lower_bounds: dict[str, int]  # no plan has less (every metric but preferred_topics_visited)
    upper_bounds: dict[str, int]  # no plan has more (preferred_topics_visited)
    bound_notes: dict[str, str]  # metric -> the bound formula applied, with its numbers
    bound_rules: dict[str, dict] = field(default_factory=dict)  # the same as data: {"rule": name, numbers...}
    moved: int = 0  # seats of people present before that changed in locked rounds
    conflicts: tuple[Conflict, ...] = ()
    search: dict = field(default_factory=dict)  # start, stopped_by, steps, seconds, worker

    def to_json(self) -> dict:
        return {"assignment": self.assignment, "metrics": self.metrics, "lower_bounds": self.lower_bounds,
                "upper_bounds": self.upper_bounds, "bound_notes": self.bound_notes, "bound_rules": self.bound_rules,
                "moved": self.moved,
                "conflicts": [asdict(conflict) for conflict in self.conflicts], "search": self.search}


def solve(instance: Instance, seconds: float = 2.0, seed: int = 0, previous: Mapping[str, Sequence[str]] | None = None,
          locked_rounds: Collection[int] = (), workers: int | None = None, patience: int | None = None) -> Plan:
    """Seat everyone for every round. With `previous` (an earlier assignment) and `locked_rounds` (rounds already
    published), people present in both keep their previous table in those rounds unless that is impossible;
    newcomers are fitted in, absent people dropped. Raises InstanceError for unsolvable input."""
    started = time.monotonic()
    deadline = started + seconds
    instance.validate()
    bounds = compute_bounds(instance)
    bounds = compute_bounds(instance, repeats=bounds.lower["repeated_encounters"])  # the search's targets
    fixed, sizes, moved_at_least = _fixed_seats(instance, previous or {}, locked_rounds)
    c = compile_instance(instance, fixed, sizes, np.array(preferred_caps(instance), dtype=np.int64))
    capacities = np.array([t.capacity for t in instance.tables], dtype=np.int64)
    targets = np.array([bounds.lower["repeated_encounters"], bounds.lower["same_organisation"],
                        bounds.lower["same_kommune"], bounds.lower["same_type"], 0,
                        -bounds.upper["preferred_topics_visited"]], dtype=np.int64)
    job = _Job(c, capacities, seed, deadline, patience if patience is not None else 2000 + 20 * int((fixed < 0).sum()),
               targets, bounds.lower["same_table_or_topic_again"])
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    result = _run(job, workers, instance)
    assignment = {person.id: [instance.tables[t].id for t in result["tab"][:, x].tolist()]
                  for x, person in enumerate(instance.people)}
    evaluation = evaluate(instance, assignment)
    if evaluation.violations:  # a bug, never an input problem: refuse to hand out a broken plan
        raise AssertionError(f"engine produced an invalid plan: {evaluation.violations[0]}")
    moved = _moved(instance, previous or {}, locked_rounds, assignment)
    assert moved == moved_at_least
    search = {"start": result["start"], "stopped_by": result["stopped_by"], "steps": result["steps"],
              "worker": result["worker"], "attempts": result.get("attempts", 1),
              "seconds": round(time.monotonic() - started, 3)}
    bounds = compute_bounds(instance, repeats=evaluation.metrics["repeated_encounters"])
    return Plan(assignment, evaluation.metrics, bounds.lower, bounds.upper, bounds.notes, bounds.rules, moved,
                evaluation.conflicts, search)


def _fixed_seats(instance: Instance, previous: Mapping[str, Sequence[str]],
                 locked_rounds: Collection[int]) -> tuple[np.ndarray, np.ndarray, int]:
    """Seats the search may not change: pins, and in locked rounds the previous seats of everyone still present
    (as many as table sizes allow). Also returns the table sizes of each round and the seats that must move."""
    rounds, n = instance.rounds, len(instance.people)
    index = {t.id: i for i, t in enumerate(instance.tables)}
    capacities = [t.capacity for t in instance.tables]
    fixed = np.full((rounds, n), -1, dtype=np.int64)
    for x, person in enumerate(instance.people):
        for r, table_id in person.pinned.items():
            fixed[r, x] = index[table_id]
    sizes = np.zeros((rounds, len(capacities)), dtype=np.int64)
    moved = 0
    for r in sorted(set(locked_rounds)):
        if not isinstance(r, int) or not 0 <= r < rounds:
            raise InstanceError(f"locked round {r!r} does not exist (rounds are 0 to {rounds - 1})")
    for r in range(rounds):
        pinned = np.bincount(fixed[r][fixed[r] >= 0], minlength=len(capacities))
        if r not in locked_rounds:
            sizes[r] = table_sizes(capacities, pinned.tolist(), n)
            continue
        wants: dict[int, list[int]] = {}
        for x, person in enumerate(instance.people):
            row = previous.get(person.id)
            if row is None or r >= len(row):
                continue
            if fixed[r, x] >= 0 or row[r] not in index:
                moved += int(fixed[r, x] < 0 or instance.tables[fixed[r, x]].id != row[r])
                continue
            wants.setdefault(index[row[r]], []).append(x)
        kept = [pinned[t] + len(wants.get(t, ())) for t in range(len(capacities))]
        sizes[r] = table_sizes(capacities, pinned.tolist(), n, kept)
        for t, people in wants.items():
            stay = max(0, int(sizes[r, t] - pinned[t]))
            for x in people[:stay]:
                fixed[r, x] = t
            moved += max(0, len(people) - stay)
    return fixed, sizes, moved


def _moved(instance: Instance, previous: Mapping[str, Sequence[str]], locked_rounds: Collection[int],
           assignment: Mapping[str, Sequence[str]]) -> int:
    return sum(1 for person in instance.people if person.id in previous for r in set(locked_rounds)
               if r < len(previous[person.id]) and previous[person.id][r] != assignment[person.id][r])


@dataclass
class _Job:
    c: Compiled
    capacities: np.ndarray
    seed: int
    deadline: float
    patience: int
    targets: np.ndarray
    again_target: int


def _start(job: _Job, worker: int, attempt: int = 0) -> Search:
    rng = np.random.default_rng([job.seed, worker] + ([attempt] if attempt else []))
    tab = design_start(job.c, job.capacities, rng, variant=attempt)  # restarts try the other designs
    start = "design"
    if tab is None:
        tab = np.full((job.c.rounds, job.c.people), -1, dtype=np.int64)
        greedy_rounds(job.c, tab, range(job.c.rounds), rng)
        start = "greedy"
    search = Search(job.c, tab, rng, job.targets, job.again_target)
    search.start = start
    if worker % 2 and job.targets[0] == 0:
        # a portfolio: where nobody need meet twice, the second search first spreads every category evenly over
        # the tables, then removes repeats with swaps that keep the spread; categories reach their bounds far
        # more often this way round, repeats still at zero (the plan handed out is the best by importance)
        search.prioritise(COMPOSITION_FIRST)
    elif worker % 2:  # otherwise it prices two seats per step and climbs more often
        search.sample, search.uphill = 2, 0.3
    return search


def _result(search: Search, stopped_by: str, worker: int, offset: int = 0) -> dict:
    return {"tab": search.best_tab, "stopped_by": stopped_by, "steps": offset + search.iteration, "worker": worker,
            "start": search.start, "reached_at": offset + search.best_iteration if stopped_by == "bounds" else None}


def _attempts(job: _Job, worker: int, search: Search, stop_after=None) -> dict:
    """Run `search`, and fresh ones after each that gives up without reaching every bound (at most RESTARTS),
    while time is left. Steps count on across attempts, so `stop_after` compares like with like. Returns the
    best plan in the order of importance, with the reason the last attempt stopped."""
    offset, best, best_key = 0, None, None
    for attempt in range(RESTARTS + 1):
        if attempt:
            search = _start(job, worker, attempt)
        stopped_by = search.run(job.deadline, job.patience,
                                None if stop_after is None else (lambda step, offset=offset: stop_after(offset + step)))
        result = _result(search, stopped_by, worker, offset)
        steps = offset + search.iteration
        if best is None or stopped_by == "bounds" or search.best_key < best_key:
            best, best_key = result, search.best_key
        if stopped_by != "patience" or (np.array(best_key[:4]) <= job.targets[:4]).all():
            break  # restarts are for the four leading goals; topics alone are not worth the time
        offset = steps
    best["stopped_by"], best["steps"], best["attempts"] = stopped_by, steps, attempt + 1
    return best


def _child(job: _Job, worker: int, reached, connection) -> None:
    """Second search in its own process; reports the step at which it reached every bound, if it did."""
    try:
        def stop_after(step: int) -> bool:
            return step >= reached[0]

        result = _attempts(job, worker, _start(job, worker), stop_after)
        if result["stopped_by"] == "bounds":
            with reached.get_lock():
                reached[worker] = min(reached[worker], result["reached_at"])
        connection.send(result)
    except Exception as error:  # the parent keeps its own plan
        connection.send({"error": repr(error)})
    finally:
        connection.close()


def _run(job: _Job, workers: int, instance: Instance) -> dict:
    never = np.iinfo(np.int64).max
    search = _start(job, 0)
    stopped_by = search.run(job.deadline, job.patience, lambda step: step >= WARM_UP)
    if stopped_by == "other":  # the warm-up ended, not the search
        stopped_by = None
    if stopped_by is not None and stopped_by != "patience":
        return _result(search, stopped_by, 0)
    if workers < 2:
        return _attempts(job, 0, search)
    try:
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        reached = context.Array("q", [never, never])
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(job, 1, reached, sender), daemon=True)
        child.start()
        sender.close()
    except (AssertionError, OSError):  # e.g. inside a daemonic worker: search alone
        return _attempts(job, 0, search)

    def stop_after(step: int) -> bool:
        return step >= reached[1]

    results = [_attempts(job, 0, search, stop_after)]
    if results[0]["stopped_by"] == "bounds":
        with reached.get_lock():
            reached[0] = min(reached[0], results[0]["reached_at"])
    if receiver.poll(max(0.0, job.deadline - time.monotonic()) + 5.0):
        try:
            other = receiver.recv()
        except EOFError:
            other = {"error": "no answer"}
        if "error" not in other:
            results.append(other)
    child.join(timeout=1.0)
    if child.is_alive():
        child.terminate()
    done = [r for r in results if r["reached_at"] is not None]
    if done:
        return min(done, key=lambda r: (r["reached_at"], r["worker"]))
    return min(results, key=lambda r: (_score(instance, r["tab"]), r["worker"]))


def _score(instance: Instance, tab: np.ndarray) -> tuple[int, ...]:
    assignment = {person.id: [instance.tables[t].id for t in tab[:, x].tolist()]
                  for x, person in enumerate(instance.people)}
    return metric_key(evaluate(instance, assignment).metrics)
