"""The code's shape: pure engines import without Flask."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Plain data in, plain data out: command lines, print workers and benchmarks import these without the app.
ENGINES = (
    "netzwerk.tables.assign", "netzwerk.tables.bounds", "netzwerk.tables.design", "netzwerk.tables.instance",
    "netzwerk.tables.metrics", "netzwerk.tables.search", "netzwerk.tables.sizes", "netzwerk.tables.cli",
    "netzwerk.fair.schedule", "netzwerk.fair.instance", "netzwerk.fair.matching", "netzwerk.fair.timetable",
    "netzwerk.fair.suggest", "netzwerk.fair.placement", "netzwerk.fair.floorplan", "netzwerk.fair.cli",
    "netzwerk.calendar.ical",
    "netzwerk.badges.layouts", "netzwerk.badges.namefit", "netzwerk.badges.qr", "netzwerk.badges.render",
    "netzwerk.common.text", "netzwerk.common.timing",
    "netzwerk",
)


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_imports_without_flask(engine):
    script = f"import sys, {engine}; print(sorted(name for name in sys.modules if name.split('.')[0] == 'flask'))"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", f"importing {engine} loads Flask"
