"""Interview slots for the Migrationsmesse: the pure scheduler, its suggestions and its command line.

Random fairs (hypothesis) are checked against rules written out again here, and against a max flow of our
own (Edmonds-Karp), so the engine is never its own referee.
"""
import ast
import json
import math
import subprocess
import sys
from collections import Counter, deque
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netzwerk.fair.__main__ import main as fair_main
from netzwerk.fair.instance import InstanceError, instance_from_dict
from netzwerk.fair.schedule import Employer, Instance, Offer, Visitor, schedule, suggest

from .conftest import run_main

pytestmark = pytest.mark.db_independent  # no database: checked in the SQLite run of `make test` only

ORDER = ["none", "A1", "A2", "B1", "B2", "C1", "C2"]
ROOT = Path(__file__).resolve().parent.parent


# --- rules written out again -------------------------------------------------------------------------------

def allowed_by_language(visitor: Visitor, employer: Employer) -> bool:
    """At least one offer whose level the visitor reaches; no offers, no requirement."""
    mine = ORDER.index(visitor.german_level)
    return not employer.offers or any(ORDER.index(offer.german_level) <= mine for offer in employer.offers)


def window(available, slots):
    return set(range(slots)) if available is None else set(available)


def common_slots(instance, visitor, employer):
    return window(visitor.available_slots, instance.slots) & window(employer.available_slots, instance.slots)


def wished_pairs(instance):
    """(visitor, employer) pairs that may meet at all: wished, language rule, a common slot, interviewers."""
    employers = {employer.id: employer for employer in instance.employers}
    return [(visitor, employers[wish]) for visitor in instance.visitors for wish in visitor.wishes
            if allowed_by_language(visitor, employers[wish]) and employers[wish].interviewers
            and common_slots(instance, visitor, employers[wish])]


def edmonds_karp_bound(instance) -> int:
    """Max flow: source -> visitor (k, at most its usable slots) -> employer (1 per pair) -> sink (interviewers x
    usable slots); "usable" = shared with some pair partner."""
    pairs = wished_pairs(instance)
    usable_v, usable_e = {}, {}
    for visitor, employer in pairs:
        shared = common_slots(instance, visitor, employer)
        usable_v.setdefault(visitor.id, set()).update(shared)
        usable_e.setdefault(employer.id, set()).update(shared)
    capacity = {}

    def arc(tail, head, amount):
        capacity[tail, head] = capacity.get((tail, head), 0) + amount
        capacity.setdefault((head, tail), 0)

    for visitor_id, usable in usable_v.items():
        arc("source", ("v", visitor_id), min(instance.max_interviews_per_visitor, len(usable)))
    for visitor, employer in pairs:
        arc(("v", visitor.id), ("e", employer.id), 1)
    interviewers = {employer.id: employer.interviewers for employer in instance.employers}
    for employer_id, usable in usable_e.items():
        arc(("e", employer_id), "sink", interviewers[employer_id] * len(usable))
    neighbours = {}
    for tail, head in capacity:
        neighbours.setdefault(tail, []).append(head)
    total = 0
    while True:
        parent = {"source": None}
        queue = deque(["source"])
        while queue and "sink" not in parent:
            node = queue.popleft()
            for head in neighbours.get(node, []):
                if head not in parent and capacity[node, head] > 0:
                    parent[head] = node
                    queue.append(head)
        if "sink" not in parent:
            return total
        path, node = [], "sink"
        while parent[node] is not None:
            path.append((parent[node], node))
            node = parent[node]
        push = min(capacity[edge] for edge in path)
        for tail, head in path:
            capacity[tail, head] -= push
            capacity[head, tail] += push
        total += push


def assert_sound(instance: Instance, plan) -> None:
    """Nobody double-booked, no capacity or language rule broken, metrics and reasons true."""
    employers = {employer.id: employer for employer in instance.employers}
    visitors = {visitor.id: visitor for visitor in instance.visitors}
    k = instance.max_interviews_per_visitor
    for interview in plan.interviews:
        visitor, employer = visitors[interview.visitor], employers[interview.employer]
        assert allowed_by_language(visitor, employer)
        assert interview.slot in common_slots(instance, visitor, employer)
        assert 0 <= interview.seat < employer.interviewers
        if interview.source == "wish":
            assert visitor.wishes[interview.rank - 1] == employer.id
        else:
            assert interview.source == "suggestion" and employer.id not in visitor.wishes
    assert len({(i.visitor, i.slot) for i in plan.interviews}) == len(plan.interviews), "visitor in two places"
    assert len({(i.employer, i.slot, i.seat) for i in plan.interviews}) == len(plan.interviews), "seat taken twice"
    assert len({(i.visitor, i.employer) for i in plan.interviews}) == len(plan.interviews), "pair met twice"
    per_visitor = Counter(i.visitor for i in plan.interviews)
    per_employer = Counter(i.employer for i in plan.interviews)
    assert all(n <= k for n in per_visitor.values())
    assert all(n <= employers[e].interviewers * len(window(employers[e].available_slots, instance.slots))
               for e, n in per_employer.items())
    metrics = plan.metrics
    assert metrics.interviews == len(plan.interviews) <= metrics.upper_bound
    assert metrics.slots_used == len({i.slot for i in plan.interviews})
    assert metrics.slots_lower_bound == max(
        [*per_visitor.values(), *(math.ceil(n / employers[e].interviewers) for e, n in per_employer.items())],
        default=0)
    assert metrics.slots_used >= metrics.slots_lower_bound
    granted = {(i.visitor, i.employer) for i in plan.interviews}
    expected = [(v.id, wish) for v in instance.visitors for wish in v.wishes if (v.id, wish) not in granted]
    assert [(u.visitor, u.employer) for u in plan.unscheduled] == expected
    busy = {(i.visitor, i.slot) for i in plan.interviews}
    load = Counter((i.employer, i.slot) for i in plan.interviews)
    for wish in plan.unscheduled:
        visitor, employer = visitors[wish.visitor], employers[wish.employer]
        common = common_slots(instance, visitor, employer)
        employer_free = {s for s in common if load[employer.id, s] < employer.interviewers}
        visitor_free = {s for s in common if (visitor.id, s) not in busy}
        assert visitor.wishes[wish.rank - 1] == employer.id
        if wish.reason == "german_level":
            assert not allowed_by_language(visitor, employer)
            continue
        assert allowed_by_language(visitor, employer)
        if wish.reason == "no_common_slot":
            assert not common or not employer.interviewers
        elif wish.reason == "employer_full":
            assert common and not employer_free
        elif wish.reason == "visitor_full":
            assert employer_free and (per_visitor[visitor.id] >= k or not visitor_free)
        else:
            assert wish.reason == "no_free_slot"
            assert per_visitor[visitor.id] < k and employer_free and visitor_free
            assert not employer_free & visitor_free, "this wish would still fit"


# --- random fairs ------------------------------------------------------------------------------------------

@st.composite
def fairs(draw, windows: bool) -> Instance:
    slots = draw(st.integers(1, 5))
    maybe_window = st.none() | st.frozensets(st.integers(0, slots - 1)) if windows else st.none()
    employers = [Employer(id=f"e{i}", interviewers=draw(st.integers(0, 3)), available_slots=draw(maybe_window),
                          offers=tuple(Offer(type="Stelle", german_level=draw(st.sampled_from(ORDER)))
                                       for _ in range(draw(st.integers(0, 2)))))
                 for i in range(draw(st.integers(1, 6)))]
    ids = [employer.id for employer in employers]
    visitors = [Visitor(id=f"v{i}", german_level=draw(st.sampled_from(ORDER)), available_slots=draw(maybe_window),
                        wishes=tuple(draw(st.permutations(ids))[:draw(st.integers(0, len(ids)))]))
                for i in range(draw(st.integers(0, 10)))]
    return Instance(slots=slots, employers=tuple(employers), visitors=tuple(visitors),
                    max_interviews_per_visitor=draw(st.integers(0, 4)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fairs(windows=False))
def test_without_windows_every_possible_interview_happens_in_the_fewest_slots(instance):
    plan = schedule(instance)
    assert_sound(instance, plan)
    assert plan.metrics.upper_bound == edmonds_karp_bound(instance)
    assert plan.metrics.interviews == plan.metrics.upper_bound
    assert plan.metrics.slots_used == plan.metrics.slots_lower_bound
    assert {i.slot for i in plan.interviews} == set(range(plan.metrics.slots_used)), "the first slots"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fairs(windows=True))
def test_with_windows_nobody_is_double_booked_and_every_reason_is_true(instance):
    plan = schedule(instance, seconds=0.2)
    assert_sound(instance, plan)
    assert plan.metrics.upper_bound == edmonds_karp_bound(instance)
    assert schedule(instance, seconds=0.2) == plan, "deterministic"


# --- stories -----------------------------------------------------------------------------------------------

def fair(employers, visitors, slots=1, k=3):
    return Instance(slots=slots, employers=tuple(employers), visitors=tuple(visitors), max_interviews_per_visitor=k)


def met(plan):
    return {(i.visitor, i.employer) for i in plan.interviews}


def test_first_wishes_win_when_the_count_is_the_same():
    plan = schedule(fair([Employer("pflege", 1), Employer("bau", 1)],
                         [Visitor("amira", wishes=("pflege", "bau")), Visitor("omid", wishes=("bau", "pflege"))]))
    assert met(plan) == {("amira", "pflege"), ("omid", "bau")}
    assert plan.metrics.first_wishes_scheduled == 2


def test_more_interviews_beat_a_first_wish():
    plan = schedule(fair([Employer("pflege", 1), Employer("bau", 1)],
                         [Visitor("amira", wishes=("pflege", "bau")), Visitor("omid", wishes=("pflege",))], k=1))
    assert met(plan) == {("amira", "bau"), ("omid", "pflege")}


def test_everyone_gets_an_interview_before_anyone_gets_a_second():
    fussy = Employer("kanzlei", 1, offers=(Offer("Stelle", "C2"),))
    plan = schedule(fair([Employer("pflege", 1), Employer("bau", 1, available_slots=frozenset({0})), fussy],
                         [Visitor("amira", wishes=("pflege", "bau")),
                          Visitor("omid", german_level="A1", wishes=("kanzlei", "bau"))], slots=2, k=2))
    assert met(plan) == {("amira", "pflege"), ("omid", "bau")}
    assert [(u.visitor, u.employer, u.reason) for u in plan.unscheduled] == [
        ("amira", "bau", "employer_full"), ("omid", "kanzlei", "german_level")]


def test_an_explicit_wish_beats_a_suggestion():
    plan = schedule(fair([Employer("klinik", 1, sector="Pflege")],
                         [Visitor("jonas", sectors=("Pflege",), suggestions=1),
                          Visitor("amira", wishes=("klinik",))]))
    assert met(plan) == {("amira", "klinik")}


def test_suggestions_fill_a_visitor_without_wishes():
    plan = schedule(fair([Employer("klinik", 1, sector="Pflege"), Employer("spedition", 1, sector="Logistik")],
                         [Visitor("jonas", sectors=("Pflege",), suggestions=2)]))
    assert [(i.employer, i.source, i.rank) for i in plan.interviews] == [("klinik", "suggestion", 1)]
    assert plan.metrics.suggestions_scheduled == 1


def test_german_level_rule_needs_one_reachable_offer():
    employers = [Employer("lager", 1, offers=(Offer("Stelle", "B2"), Offer("Praktikum", "A1"))),
                 Employer("buero", 1, offers=(Offer("Stelle", "B1"),)),
                 Employer("kueche", 1, offers=(Offer("Praktikum", "none"),)),
                 Employer("ohne-angebot", 1)]
    everything = tuple(employer.id for employer in employers)
    plan = schedule(fair(employers, [Visitor("amira", german_level="A2", wishes=everything),
                                     Visitor("omid", german_level="none", wishes=everything)], slots=4, k=4))
    assert met(plan) == {("amira", "lager"), ("amira", "kueche"), ("amira", "ohne-angebot"),
                         ("omid", "kueche"), ("omid", "ohne-angebot")}
    assert {(u.visitor, u.employer, u.reason) for u in plan.unscheduled} == {
        ("amira", "buero", "german_level"), ("omid", "lager", "german_level"), ("omid", "buero", "german_level")}


def test_interviewers_talk_in_parallel_each_on_own_seat():
    plan = schedule(fair([Employer("klinik", 2)], [Visitor(f"v{i}", wishes=("klinik",)) for i in range(4)], slots=3))
    assert plan.metrics.interviews == 4 and plan.metrics.slots_used == plan.metrics.slots_lower_bound == 2
    assert Counter((i.slot, i.seat) for i in plan.interviews) == {(0, 0): 1, (0, 1): 1, (1, 0): 1, (1, 1): 1}


def test_availability_windows_are_kept():
    late = Employer("spaet", 1, available_slots=frozenset({2, 3}))
    plan = schedule(fair([late, Employer("frueh", 1, available_slots=frozenset({0}))],
                         [Visitor("amira", wishes=("spaet", "frueh"), available_slots=frozenset({0, 3})),
                          Visitor("omid", wishes=("spaet",))], slots=4))
    assert {(i.visitor, i.employer, i.slot) for i in plan.interviews} == {
        ("amira", "spaet", 3), ("amira", "frueh", 0), ("omid", "spaet", 2)}
    assert plan.metrics.slots_used == 3 and plan.metrics.slots_lower_bound == 2  # the windows force a third


def test_a_bigger_fair_without_windows_reaches_both_bounds():
    employers = [Employer(f"e{e}", 1 + e % 3) for e in range(12)]
    visitors = [Visitor(f"v{v}", wishes=tuple(f"e{(v * 7 + j * 5) % 12}" for j in range(5))) for v in range(150)]
    plan = schedule(fair(employers, visitors, slots=12, k=3))
    assert_sound(fair(employers, visitors, slots=12, k=3), plan)
    assert plan.metrics.interviews == plan.metrics.upper_bound == edmonds_karp_bound(fair(employers, visitors, 12, 3))
    assert plan.metrics.slots_used == plan.metrics.slots_lower_bound
    assert plan.metrics.method == "koenig"


# --- suggestions -------------------------------------------------------------------------------------------

def test_suggestions_rank_sector_over_offer_type_and_skip_wishes_and_language():
    employers = [Employer("typ", 1, sector="Bau", offers=(Offer("Ausbildung", "A1"),)),
                 Employer("branche", 1, sector="Pflege", offers=(Offer("Stelle", "A1"),)),
                 Employer("beides", 1, sector="Pflege", offers=(Offer("Ausbildung", "A2"),)),
                 Employer("gewuenscht", 1, sector="Pflege"),
                 Employer("zu-schwer", 1, sector="Pflege", offers=(Offer("Ausbildung", "C1"),)),
                 Employer("fremd", 1, sector="IT")]
    visitor = Visitor("amira", german_level="B1", sectors=("pflege",), offer_types=("Ausbildung",),
                      wishes=("gewuenscht",))
    assert suggest(visitor, employers, 10) == ["beides", "branche", "typ"]
    assert suggest(visitor, employers, 2) == ["beides", "branche"]
    assert suggest(visitor, employers, 0) == []


def test_suggestions_prefer_the_offer_that_uses_the_visitors_german():
    employers = [Employer("leicht", 1, sector="Pflege", offers=(Offer("Stelle", "none"),)),
                 Employer("passend", 1, sector="Pflege", offers=(Offer("Stelle", "B2"),))]
    assert suggest(Visitor("omid", german_level="B2", sectors=("Pflege",)), employers, 2) == ["passend", "leicht"]


def test_suggestions_for_equal_profiles_are_deterministic_but_spread():
    employers = [Employer(f"e{i}", 1, sector="Pflege") for i in range(5)]
    firsts = {suggest(Visitor(f"v{v}", sectors=("Pflege",)), employers, 1)[0] for v in range(40)}
    assert len(firsts) > 1
    assert suggest(Visitor("v1", sectors=("Pflege",)), employers, 5) == suggest(
        Visitor("v1", sectors=("Pflege",)), list(reversed(employers)), 5)


def test_no_suggestion_without_a_common_slot_or_interviewers():
    employers = [Employer("spaet", 1, available_slots=frozenset({3})), Employer("leer", 0), Employer("da", 1)]
    visitor = Visitor("amira", available_slots=frozenset({0, 1}))
    assert suggest(visitor, employers, 3, slots=4) == ["da"]


# --- input -------------------------------------------------------------------------------------------------

VALID = {
    "slots": 4, "slot_minutes": 10, "max_interviews_per_visitor": 2,
    "employers": [
        {"id": "bäckerei", "interviewers": 1, "sector": "Handwerk",
         "offers": [{"type": "Ausbildung", "german_level": "A2"}]},
        {"id": "klinik", "interviewers": 2, "sector": "Pflege", "available_slots": [1, 2, 3],
         "offers": [{"type": "Stelle", "german_level": "B1"}, {"type": "Praktikum"}]}],
    "visitors": [
        {"id": "amira", "german_level": "B1", "wishes": ["klinik", "bäckerei"]},
        {"id": "omid", "wishes": ["bäckerei", "klinik"], "available_slots": [0, 1]},
        {"id": "jonas", "german_level": "a2", "sectors": ["Pflege"], "suggestions": 1}],
}


def with_change(path, value):
    data = json.loads(json.dumps(VALID))
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


def test_json_input_becomes_an_instance():
    instance = instance_from_dict(VALID)
    assert instance.employers[1].available_slots == frozenset({1, 2, 3})
    assert instance.visitors[2].german_level == "A2" and instance.visitors[2].suggestions == 1
    assert instance.visitors[1].german_level == "none"


@pytest.mark.parametrize(("path", "value", "message"), [
    (("visitors", 0, "wishes"), ["klinik", "metzgerei"], "visitors[0].wishes[1]: unknown employer 'metzgerei'"),
    (("visitors", 1, "id"), "amira", "visitors[1].id: duplicate visitor id 'amira'"),
    (("employers", 0, "offers", 0, "german_level"), "B3", "employers[0].offers[0].german_level: unknown German level"),
    (("employers", 1, "interviewers"), -1, "employers[1].interviewers: must be at least 0, got -1"),
    (("employers", 1, "interviewers"), True, "employers[1].interviewers: expected a whole number"),
    (("employers", 0, "id"), KeyError, "employers[0]: missing field 'id'"),
    (("visitors", 0, "wish"), [], "visitors[0]: unknown field 'wish'"),
    (("employers", 1, "available_slots"), [1, 4], "employers[1].available_slots[1]: slot 4 does not exist"),
    (("slots",), 0, "slots: must be at least 1, got 0"),
    (("visitors", 0, "wishes"), ["klinik", "klinik"], "visitors[0].wishes[1]: employer 'klinik' wished twice"),
])
def test_bad_input_names_the_field(path, value, message):
    with pytest.raises(InstanceError) as raised:
        instance_from_dict(with_change(path, value))
    assert str(raised.value).startswith(message)


def run_cli(tmp_path, text, process=False):
    """`python -m netzwerk.fair schedule`: in a process of its own, or (for the refusals) its main() in this one."""
    source = tmp_path / "messe.json"
    source.write_text(text, encoding="utf-8")
    if not process:
        return run_main(fair_main, ["schedule", str(source)])
    return subprocess.run([sys.executable, "-m", "netzwerk.fair", "schedule", str(source)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_cli_writes_the_plan_as_json(tmp_path):
    result = run_cli(tmp_path, json.dumps(VALID), process=True)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["metrics"]["interviews"] == len(output["interviews"]) > 0
    assert output["metrics"]["upper_bound"] == edmonds_karp_bound(instance_from_dict(VALID)) + 1  # + suggestion
    first = output["interviews"][0]
    assert set(first) == {"visitor", "employer", "slot", "start_minute", "seat", "source", "rank"}
    assert first["start_minute"] == first["slot"] * 10
    assert {"visitor": "omid", "employer": "bäckerei", "rank": 1, "reason": "german_level"} in output["unscheduled"]


@pytest.mark.parametrize(("text", "expected"), [
    ('{"slots": 4, "employers": [', "not valid JSON"),
    (json.dumps(with_change(("visitors", 0, "wishes"), ["metzgerei"])), "unknown employer 'metzgerei'"),
    (json.dumps(with_change(("employers", 1, "id"), "bäckerei")), "duplicate employer id"),
    (json.dumps(with_change(("visitors", 0, "german_level"), "fließend")), "unknown German level"),
    (json.dumps(with_change(("max_interviews_per_visitor",), -2)), "must be at least 0"),
    (json.dumps(with_change(("employers", 0, "interviewers"), KeyError)), "missing field 'interviewers'"),
    ('{"slots": 1, "slots": 2, "employers": [], "visitors": []}', "key 'slots' appears twice"),
])
def test_cli_rejects_bad_input_with_exit_code_2_and_one_line(tmp_path, text, expected):
    result = run_cli(tmp_path, text)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and expected in result.stderr


def test_cli_reports_a_missing_file_in_one_line():
    result = run_main(fair_main, ["schedule", "/nonexistent/messe.json"])
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and "cannot read" in result.stderr


def test_schedule_rejects_an_instance_built_wrongly_in_code():
    broken = fair([Employer("a", 1)], [Visitor("v", wishes=("b",))])
    with pytest.raises(InstanceError, match="unknown employer 'b'"):
        schedule(broken)
    with pytest.raises(InstanceError, match="duplicate employer id"):
        schedule(replace(broken, employers=(Employer("a", 1), Employer("a", 2)), visitors=()))


def test_the_engine_needs_neither_flask_nor_the_database():
    engine = ["instance", "matching", "timetable", "suggest", "schedule", "__main__"]  # __main__: the command line
    for name in engine:
        tree = ast.parse((ROOT / "netzwerk" / "fair" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{name}.py reaches outside netzwerk.fair"
                modules = [node.module or ""] if node.level == 0 else []
            else:
                continue
            assert not {module.split(".")[0] for module in modules} & {
                "flask", "flask_sqlalchemy", "sqlalchemy", "flask_babel", "flask_wtf", "wtforms", "netzwerk"}, name
