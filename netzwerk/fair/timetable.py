"""When pairs meet: slots without double bookings, as few as possible; then which interviewer (seat) talks.

Without availability windows (all pairs share one set of slots) this is bipartite edge colouring: split
each Aussteller into one vertex per interviewer, dealing its pairs out in turn, so no vertex has more than
Delta = max(interviews of a visitor, ceil(interviews of an Aussteller / interviewers)) edges; by König's
theorem Delta colours (slots) suffice, found with alternating-path (Kempe chain) swaps. With windows the
problem is NP-hard in general: a greedy placement first, CP-SAT when that falls short.
"""
from collections import Counter, defaultdict
from collections.abc import Sequence
from math import ceil

from ortools.sat.python import cp_model

from .matching import Candidate, Network

Placement = dict[Candidate, int]  # pair -> slot
MAX_SOLVER_VARIABLES = 60_000  # (pair, slot) choices; 17,000 took 0.4 s to build and presolve, so beyond
# this the model alone would eat a 2 s budget and the heuristic result stands


def shared_slots(pairs: Sequence[Candidate]) -> tuple[int, ...] | None:
    """The slots every pair may use, when all pairs may use the same ones (then König applies)."""
    slot_sets = {pair.slots for pair in pairs}
    return slot_sets.pop() if len(slot_sets) == 1 else None


def slots_lower_bound(pairs: Sequence[Candidate], interviewers: Sequence[int]) -> int:
    """No schedule of these pairs uses fewer slots: a visitor meets one Aussteller per slot."""
    visitor_load, employer_load = _loads(pairs)
    return max([*visitor_load.values(), *(ceil(load / interviewers[e]) for e, load in employer_load.items())],
               default=0)


def koenig(pairs: Sequence[Candidate], interviewers: Sequence[int]) -> Placement:
    """Slots for pairs that all share the same slots, using exactly `slots_lower_bound` of them (the first);
    there must be that many."""
    slots = shared_slots(pairs)
    colours = slots_lower_bound(pairs, interviewers)
    if not pairs:
        return {}
    assert slots is not None and colours <= len(slots)
    ordered = sorted(pairs, key=lambda pair: (pair.employer, pair.visitor))
    seat_vertex: dict[tuple[int, int], int] = {}
    dealt = Counter()
    edges = []
    for pair in ordered:  # deal each Aussteller's pairs out to its interviewers in turn
        seat = (pair.employer, dealt[pair.employer] % interviewers[pair.employer])
        dealt[pair.employer] += 1
        edges.append((pair.visitor, seat_vertex.setdefault(seat, len(seat_vertex))))
    return {pair: slots[c] for pair, c in zip(ordered, _edge_colouring(edges, colours))}


def greedy(pairs: Sequence[Candidate], interviewers: Sequence[int]) -> Placement:
    """Each pair, most constrained first, into the earliest slot where both are free; a pair that finds none
    gets room by moving up to two others (an ejection chain); the rest stay out."""
    board = _Board(interviewers)
    for pair in sorted(pairs, key=lambda pair: (len(pair.slots), pair.cost, pair.visitor, pair.employer)):
        board.insert(pair, depth=2)
    return dict(board.slot)


def fill(net: Network, interviewers: Sequence[int], placement: Placement) -> Placement:
    """Add every further candidate that still fits (moving others if needed), best rank first."""
    board = _Board(interviewers, placement)
    visitor_load, employer_load = _loads(list(placement))
    for pair in sorted(net.candidates, key=lambda pair: (pair.cost, pair.visitor, pair.employer)):
        if (pair not in board.slot and visitor_load[pair.visitor] < net.visitor_caps[pair.visitor]
                and employer_load[pair.employer] < net.employer_caps[pair.employer] and board.insert(pair, depth=2)):
            visitor_load[pair.visitor] += 1
            employer_load[pair.employer] += 1
    return dict(board.slot)


def place(net: Network, interviewers: Sequence[int], spread: int, hint: Placement, seconds: float) -> Placement:
    """CP-SAT picks pairs and slots together, in the matching's order: most interviews, then spread over
    visitors, then the best ranks. Keeps the hint if it finds nothing better (or the model is too big)."""
    pairs = net.candidates
    if sum(len(pair.slots) for pair in pairs) > MAX_SOLVER_VARIABLES:
        return hint
    model = cp_model.CpModel()
    x = {(pair, slot): model.new_bool_var("") for pair in pairs for slot in pair.slots}
    placed = {pair: sum(x[pair, slot] for slot in pair.slots) for pair in pairs}
    for pair in pairs:
        model.add_at_most_one(x[pair, slot] for slot in pair.slots)
    _no_double_booking(model, x, interviewers)
    per_visitor = defaultdict(list)
    for pair in pairs:
        per_visitor[pair.visitor].append(placed[pair])
    hinted = Counter(pair.visitor for pair in hint)
    penalties, spread_total = [], 0
    for visitor, expressions in per_visitor.items():
        cap = net.visitor_caps[visitor]
        model.add(sum(expressions) <= cap)
        if cap >= 2:  # the (j+1)-th interview of a visitor costs j x spread, as in the matching
            steps = [model.new_bool_var("") for _ in range(cap - 1)]
            model.add(sum(steps) >= sum(expressions) - 1)
            for j, step in enumerate(steps, 1):
                penalties.append((j * spread, step))
                model.add_hint(step, j < hinted[visitor])
            spread_total += spread * cap * (cap - 1) // 2
    # Strict order: one more interview outweighs any spread and ranks; spread outweighs any ranks.
    weight = spread_total + max((pair.cost for pair in pairs), default=0) * len(pairs) + 1
    model.maximize(sum((weight - pair.cost) * placed[pair] for pair in pairs)
                   - sum(cost * step for cost, step in penalties))
    for (pair, slot), variable in x.items():
        model.add_hint(variable, hint.get(pair) == slot)
    solution = _solve(model, seconds)
    if solution is None:
        return hint
    placement = {pair: slot for (pair, slot), variable in x.items() if solution.boolean_value(variable)}

    def value(chosen: Placement) -> int:
        per = Counter(pair.visitor for pair in chosen)
        return sum(weight - pair.cost for pair in chosen) - spread * sum(n * (n - 1) // 2 for n in per.values())

    return placement if value(placement) >= value(hint) else hint


def compact(pairs: Sequence[Candidate], interviewers: Sequence[int], hint: Placement, seconds: float) -> Placement:
    """CP-SAT moves the chosen pairs into as few slots as possible (earlier slots on ties); keeps the hint
    if the solver finds nothing better (or the model is too big)."""
    if sum(len(pair.slots) for pair in pairs) > MAX_SOLVER_VARIABLES:
        return hint
    model = cp_model.CpModel()
    x = {(pair, slot): model.new_bool_var("") for pair in pairs for slot in pair.slots}
    for pair in pairs:
        model.add_exactly_one(x[pair, slot] for slot in pair.slots)
    _no_double_booking(model, x, interviewers)
    all_slots = sorted({slot for pair in pairs for slot in pair.slots})
    used = {slot: model.new_bool_var("") for slot in all_slots}
    for (pair, slot), variable in x.items():
        model.add_implication(variable, used[slot])
        model.add_hint(variable, hint[pair] == slot)
    model.add(sum(used.values()) >= slots_lower_bound(pairs, interviewers))
    hinted = set(hint.values())
    for slot, variable in used.items():
        model.add_hint(variable, slot in hinted)
    per_slot = len(all_slots) * (max(all_slots, default=0) + 1)
    model.minimize(sum((per_slot + slot) * variable for slot, variable in used.items()))
    solution = _solve(model, seconds)
    if solution is None:
        return hint
    placement = {pair: slot for (pair, slot), variable in x.items() if solution.boolean_value(variable)}
    return placement if len(set(placement.values())) <= len(hinted) else hint


def seats(placement: Placement, interviewers: Sequence[int]) -> dict[Candidate, int]:
    """Interviewer index per pair: slot by slot, each Aussteller's visitors go to its least busy interviewers."""
    meetings = defaultdict(list)
    for pair, slot in placement.items():
        meetings[slot, pair.employer].append(pair)
    talks = {employer: [0] * interviewers[employer] for _, employer in meetings}
    seat_of = {}
    for slot, employer in sorted(meetings):
        load = talks[employer]
        free = sorted(range(interviewers[employer]), key=lambda seat: (load[seat], seat))
        assert len(meetings[slot, employer]) <= len(free), "more interviews than interviewers"
        for pair, seat in zip(sorted(meetings[slot, employer], key=lambda pair: pair.visitor), free):
            seat_of[pair] = seat
            load[seat] += 1
    return seat_of


def _no_double_booking(model: cp_model.CpModel, x: dict, interviewers: Sequence[int]) -> None:
    by_visitor_slot, by_employer_slot = defaultdict(list), defaultdict(list)
    for (pair, slot), variable in x.items():
        by_visitor_slot[pair.visitor, slot].append(variable)
        by_employer_slot[pair.employer, slot].append(variable)
    for variables in by_visitor_slot.values():
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for (employer, _), variables in by_employer_slot.items():
        if len(variables) > interviewers[employer]:
            model.add(sum(variables) <= interviewers[employer])


def _solve(model: cp_model.CpModel, seconds: float) -> cp_model.CpSolver | None:
    solver = cp_model.CpSolver()
    # Deterministic: one worker and a work-based limit. With the full LP relaxation (it finds and proves the
    # optimum on small fairs at once) a unit of that work took about 5 s on the 2-core development machine,
    # so `seconds` buy seconds / 5 units. The wall-clock limit only guards a machine under heavy load (when it
    # strikes, the plan may vary).
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.max_deterministic_time = seconds / 5
    solver.parameters.max_time_in_seconds = 2 * seconds + 1
    solver.parameters.find_big_linear_overlap = False  # alone it spends the budget in presolve on these models
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(model)
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _edge_colouring(edges: Sequence[tuple[int, int]], colours: int) -> list[int]:
    """Proper colouring of a bipartite graph's edges (left, right) with `colours` >= its max degree."""
    left_at: dict[int, list[int]] = defaultdict(lambda: [-1] * colours)  # vertex -> edge index per colour
    right_at: dict[int, list[int]] = defaultdict(lambda: [-1] * colours)
    colour = [-1] * len(edges)
    for i, (left, right) in enumerate(edges):
        a = left_at[left].index(-1)
        if right_at[right][a] != -1:
            b = right_at[right].index(-1)
            # Swap a and b along the a/b path from `right`; it cannot reach `left` (bipartite), so a becomes
            # free at both ends.
            path, vertex, on_right, c = [], right, True, a
            while (edge := (right_at if on_right else left_at)[vertex][c]) != -1:
                path.append(edge)
                vertex = edges[edge][0] if on_right else edges[edge][1]
                on_right, c = not on_right, b if c == a else a
            for edge in path:
                left_at[edges[edge][0]][colour[edge]] = right_at[edges[edge][1]][colour[edge]] = -1
            for edge in path:
                colour[edge] = b if colour[edge] == a else a
                left_at[edges[edge][0]][colour[edge]] = right_at[edges[edge][1]][colour[edge]] = edge
        colour[i] = a
        left_at[left][a] = right_at[right][a] = i
    return colour


def _loads(pairs: Sequence[Candidate]) -> tuple[dict[int, int], dict[int, int]]:
    visitor_load, employer_load = defaultdict(int), defaultdict(int)
    for pair in pairs:
        visitor_load[pair.visitor] += 1
        employer_load[pair.employer] += 1
    return visitor_load, employer_load


class _Board:
    """Who sits where, with undo: the state of the greedy and its ejection chains."""

    def __init__(self, interviewers: Sequence[int], placement: Placement | None = None):
        self.interviewers = interviewers
        self.slot: Placement = {}
        self.visitor_at: dict[tuple[int, int], Candidate] = {}
        self.employer_at: defaultdict[tuple[int, int], list[Candidate]] = defaultdict(list)
        self.log: list[tuple[bool, Candidate, int]] = []  # (put?, pair, slot)
        for pair, slot in (placement or {}).items():
            self.put(pair, slot)
        self.log.clear()

    def fits(self, pair: Candidate, slot: int) -> bool:
        return ((pair.visitor, slot) not in self.visitor_at
                and len(self.employer_at[pair.employer, slot]) < self.interviewers[pair.employer])

    def put(self, pair: Candidate, slot: int) -> None:
        self.slot[pair] = slot
        self.visitor_at[pair.visitor, slot] = pair
        self.employer_at[pair.employer, slot].append(pair)
        self.log.append((True, pair, slot))

    def take(self, pair: Candidate) -> None:
        slot = self.slot.pop(pair)
        del self.visitor_at[pair.visitor, slot]
        self.employer_at[pair.employer, slot].remove(pair)
        self.log.append((False, pair, slot))

    def undo(self, mark: int) -> None:
        while len(self.log) > mark:
            put, pair, slot = self.log.pop()
            if put:
                self.take(pair)
            else:
                self.put(pair, slot)
            self.log.pop()

    def insert(self, pair: Candidate, depth: int, fixed: frozenset[Candidate] = frozenset()) -> bool:
        """Place the pair in its earliest free slot; else make room by moving the pairs in the way, whose
        new places may in turn move others, `depth` levels deep. Pairs in `fixed` stay where they are."""
        for slot in pair.slots:
            if self.fits(pair, slot):
                self.put(pair, slot)
                return True
        if depth == 0:
            return False
        fixed = fixed | {pair}
        for slot in pair.slots:
            in_the_way = self.visitor_at.get((pair.visitor, slot))
            if in_the_way in fixed:
                continue
            at_employer = self.employer_at[pair.employer, slot]
            full = len(at_employer) >= self.interviewers[pair.employer]
            for other in (list(at_employer) if full else [None]):
                if other in fixed:
                    continue
                mark = len(self.log)
                moved = [blocker for blocker in (in_the_way, other) if blocker is not None]
                for blocker in moved:
                    self.take(blocker)
                self.put(pair, slot)
                if all(self.insert(blocker, depth - 1, fixed) for blocker in moved):
                    return True
                self.undo(mark)
        return False
