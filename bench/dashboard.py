"""The network dashboard against the plain event list page, in the same run.

A network with 50 past events and 5,000 registrations (12 Kommunen in two phases, six organisation types, table
plans, a fair with 300 recorded outcomes). Prints, for the dashboard, the start page and the event list: the
median time of --repeat requests and the SQL statements per request, and the dashboard's ratio to the event list
(goal: at most 3x), once as it is served again and again (the counts of events that are over come from the cache)
and once with the cache emptied before every request (the first view after a change). Only ratios count: the
machine is shared.

    .venv/bin/python bench/dashboard.py [--events 50] [--registrations 5000] [--repeat 20] [--database-url URL]
"""
import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netzwerk import create_app  # noqa: E402
from netzwerk.config import TestConfig  # noqa: E402
from netzwerk.extensions import cache, db  # noqa: E402
from netzwerk.fair.models import Exhibitor, FairOutcome, VisitorProfile  # noqa: E402
from netzwerk.registrations.models import Registration  # noqa: E402
from netzwerk.tables.models import TablePlan  # noqa: E402
from tests import factories  # noqa: E402

TYPES = ("Jobcenter", "IHK", "Wohlfahrtsverband", "Kommunalverwaltung", "Bildungsträger", "Unternehmen")
STATES = ("attended",) * 6 + ("confirmed",) * 2 + ("cancelled", "waitlisted")
OUTCOMES = ("nichts", "Praktikum", "Einstiegsqualifizierung", "Ausbildung", "Stelle")


def fill(events: int, registrations: int) -> int:
    rng = random.Random(7)
    network = factories.create_network(slug="bench")
    kommunen = [factories.create_kommune(name=f"Kommune {i}") for i in range(12)]
    for i, kommune in enumerate(kommunen):
        factories.create_membership(network, kommune, phase="Pilotkommunen" if i < 4 else "2. Phase")
    rows = []
    created = []
    for i in range(events):
        day = date.today() - timedelta(days=7 * (events - i))
        kind = "Migrationsmesse" if i == events - 1 else "Netzwerktreffen"
        created.append(factories.create_event(network, title=f"Treffen {i}", kind=kind, capacity=120,
                                              starts_at=factories.at(day, 10), ends_at=factories.at(day, 16)))
    for n in range(registrations):
        target = created[n % events]
        day = target.starts_at - timedelta(days=rng.randint(1, 40))
        rows.append({"event_id": target.id, "state": rng.choice(STATES), "given_name": "Vorname",
                     "family_name": f"Name {n}", "email": f"r{n}@example.org",
                     "kommune_id": rng.choice(kommunen).id, "organisation_type": rng.choice(TYPES),
                     "token_hash": f"{n:064d}", "checkin_code": f"B{n:010d}", "created_at": day, "updated_at": day})
    db.session.execute(insert(Registration), rows)
    for target in created[:: max(events // 10, 1)]:
        db.session.add(TablePlan(event_id=target.id, solved_at=target.starts_at,
                                 metrics={"repeated_encounters": 1, "same_kommune": 9, "same_type": 4},
                                 lower_bounds={"repeated_encounters": 0, "same_kommune": 7, "same_type": 4}))
    fair = created[-1]
    exhibitors = [factories.create_exhibitor(fair, sector=sector) for sector in ("Pflege", "Bau", "Logistik", "IT")]
    visitors = db.session.scalars(Registration.__table__.select().with_only_columns(Registration.id)
                                  .where(Registration.event_id == fair.id).limit(75)).all()
    for registration_id in visitors:
        db.session.add(VisitorProfile(registration_id=registration_id, german_level=rng.choice(("A2", "B1", "B2"))))
        for exhibitor in exhibitors:
            db.session.add(FairOutcome(event_id=fair.id, exhibitor_id=exhibitor.id, registration_id=registration_id,
                                       outcome=rng.choice(OUTCOMES), recorded_by="exhibitor"))
    factories.create_user(email="bench@example.org", role="admin")
    db.session.commit()
    assert db.session.query(Exhibitor).count() == 4
    return network.id


def timed(client, url: str, repeat: int, cold: bool = False) -> tuple[float, int]:
    """Median time and SQL statements of a request; cold: the cache emptied before each one (not timed)."""
    statements = []
    listener = lambda *args, counted=statements: counted.append(1)  # noqa: E731
    if cold:
        cache.clear()
    event.listen(db.engine, "before_cursor_execute", listener)
    response = client.get(url)
    event.remove(db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig(args.database_url or f"sqlite:///{folder}/bench.sqlite"))
        app.config["WTF_CSRF_ENABLED"] = False
        with app.app_context():
            db.create_all()
            try:
                network_id = fill(args.events, args.registrations)
                client = app.test_client()
                client.post("/anmelden", data={"email": "bench@example.org", "password": factories.PASSWORD})
                dashboard = f"/manage/netzwerke/{network_id}/dashboard"
                pages = {"event list (baseline)": "/manage/veranstaltungen",
                         "start page (overview)": "/manage/",
                         "network dashboard": dashboard,
                         "dashboard, cache cold": dashboard}
                # Interleaved rounds, so that the machine's drift hits every page alike.
                results = {name: [] for name in pages}
                counts = {}
                for _round in range(3):
                    for name, url in pages.items():
                        median, statements = timed(client, url, args.repeat, cold=name.endswith("cold"))
                        results[name].append(median)
                        counts[name] = statements
            finally:
                db.session.remove()
                if args.database_url:
                    db.drop_all()
                db.engine.dispose()
    baseline = statistics.median(results["event list (baseline)"])
    print(f"{args.events} events, {args.registrations:,} registrations; median of {args.repeat} requests x 3 rounds")
    print(f"{'page':<24} {'time':>9} {'ratio':>7} {'SQL statements':>15}")
    for name in pages:
        median = statistics.median(results[name])
        print(f"{name:<24} {median * 1000:>7.1f}ms {median / baseline:>6.2f}x {counts[name]:>15}")
    for name in ("network dashboard", "dashboard, cache cold"):
        ratio = statistics.median(results[name]) / baseline
        print(f"{name} / event list: {ratio:.2f}x (goal <= 3x): {'met' if ratio <= 3 else 'NOT met'}")


if __name__ == "__main__":
    main()
