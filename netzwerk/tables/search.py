"""The search behind `solve`: a start (a design or greedy) improved by tabu search on seat swaps.

State is kept in numpy arrays so that one step can price swapping a chosen seat with every other person of
its round at once: category counts per table (organisation, Kommune, type), the meeting-count matrix, for each
person and round the "again" cost of every table, and topic visits per person. Costs are lexicographic (the
order of importance in the issue), folded into one integer with weights far enough apart that no single move
trades a more important metric for a less important one.

The search ranks "back at the same table or topic" by pairs of rounds (a cheap, separable stand-in that is zero
exactly when the metric is zero); plans are reported with the exact metrics from metrics.evaluate.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .design import design_schedule
from .instance import Instance

LEVELS = 6  # repeats, organisation, Kommune, type, again, preferred topics (negated)
WEIGHTS = np.array([1 << 50, 1 << 40, 1 << 30, 1 << 20, 1 << 10, 1], dtype=np.int64)
FORBIDDEN = np.int64(1) << 62


@dataclass
class Compiled:
    """The instance as arrays; `fixed[r, x]` is the table person x must take in round r, or -1."""
    rounds: int
    tables: int
    people: int
    codes: list[np.ndarray]  # organisation, Kommune, type; people without a value get a code of their own
    categories: list[int]
    topic: np.ndarray  # (R, T) topic index; the last index means "no topic"
    topics: int
    prefers: np.ndarray  # (n, K) bool
    match: np.ndarray  # (R, T, R, T) 1 where a seat at (r, t) repeats table or topic of a seat at (r', t')
    fixed: np.ndarray  # (R, n)
    sizes: np.ndarray  # (R, T) table sizes chosen for the greedy start
    pref_cap: np.ndarray  # (n,) most preferred topics each person can visit


def compile_instance(instance: Instance, fixed: np.ndarray, sizes: np.ndarray, pref_cap: np.ndarray) -> Compiled:
    rounds, n, tables = instance.rounds, len(instance.people), len(instance.tables)
    codes, categories = [], []
    for attribute in ("organisation", "kommune", "type"):
        numbering: dict[str, int] = {}
        column = np.empty(n, dtype=np.int64)
        loners = 0
        values = [getattr(p, attribute) for p in instance.people]
        for value in values:
            if value is not None:
                numbering.setdefault(value, len(numbering))
        for x, value in enumerate(values):
            if value is None:
                column[x] = len(numbering) + loners
                loners += 1
            else:
                column[x] = numbering[value]
        codes.append(column)
        categories.append(len(numbering) + loners)
    names: dict[str, int] = {}
    for table in instance.tables:
        for topic in table.topics:
            if topic is not None:
                names.setdefault(topic, len(names))
    none = len(names)
    topic = np.full((rounds, tables), none, dtype=np.int64)
    for t, table in enumerate(instance.tables):
        for r in range(rounds):
            if table.topic(r) is not None:
                topic[r, t] = names[table.topic(r)]
    prefers = np.zeros((n, none + 1), dtype=bool)
    for x, person in enumerate(instance.people):
        for name in person.prefs:
            if name in names:
                prefers[x, names[name]] = True
    same_table = np.eye(tables, dtype=bool)[None, :, None, :]
    same_topic = (topic[:, :, None, None] == topic[None, None, :, :]) & (topic[:, :, None, None] != none)
    match = (same_table | same_topic).astype(np.int16)
    for r in range(rounds):
        match[r, :, r, :] = 0
    return Compiled(rounds, tables, n, codes, categories, topic, none + 1, prefers, match, fixed, sizes, pref_cap)


class Search:
    """Tabu search over swaps of two people between tables within a round, and swaps of two free people's
    whole schedules (which keep every encounter count, so they repair categories without creating repeats)."""

    def __init__(self, c: Compiled, tab: np.ndarray, rng: np.random.Generator, targets: np.ndarray,
                 again_target: int):
        self.c, self.rng = c, rng
        self.targets = targets  # per level; the search may stop when every level reaches it
        self.again_target = again_target  # for the exact metric, not the pairwise stand-in
        self.movable = c.fixed < 0
        self.free_people = np.flatnonzero(self.movable.all(axis=0))
        self.everyone = np.arange(c.people)
        self.load(tab)
        self.tabu = np.zeros((c.rounds, c.people, c.tables), dtype=np.int64)
        self.iteration = 0
        self.uphill = 0.1  # share of worsening moves taken when a seat has no better one
        self.schedule_share = 0.2  # share of steps that try exchanging whole schedules
        self.sample = 1  # seats priced per step; the best of their moves is taken
        self.order = list(range(LEVELS))  # levels in the order the search pursues them
        self.weights = WEIGHTS
        self.best_key = tuple(self.levels.tolist())  # the plan handed out: best in the order of importance
        self.best_tab = self.tab.copy()
        self.best_iteration = 0
        self.best_cost = self.cost()  # the search's own best (in its order), for aspiration and kicks
        self.home_tab = self.tab.copy()
        self.home_iteration = 0

    def prioritise(self, order: list[int]) -> None:
        """Pursue the levels in another order (a portfolio member); the best plan is still kept by importance."""
        self.order = list(order)
        self.weights = np.zeros(LEVELS, dtype=np.int64)
        self.weights[self.order] = WEIGHTS
        self.best_cost = self.cost()

    # state ---------------------------------------------------------------------------------------------------
    def load(self, tab: np.ndarray) -> None:
        c = self.c
        self.tab = tab.copy()
        rounds = np.repeat(np.arange(c.rounds), c.people)
        # one count array for the three categories: codes of Kommune and type are offset past the organisations
        size = sum(c.categories)
        offsets = np.cumsum([0] + c.categories[:-1])
        self.codes = np.stack([codes + offset for codes, offset in zip(c.codes, offsets)])  # (3, n)
        self.spans = [(int(offset), int(offset) + count) for offset, count in zip(offsets, c.categories)]
        self.counts = np.zeros((c.rounds, c.tables, size), dtype=np.int64)
        for codes in self.codes:
            flat = (rounds * c.tables + self.tab.ravel()) * size + np.tile(codes, c.rounds)
            self.counts += np.bincount(flat, minlength=c.rounds * c.tables * size).reshape(c.rounds, c.tables, size)
        self.meet = meet = meeting_counts(self.tab, c.tables)
        upper = np.triu(meet >= 2, 1)
        self.repeated = set(zip(*(axis.tolist() for axis in np.nonzero(upper))))
        self.again = np.zeros((c.rounds, c.people, c.tables), dtype=np.int64)
        for r in range(c.rounds):
            for other in range(c.rounds):
                if other != r:
                    self.again[r] += c.match[r, :, other, self.tab[other]]  # (n, T): advanced indices first
        self.visits = np.zeros((c.people, c.topics), dtype=np.int64)
        for r in range(c.rounds):
            np.add.at(self.visits, (self.everyone, c.topic[r, self.tab[r]]), 1)
        self.visited = (c.prefers & (self.visits > 0)).sum(axis=1)
        self.levels = np.array([
            int(np.maximum(meet - 1, 0).sum() // 2),
            *(int((self.counts[:, :, low:high] * (self.counts[:, :, low:high] - 1) // 2).sum())
              for low, high in self.spans),
            int(sum(self.again[r, self.everyone, self.tab[r]].sum() for r in range(c.rounds)) // 2),
            -int(self.visited.sum()),
        ], dtype=np.int64)

    def cost(self) -> int:
        return int(self.levels @ self.weights)

    def again_metric(self) -> int:
        """The exact metric: seats whose table or topic the person had in an earlier round."""
        c, total = self.c, 0
        for r in range(1, c.rounds):
            seen = np.zeros(c.people, dtype=bool)
            for earlier in range(r):
                seen |= c.match[r, self.tab[r], earlier, self.tab[earlier]] > 0
            total += int(seen.sum())
        return total

    def reached(self) -> bool:
        levels = self.levels
        if (levels[:4] > self.targets[:4]).any() or levels[5] > self.targets[5]:
            return False
        return self.again_metric() <= self.again_target

    # pricing -------------------------------------------------------------------------------------------------
    def swap_deltas(self, r: int, p: int) -> tuple[np.ndarray, list[np.ndarray]]:
        """Cost change of swapping p with each person of round r (rows: levels)."""
        c, row = self.c, self.tab[r]
        a = row[p]
        parts = []
        meet_p = self.meet[p]
        mates = np.flatnonzero(row == a)
        mates = mates[mates != p]
        once = (meet_p >= 1).astype(np.int64)
        join_p = np.bincount(row, weights=once, minlength=c.tables).astype(np.int64)[row] - once
        leave_p = int((meet_p[mates] >= 2).sum())
        join_q = (self.meet[mates] >= 1).sum(axis=0)
        parts.append(join_p - leave_p + join_q - self.repeat_mates(r))
        codes, counts = self.codes, self.counts[r]
        cp = codes[:, p][:, None]
        parts.extend(counts[row, cp] - counts[a, cp] + counts[a, codes] - counts[row, codes] + 2 - 2 * (codes == cp))
        again = self.again[r]
        parts.append(again[p, row] - again[p, a] + again[self.everyone, a] - again[self.everyone, row])
        topic_a, topic_b = c.topic[r, a], c.topic[r, row]
        visits, prefers = self.visits, c.prefers
        lose_p = int(visits[p, topic_a] == 1 and prefers[p, topic_a])
        gain_p = (visits[p, topic_b] == 0) & prefers[p, topic_b]
        lose_q = (visits[self.everyone, topic_b] == 1) & prefers[self.everyone, topic_b]
        gain_q = (visits[:, topic_a] == 0) & prefers[:, topic_a]
        parts.append(-(gain_p.astype(np.int64) - lose_p + gain_q - lose_q) * (topic_b != topic_a))
        return parts

    def repeat_mates(self, r: int) -> np.ndarray:
        """For each person, table-mates in round r met at least twice."""
        result = np.zeros(self.c.people, dtype=np.int64)
        if self.repeated:
            pairs = np.array(sorted(self.repeated), dtype=np.int64)
            together = self.tab[r, pairs[:, 0]] == self.tab[r, pairs[:, 1]]
            result += np.bincount(pairs[together].ravel(), minlength=self.c.people)
        return result

    def schedule_deltas(self, p: int) -> np.ndarray:
        """Cost change of exchanging p's whole schedule with each person's (categories and topics only; encounter
        counts and 'again' are unchanged by such an exchange)."""
        c, tab = self.c, self.tab
        rounds = np.arange(c.rounds)[:, None]
        a = tab[:, p][:, None]
        differ = tab != a
        total = np.zeros(c.people, dtype=np.int64)
        for k in range(3):
            codes, counts = self.codes[k], self.counts
            cp = codes[p]
            delta = (counts[rounds, tab, cp] - counts[rounds, a, cp] + counts[rounds, a, codes] - counts[rounds, tab, codes]
                     + 2 - 2 * (codes == cp))
            total += self.weights[k + 1] * (delta * differ).sum(axis=0)
        seen = (self.visits > 0).astype(np.int64)
        prefers = c.prefers.astype(np.int64)
        new_visited = seen @ prefers[p] + prefers @ seen[p]
        total -= self.weights[5] * (new_visited - self.visited[p] - self.visited)
        return total

    # moves ---------------------------------------------------------------------------------------------------
    def apply_swap(self, r: int, p: int, q: int) -> None:
        c, row = self.c, self.tab[r]
        a, b = row[p], row[q]
        if a == b:
            return
        levels = self.levels
        counts, cp, cq = self.counts[r], self.codes[:, p], self.codes[:, q]
        levels[1:4] += counts[b, cp] - counts[a, cp] + counts[a, cq] - counts[b, cq] + 2 - 2 * (cp == cq)
        counts[a, cp] -= 1
        counts[b, cp] += 1
        counts[b, cq] -= 1
        counts[a, cq] += 1
        mates_a = np.flatnonzero(row == a)
        mates_a = mates_a[mates_a != p]
        mates_b = np.flatnonzero(row == b)
        mates_b = mates_b[mates_b != q]
        self._meet(p, mates_a, -1)
        self._meet(q, mates_b, -1)
        self._meet(p, mates_b, +1)
        self._meet(q, mates_a, +1)
        again = self.again
        levels[4] += again[r, p, b] - again[r, p, a] + again[r, q, a] - again[r, q, b]
        for person, old, new in ((p, a, b), (q, b, a)):
            again[:, person, :] += c.match[r, new] - c.match[r, old]
            topic_old, topic_new = c.topic[r, old], c.topic[r, new]
            if topic_old != topic_new:
                self.visits[person, topic_old] -= 1
                self.visits[person, topic_new] += 1
                visited = int((c.prefers[person] & (self.visits[person] > 0)).sum())
                levels[5] -= visited - self.visited[person]
                self.visited[person] = visited
        row[p], row[q] = b, a

    def _meet(self, person: int, others: np.ndarray, step: int) -> None:
        if not len(others):
            return
        meet = self.meet
        before = meet[person, others]
        after = before + step
        meet[person, others] = after
        meet[others, person] = after
        self.levels[0] += int((np.maximum(after - 1, 0) - np.maximum(before - 1, 0)).sum())
        crossed = others[(before >= 2) != (after >= 2)]
        for other in crossed.tolist():
            pair = (person, other) if person < other else (other, person)
            if step > 0:
                self.repeated.add(pair)
            else:
                self.repeated.discard(pair)

    # search --------------------------------------------------------------------------------------------------
    def hot_seats(self, level: int, r: int) -> np.ndarray:
        """Movable people of round r whose seat costs something at this level that a move could remove."""
        c, row = self.c, self.tab[r]
        if level == 0:
            hot = self.repeat_mates(r) > 0
        elif level <= 3:
            codes, counts = self.codes[level - 1], self.counts[r]
            # more of their category at their table than at the emptiest table plus one: spreading helps
            hot = counts[row, codes] >= counts.min(axis=0)[codes] + 2
        elif level == 4:
            hot = self.again[r, self.everyone, row] > 0
        else:
            hot = self.visited < c.pref_cap
        return np.flatnonzero(hot & self.movable[r])

    def pick_seat(self) -> tuple[int, int] | None:
        """A seat to improve: at the most important level above its target that has one, sometimes lower."""
        c, rng = self.c, self.rng
        levels = [level for level in self.order if self.levels[level] > self.targets[level]]
        if not levels or levels[0] >= 4:
            levels = [4, 5]
        if rng.random() < 0.1:
            levels = levels[int(rng.integers(len(levels))):]
        for level in levels:
            for r in rng.permutation(c.rounds).tolist():
                hot = self.hot_seats(level, r)
                if len(hot):
                    return r, int(hot[rng.integers(len(hot))])
        return None

    def step(self) -> None:
        rng, c = self.rng, self.c
        self.iteration += 1
        seat = self.pick_seat()
        if seat is None:
            movable = np.argwhere(self.movable)
            if not len(movable):
                return
            seat = tuple(movable[rng.integers(len(movable))].tolist())
        r, p = seat
        cost = self.cost()
        if len(self.free_people) > 1 and self.movable[:, p].all() and rng.random() < self.schedule_share:
            delta = self.schedule_deltas(p)
            allowed = self.movable.all(axis=0)
            allowed[p] = False
            delta = np.where(allowed, delta, FORBIDDEN)
            best = delta.min()
            if best < 0 or (best == 0 and rng.random() < 0.5):
                q = int(rng.choice(np.flatnonzero(delta == best)))
                for round_ in range(c.rounds):
                    self.apply_swap(round_, p, q)
                self.note_progress()
                return
        best, move = FORBIDDEN, None
        for attempt in range(self.sample):
            if attempt:
                seat = self.pick_seat()
                if seat is None:
                    break
                r, p = seat
            row = self.tab[r]
            a = row[p]
            delta = np.zeros(c.people, dtype=np.int64)
            for weight, part in zip(self.weights, self.swap_deltas(r, p)):
                delta += weight * part
            blocked = (row == a) | ~self.movable[r]
            tabu = (self.tabu[r, p, row] > self.iteration) | (self.tabu[r, self.everyone, a] > self.iteration)
            tabu &= cost + delta >= self.best_cost  # aspiration: a new best is always allowed
            delta = np.where(blocked | tabu, FORBIDDEN, delta)
            lowest = delta.min()
            if lowest < best or (lowest == best and lowest < FORBIDDEN and rng.random() < 0.5):
                best, move = lowest, (r, p, int(rng.choice(np.flatnonzero(delta == lowest))))
        if move is None or (best > 0 and (rng.random() >= self.uphill or (self.rigid() and best >= WEIGHTS[0]))):
            return
        r, p, q = move
        a, b = self.tab[r, p], self.tab[r, q]
        tenure = int(rng.integers(3, 8 + c.people // 20))
        self.tabu[r, p, a] = self.iteration + tenure
        self.tabu[r, q, b] = self.iteration + tenure
        self.apply_swap(r, p, q)
        self.note_progress()

    def rigid(self) -> bool:
        """Repeats are forced (a positive bound) and at their bound. Plans there are rare and rigid (the clusters of
        the affine design): no worsening move may add a repeat, and kicks keep every encounter count."""
        return self.order[0] == 0 and 0 < self.levels[0] <= self.targets[0]

    def note_progress(self) -> None:
        key = tuple(self.levels.tolist())
        if key < self.best_key:
            self.best_key = key
            self.best_tab = self.tab.copy()
            self.best_iteration = self.iteration
        cost = self.cost()
        if cost < self.best_cost:
            self.best_cost = cost
            self.home_tab = self.tab.copy()
            self.home_iteration = self.iteration

    def kick(self) -> None:
        """Back to the best plan, then a few random swaps to leave its neighbourhood."""
        self.load(self.home_tab)
        c, rng = self.c, self.rng
        if self.rigid() and len(self.free_people) > 1:  # exchanging whole schedules keeps every encounter count
            for _ in range(int(rng.integers(2, 4 + c.people // 10))):
                p, q = rng.choice(self.free_people, 2, replace=False).tolist()
                for r in range(c.rounds):
                    self.apply_swap(r, p, q)
            return
        for _ in range(int(rng.integers(2, 4 + c.people // 10))):
            r = int(rng.integers(c.rounds))
            free = np.flatnonzero(self.movable[r])
            if len(free) < 2:
                continue
            p, q = rng.choice(free, 2, replace=False).tolist()
            self.apply_swap(r, p, q)

    def run(self, deadline: float, patience: int, stop_after=None) -> str:
        """Search until every level reaches its target ("bounds"), `patience` steps without a new best
        ("patience"), the deadline ("time"), or `stop_after()` says another search already won ("other")."""
        if self.reached():
            return "bounds"
        stall = max(200, 4 * self.c.people)
        while True:
            self.step()
            if self.best_iteration == self.iteration and self.reached():
                return "bounds"
            last = max(self.best_iteration, self.home_iteration)
            if self.iteration - last > patience:
                return "patience"
            if self.iteration > last and (self.iteration - last) % stall == 0:
                self.kick()
            if self.iteration % 16 == 0:
                if time.monotonic() > deadline:
                    return "time"
                if stop_after is not None and stop_after(self.iteration):
                    return "other"


def meeting_counts(tab: np.ndarray, tables: int, rounds=None) -> np.ndarray:
    """(n, n) how often each two people share a table in the given rounds (all by default); zero diagonal."""
    people = tab.shape[1]
    onehot = np.zeros((people, tables), dtype=np.float32)
    meet = np.zeros((people, people), dtype=np.float32)
    for r in (range(len(tab)) if rounds is None else rounds):
        onehot[:] = 0
        onehot[np.arange(people), tab[r]] = 1
        meet += onehot @ onehot.T  # float32 for BLAS; counts stay exact far below 2**24
    np.fill_diagonal(meet, 0)
    return meet.astype(np.int64)


def greedy_rounds(c: Compiled, tab: np.ndarray, rounds: range, rng: np.random.Generator) -> None:
    """Seat the given rounds one by one: pinned people first, then everyone in random order at the table that
    adds the least cost, ties to the emptiest table."""
    n = c.people
    meet = meeting_counts(tab, c.tables, [r for r in range(c.rounds) if r not in rounds])
    for r in rounds:
        row = np.full(n, -1, dtype=np.int64)
        fill = np.zeros(c.tables, dtype=np.int64)
        counts = [np.zeros((c.tables, size), dtype=np.int64) for size in c.categories]
        visits = np.zeros((n, c.topics), dtype=np.int64)
        for other in range(c.rounds):
            if other not in rounds or other < r:
                visits[np.arange(n), c.topic[other, tab[other]]] += 1
        order = list(np.flatnonzero(c.fixed[r] >= 0)) + list(rng.permutation(np.flatnonzero(c.fixed[r] < 0)))
        for x in order:
            x = int(x)
            if c.fixed[r, x] >= 0:
                t = int(c.fixed[r, x])
            else:
                seated = row >= 0
                cost = WEIGHTS[0] * np.bincount(row[seated], weights=meet[x, seated] >= 1,
                                                minlength=c.tables).astype(np.int64)
                for k in range(3):
                    cost += WEIGHTS[k + 1] * counts[k][:, c.codes[k][x]]
                for other in range(c.rounds):
                    if other != r and (other not in rounds or other < r):
                        cost += WEIGHTS[4] * c.match[r, :, other, tab[other, x]]
                cost -= WEIGHTS[5] * (c.prefers[x, c.topic[r]] & (visits[x, c.topic[r]] == 0))
                room = c.sizes[r] - fill
                cost = np.where(room > 0, cost, FORBIDDEN)
                best = np.flatnonzero(cost == cost.min())
                best = best[room[best] == room[best].max()]
                t = int(best[rng.integers(len(best))])
            row[x] = t
            fill[t] += 1
            for k in range(3):
                counts[k][t, c.codes[k][x]] += 1
            visits[x, c.topic[r, t]] += 1
        tab[r] = row
        meet += meeting_counts(tab, c.tables, [r])


def design_start(c: Compiled, capacities: np.ndarray, rng: np.random.Generator, variant: int = 0) -> np.ndarray | None:
    """Seat people on the points of a design (see design.py), honouring pins by choosing which design
    table becomes which real table in each round; None when the design does not apply or pins do not fit."""
    n, tables = c.people, c.tables
    size = -(-n // tables)
    if size < 2 or capacities.min() < size:
        return None
    schedule = design_schedule(tables, n, c.rounds, variant)
    if schedule is None:
        return None
    blocks = np.array(schedule, dtype=np.int64)  # (rounds covered, points)
    covered = len(blocks)
    block_size = np.array([np.bincount(blocks[r], minlength=tables) for r in range(covered)])
    label = np.full((covered, tables), -1, dtype=np.int64)  # design table -> real table
    used = np.full((covered, tables), -1, dtype=np.int64)  # real table -> design table
    room = block_size.copy()
    point_of = np.full(n, -1, dtype=np.int64)
    free_points = list(rng.permutation(n))
    pinned = [x for x in range(n) if (c.fixed[:covered, x] >= 0).any()]
    pinned.sort(key=lambda x: -int((c.fixed[:covered, x] >= 0).sum()))
    for x in pinned:
        for point in free_points:
            ok = True
            for r in range(covered):
                t = c.fixed[r, x]
                if t < 0:
                    continue
                block = blocks[r, point]
                if label[r, block] not in (-1, t) or used[r, t] not in (-1, block) or room[r, block] == 0:
                    ok = False
                    break
            if ok:
                break
        else:
            return None
        free_points.remove(point)
        point_of[x] = point
        for r in range(covered):
            t = c.fixed[r, x]
            if t >= 0:
                block = blocks[r, point]
                label[r, block], used[r, t] = t, block
                room[r, block] -= 1
    _seat_the_rest(c, blocks, point_of, free_points, rng)
    for r in range(covered):
        spare = [t for t in rng.permutation(tables).tolist() if used[r, t] < 0]
        for block in range(tables):
            if label[r, block] < 0:
                label[r, block] = spare.pop()
    tab = np.full((c.rounds, n), -1, dtype=np.int64)
    for r in range(covered):
        tab[r] = label[r, blocks[r, point_of]]
    # a pinned person whose round lies beyond the design may still need seating: the greedy does that
    if covered < c.rounds:
        greedy_rounds(c, tab, range(covered, c.rounds), rng)
    return tab


def _seat_the_rest(c: Compiled, blocks: np.ndarray, point_of: np.ndarray, free_points: list[int],
                   rng: np.random.Generator) -> None:
    """Put everyone not pinned on a free point. Where each point misses exactly one other point (the 8-4-10
    design), people meet everyone except the person on that partner point, so the categories depend only on who
    shares a pair of partner points: greedily the most alike people (organisation, then Kommune, then type)."""
    n = c.people
    rest = [int(x) for x in np.flatnonzero(point_of < 0)]
    meet = meeting_counts(blocks, c.tables)
    missed = (meet == 0).sum(axis=1) - 1  # the diagonal counts as zero
    if (missed > 1).any() or not missed.any():
        for x, point in zip(rest, free_points):
            point_of[x] = point
        return
    partner = np.where(missed == 1, np.argmax(meet + np.eye(n, dtype=np.int64) * n == 0, axis=1), -1)
    alike = sum(weight * (codes[:, None] == codes[None, :]) for weight, codes in zip((4, 2, 1), c.codes))
    alike = alike + rng.random((n, n)) * 0.5  # ties broken at random, never against a category
    alike[np.arange(n), np.arange(n)] = -1
    person_at = {int(point): x for x, point in enumerate(point_of.tolist()) if point >= 0}
    unseated = set(rest)
    free = {int(point) for point in free_points}

    def seat(x: int, point: int) -> None:
        point_of[x] = point
        unseated.discard(x)
        free.discard(point)

    for point, x in sorted(person_at.items()):  # partners of pinned people first
        mate = int(partner[point])
        if mate in free and unseated:
            seat(max(sorted(unseated), key=lambda y: alike[x, y]), mate)
    pairs = sorted(point for point in free if int(partner[point]) in free and point < partner[point])
    for point in pairs:
        if len(unseated) < 2:
            break
        people = sorted(unseated)
        scores = alike[np.ix_(people, people)]
        i, j = np.unravel_index(np.argmax(scores), scores.shape)
        seat(people[i], point)
        seat(people[j], int(partner[point]))
    for x, point in zip(sorted(unseated), sorted(free)):
        point_of[x] = point
