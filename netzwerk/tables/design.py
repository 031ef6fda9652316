"""A repeat-free start for tight instances: rounds as parallel classes of lines in the affine plane over GF(T).

For T tables (a prime power) of s people each, put people on the T×T grid of the plane: s = q·T + r people per
table become clusters of q (or q+1 in r columns) people per grid cell. The lines of one slope cut the grid into T
tables, each meeting every column once, so every table gets exactly s people; two cells share a line of at most
one slope. So in T rounds nobody meets anyone twice except the members of a cluster, which is exactly the lower
bound when s > T. The columns give one more round when s is a multiple of T, and when s divides T (columns cut
into tables of s): 32 people at 8 tables of 4 meet in 9 rounds without any repeat (social golfer 8-4-9).

Ten rounds for 32 people at 8 tables of 4 (social golfer 8-4-10, open until Alejandro Aguado constructed one in
2004) are beyond the plane; that start is a known design, see GOLFER_8_4_10.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product


def _prime_power(number: int) -> tuple[int, int] | None:
    for prime in range(2, number + 1):
        if number % prime == 0:
            exponent, rest = 0, number
            while rest % prime == 0:
                rest //= prime
                exponent += 1
            return (prime, exponent) if rest == 1 else None
    return None


def _poly_mod(poly: list[int], modulus: list[int], prime: int) -> list[int]:
    poly = poly[:]
    while len(poly) >= len(modulus):
        factor = poly[-1] * pow(modulus[-1], -1, prime) % prime
        shift = len(poly) - len(modulus)
        for i, coefficient in enumerate(modulus):
            poly[shift + i] = (poly[shift + i] - factor * coefficient) % prime
        while poly and poly[-1] == 0:
            poly.pop()
    return poly


@lru_cache(maxsize=16)
def field_tables(order: int) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]] | None:
    """Addition and multiplication tables of GF(order), elements numbered 0..order-1; None if not a prime power."""
    found = _prime_power(order)
    if found is None:
        return None
    prime, degree = found
    if degree == 1:
        return (tuple(tuple((a + b) % prime for b in range(prime)) for a in range(prime)),
                tuple(tuple(a * b % prime for b in range(prime)) for a in range(prime)))

    def digits(number):
        return [number // prime ** i % prime for i in range(degree)]

    def number(coefficients):
        return sum(c * prime ** i for i, c in enumerate(coefficients))

    def irreducible(modulus):
        for d in range(1, degree // 2 + 1):
            for low in product(range(prime), repeat=d):
                if not _poly_mod(modulus, list(low) + [1], prime):
                    return False
        return True

    modulus = next(list(low) + [1] for low in product(range(prime), repeat=degree) if low[0] and irreducible(list(low) + [1]))
    add = tuple(tuple(number([(x + y) % prime for x, y in zip(digits(a), digits(b))]) for b in range(order))
                for a in range(order))
    mul = []
    for a in range(order):
        row = []
        for b in range(order):
            product_ = [0] * (2 * degree - 1)
            for i, x in enumerate(digits(a)):
                for j, y in enumerate(digits(b)):
                    product_[i + j] = (product_[i + j] + x * y) % prime
            reduced = _poly_mod(product_, modulus, prime)
            row.append(number(reduced + [0] * (degree - len(reduced))))
        mul.append(tuple(row))
    return add, tuple(mul)


def affine_schedule(tables: int, people: int, rounds: int) -> list[list[int]] | None:
    """Table index per round for `people` points (balanced sizes), repeat-free as far as possible; None when the
    construction does not apply. Returns at most `rounds` rounds, maybe fewer (the caller seats the rest)."""
    if tables < 2 or people <= tables:
        return None
    field = field_tables(tables)
    if field is None:
        return None
    add, mul = field
    negative = [next(b for b in range(tables) if add[a][b] == 0) for a in range(tables)]
    size = -(-people // tables)
    missing = size * tables - people
    whole, extra = divmod(size, tables)
    split_round = whole == 0 and tables % size == 0 and missing <= tables // size
    weights = {}
    for x in range(tables):
        for y in range(tables):
            weights[x, y] = whole + (1 if x < extra else 0)
    removal_column = 0
    removed = [i * size for i in range(missing)] if split_round else list(range(missing))
    for y in removed:
        weights[removal_column, y] -= 1
    points = [(x, y) for (x, y), weight in sorted(weights.items()) for _ in range(weight)]
    schedule = []
    for slope in range(min(rounds, tables)):
        # line through (x, y) with this slope: y = slope·x + b, so b = y - slope·x
        schedule.append([add[y][negative[mul[slope][x]]] for x, y in points])
    if split_round and len(schedule) < rounds:
        per_column = tables // size
        schedule.append([x * per_column + y // size for x, y in points])
    elif whole and not extra and not missing and len(schedule) < rounds:
        schedule.append([x for x, _ in points])  # s = q·T: the columns themselves are tables of s
    return schedule


# A resolvable 4-GDD of type 2^16: 32 points in 10 rounds of 8 tables of 4 where every two points meet exactly once,
# except the 16 pairs (x, x + 16), which never meet. Row r gives the table of point 0..31 in round r. It is the
# 8-4-10 schedule from Ed Pegg Jr.'s "Social Golfer Problem" (Wolfram Demonstrations Project, after Aguado 2004),
# as listed in fpvandoorn/Dagstuhl-tables (literature.md, T(32,4), last line removed), points A..P, a..p numbered
# 0..15, 16..31 and tables numbered in the order listed; test_tables_engine checks the claims above.
GOLFER_8_4_10 = (
    "00001111222233334444555566667777",
    "01520251072646734513431546370762",
    "01526324754342353467507126101706",
    "01526347521067435201743601257634",
    "01521672260460317463450335715724",
    "01526147304653277325436017642150",
    "01522015714573642630026346734517",
    "01525674645721501037342646327031",
    "01526507134205123647143260573467",
    "01526340467116047346215752033275",
)
GOLFER_PARTNER = 16  # point x never meets point x + 16


def golfer_schedule(tables: int, people: int, rounds: int) -> list[list[int]] | None:
    """Table index per round for 30 to 32 people at 8 tables (of 4) from the 8-4-10 design, repeat-free for up to
    10 rounds; None otherwise. Fewer than 32 people leave out point 0 and, for 30, its partner 16 (the only
    points that never meet, so no table of a round drops to 2 while others keep 4)."""
    if tables != 8 or not 30 <= people <= 32 or rounds < 1:
        return None
    left_out = [0, GOLFER_PARTNER][:32 - people]
    points = [point for point in range(32) if point not in left_out]
    return [[int(row[point]) for point in points] for row in GOLFER_8_4_10[:rounds]]


def design_schedule(tables: int, people: int, rounds: int, variant: int = 0) -> list[list[int]] | None:
    """A start design: among those covering every round, `variant` picks round-robin (restarts try the others);
    when none covers every round, the one covering most; None when neither applies.

    For 32 people at 8 tables of 4 the 8-4-10 design comes first from 9 rounds on: the people someone never
    meets are then their partner and their table of the left-out round, which organisations can fill, while in
    the plane they are half of their column (a K4,4), which splits organisations. Up to 8 rounds the plane
    does better (measured in bench/tables.py)."""
    affine, golfer = affine_schedule(tables, people, rounds), golfer_schedule(tables, people, rounds)
    candidates = [schedule for schedule in ((golfer, affine) if rounds >= 9 else (affine, golfer)) if schedule]
    if not candidates:
        return None
    covering = [schedule for schedule in candidates if len(schedule) >= rounds]
    if not covering:
        return max(candidates, key=len)
    return covering[variant % len(covering)]
