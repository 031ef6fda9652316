"""The code's shape: pure engines import without Flask, feature packages depend on each other one way."""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.db_independent  # no database: checked in the SQLite run of `make test` only

ROOT = Path(__file__).resolve().parent.parent

# Plain data in, plain data out: command lines, print workers and benchmarks import these without the app.
ENGINES = (
    "netzwerk.tables.assign", "netzwerk.tables.bounds", "netzwerk.tables.design", "netzwerk.tables.instance",
    "netzwerk.tables.metrics", "netzwerk.tables.search", "netzwerk.tables.sizes", "netzwerk.tables.__main__",
    "netzwerk.fair.schedule", "netzwerk.fair.instance", "netzwerk.fair.matching", "netzwerk.fair.timetable",
    "netzwerk.fair.suggest", "netzwerk.fair.placement", "netzwerk.fair.floorplan", "netzwerk.fair.__main__",
    "netzwerk.calendar.ical", "netzwerk.dashboard.charts",
    "netzwerk.badges.layouts", "netzwerk.badges.namefit", "netzwerk.badges.qr", "netzwerk.badges.render",
    "netzwerk.badges.pdf", "netzwerk.badges.pool", "netzwerk.badges.sheets", "netzwerk.badges.documents",
    "netzwerk.common.text", "netzwerk.common.timing",
    "netzwerk",  # the package itself: create_app loads on first use
)


# Imports the engines one after another in one interpreter and prints, per engine, the Flask modules loaded so far.
# While none is loaded, what an engine imports runs exactly as in an interpreter of its own (modules already loaded
# by earlier engines loaded no Flask either); the first engine that loads Flask ends the run, and the engines after
# it get a fresh interpreter.
IMPORT_IN_TURN = """
import importlib, json, sys
for engine in sys.argv[1:]:
    importlib.import_module(engine)
    print(json.dumps([engine, sorted(name for name in sys.modules if name.split(".")[0] == "flask")]), flush=True)
    if "flask" in sys.modules:
        break
"""


@pytest.fixture(scope="module")
def flask_loaded_by_engine() -> dict[str, list[str]]:
    """Engine -> the Flask modules in sys.modules after importing it in a fresh interpreter (one per run, not per
    engine: 29 interpreters starting cost half a minute)."""
    loaded, remaining = {}, list(ENGINES)
    while remaining:
        result = subprocess.run([sys.executable, "-c", IMPORT_IN_TURN, *remaining], cwd=ROOT, capture_output=True,
                                text=True, check=True)
        for line in result.stdout.splitlines():
            engine, modules = json.loads(line)
            loaded[engine] = modules
        remaining = [engine for engine in remaining if engine not in loaded]
    return loaded


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_imports_without_flask(engine, flask_loaded_by_engine):
    assert flask_loaded_by_engine[engine] == [], f"importing {engine} loads Flask"


# --- package dependencies --------------------------------------------------------------------------------------

PACKAGE = ROOT / "netzwerk"
# Modules that bring every feature together by design: the factory and the list of all models for Alembic.
ASSEMBLY = {"app", "models"}
# Below every feature: imported by all, importing none.
FOUNDATION = {"common", "extensions", "config"}


def _modules():
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield parts, path


def _imported_packages(parts: tuple[str, ...], path: Path) -> set[str]:
    """The netzwerk packages a module imports anywhere in it (inside functions too)."""
    package = parts[:-1]  # what a relative import starts from, for __init__ and other modules alike
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                module = ".".join(base + ([node.module] if node.module else []))
                names = [f"{module}.{alias.name}" for alias in node.names] if not node.module else [module]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "netzwerk" and len(pieces) > 1:
                found.add(pieces[1])
    return found


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for parts, path in _modules():
        if len(parts) == 2:  # netzwerk/app.py, models.py, config.py, extensions.py: no feature package
            continue
        source = parts[1]
        targets = _imported_packages(parts, path) - {source} - ASSEMBLY
        graph.setdefault(source, set()).update(targets)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first node repeated at the end), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_common_imports_no_feature():
    graph = package_graph()
    assert graph["common"] <= FOUNDATION, sorted(graph["common"] - FOUNDATION)


def test_feature_packages_depend_on_each_other_one_way_only():
    graph = package_graph()
    cycle = _cycle({source: targets - FOUNDATION for source, targets in graph.items()})
    assert cycle is None, "package cycle: " + " -> ".join(cycle)


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
