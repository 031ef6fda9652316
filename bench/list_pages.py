"""Workspace list pages: time and SQL statements per request with a small and a large database.

Prints, for each list page, the ratio of its time at LARGE rows to its time at SMALL rows (one full page of
50), both measured
in this run (the machines are noisy, so only ratios count). A page that loads per row grows with the
data; a page that pages and preloads stays near 1.0x.

    .venv/bin/python bench/list_pages.py [--small 50] [--large 2000] [--repeat 30]
"""
import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netzwerk import create_app  # noqa: E402
from netzwerk.config import TestConfig  # noqa: E402
from netzwerk.extensions import db  # noqa: E402
from netzwerk.networks.models import Network  # noqa: E402,F401
from tests import factories  # noqa: E402

PAGES = ["/manage/kommunen", "/manage/organisationen", "/manage/personen", "/manage/veranstaltungen", "/manage/netzwerke"]


def add_networks(rows: int) -> None:
    """Only before the network list: other pages offer every network in their filters, as they should."""
    db.session.add_all(Network(name=f"Netzwerk {i}", slug=f"netzwerk-b{i}") for i in range(rows - 1))
    db.session.commit()


def fill(rows: int) -> None:
    """rows of each kind in one network; networks themselves are added by add_networks, measured last."""
    network = factories.create_network(slug="bench")
    kommunen = [factories.create_kommune(name=f"Kommune {i}") for i in range(rows)]
    for kommune in kommunen:
        factories.create_membership(network, kommune)
    organisations = [factories.create_organisation(network, name=f"Organisation {i}", kommune=kommunen[i % len(kommunen)])
                     for i in range(rows)]
    db.session.add_all(
        factories.Person(network=network, given_name="Vorname", family_name=f"Name {i}", email=f"p{i}@example.org",
                         organisation=organisations[i % len(organisations)]) for i in range(rows))
    start = factories.at(factories.date.today(), 10)
    db.session.add_all(
        factories.Event(network=network, kind="Netzwerktreffen", title=f"Treffen {i}", starts_at=start,
                        ends_at=start + timedelta(hours=3), status="published") for i in range(rows))
    factories.create_user(email="bench@example.org", role="admin")
    db.session.commit()


def measure(rows: int, repeat: int) -> dict[str, tuple[float, int]]:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig(f"sqlite:///{folder}/bench.sqlite"))
        app.config["WTF_CSRF_ENABLED"] = False
        with app.app_context():
            db.create_all()
            fill(rows)
            client = app.test_client()
            client.post("/anmelden", data={"email": "bench@example.org", "password": factories.PASSWORD})
            results = {}
            for url in PAGES:
                if url == "/manage/netzwerke":
                    add_networks(rows)
                statements = []
                listener = lambda *args, counted=statements: counted.append(1)  # noqa: E731
                event.listen(db.engine, "before_cursor_execute", listener)
                assert client.get(url).status_code == 200, url
                event.remove(db.engine, "before_cursor_execute", listener)
                timings = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    client.get(url)
                    timings.append(time.perf_counter() - started)
                results[url] = (statistics.median(timings), len(statements))
            db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    small, large = measure(args.small, args.repeat), measure(args.large, args.repeat)
    print(f"{'page':28} {'ms @' + str(args.small):>9} {'ms @' + str(args.large):>10} {'ratio':>7} {'SQL':>9}")
    for url in PAGES:
        (t_small, q_small), (t_large, q_large) = small[url], large[url]
        print(f"{url:28} {t_small * 1000:9.1f} {t_large * 1000:10.1f} {t_large / t_small:6.2f}x {q_small:>4}/{q_large:<4}")


if __name__ == "__main__":
    main()
