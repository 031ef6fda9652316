"""Calendar feeds: building cost against bare icalendar, and serving cost against a bare endpoint.

1. A network with 1,000 events (3 agenda items each): the feed built through the app (cache emptied before
   every request) against serialising the same data with icalendar directly, in the same run (target <= 1.3x).
2. Under gunicorn (2 workers): repeated GETs of the unchanged feed (gzip, as calendar clients ask, and
   uncompressed) and conditional GETs (304) against a bare Flask endpoint returning a constant string, in
   the same run (target >= 0.5x).

    .venv/bin/python bench/feeds.py [--events 1000] [--seconds 5] [--clients 8]
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.registrations import free_port  # noqa: E402


def fill(events: int) -> None:
    from netzwerk.extensions import db
    from tests import factories

    network = factories.create_network(slug="bench", name="Bench-Netzwerk")
    first = date.today() + timedelta(days=1)
    for n in range(events):
        day = first + timedelta(days=n % 300)
        event = factories.Event(network=network, kind="Netzwerktreffen", title=f"Treffen {n}; Köln, Düren",
                                starts_at=factories.at(day, 10), ends_at=factories.at(day, 16), status="published",
                                venue_name="Rathaus", venue_address="Markt 1\n52349 Düren", latitude=50.8, longitude=6.48)
        event.agenda_items = [factories.AgendaItem(title=f"Punkt {i}", kind="Vortrag", starts_at=factories.at(day, 10 + i))
                              for i in range(3)]
        db.session.add(event)
    db.session.commit()


def bare_icalendar(events) -> bytes:
    """The same events serialised with icalendar directly: the floor for what building a feed can cost."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    calendar = Calendar()
    calendar.add("prodid", "-//bench//")
    calendar.add("version", "2.0")
    for event in events:
        entry = VEvent()
        entry.add("uid", event.uid)
        entry.add("sequence", event.sequence)
        entry.add("dtstamp", event.updated_at)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("summary", event.title)
        entry.add("location", f"{event.venue_name}, {event.venue_address}".replace("\n", ", "))
        entry.add("geo", (event.latitude, event.longitude))
        entry.add("description", "\n".join(item.title for item in event.agenda_items))
        entry.add("categories", [event.kind])
        entry.add("status", "CONFIRMED")
        calendar.add_component(entry)
    return calendar.to_ical()


def median_seconds(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def building(events: int, repeat: int, database: str) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from netzwerk import create_app
    from netzwerk.config import TestConfig

    app = create_app(TestConfig(database))  # first: it imports every model in a safe order
    from netzwerk.events.models import Event
    from netzwerk.extensions import cache, db

    with app.app_context():
        db.create_all()
        fill(events)
        client = app.test_client()

        def through_app():
            cache.clear()
            response = client.get("/n/bench/kalender.ics")
            assert response.status_code == 200 and response.data.count(b"BEGIN:VEVENT") >= events

        def bare():
            rows = db.session.scalars(select(Event).options(selectinload(Event.agenda_items))).all()
            bare_icalendar(rows)
            db.session.expire_all()

        app_time, bare_time = median_seconds(through_app, repeat), median_seconds(bare, repeat)
        print(f"build {events} events: app {app_time * 1000:.0f} ms, bare icalendar {bare_time * 1000:.0f} ms, "
              f"ratio {app_time / bare_time:.2f}x (target <= 1.3x)")
        db.engine.dispose()


def serving(seconds: float, clients: int, database: str) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0", "MAIL_SERVER": ""}
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "bench.bench_app:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/_bare", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        etag = urllib.request.urlopen(f"{base}/n/bench/kalender.ics").headers["ETag"]
        bare = rate(f"{base}/_bare", {}, seconds, clients)
        gzipped = rate(f"{base}/n/bench/kalender.ics", {"Accept-Encoding": "gzip"}, seconds, clients)
        plain = rate(f"{base}/n/bench/kalender.ics", {}, seconds, clients)
        conditional = rate(f"{base}/n/bench/kalender.ics", {"If-None-Match": etag}, seconds, clients)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)
    print(f"serve (target >= 0.5x): bare {bare:.0f}/s; unchanged feed with Accept-Encoding: gzip, as calendar "
          f"clients ask, {gzipped:.0f}/s ({gzipped / bare:.2f}x); uncompressed {plain:.0f}/s ({plain / bare:.2f}x); "
          f"conditional 304 {conditional:.0f}/s ({conditional / bare:.2f}x)")


def rate(url: str, headers: dict, seconds: float, clients: int) -> float:
    done, lock, deadline = [0], threading.Lock(), time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(urllib.request.Request(url, headers=headers)).read()
            except urllib.error.HTTPError as error:  # 304 arrives as an "error" in urllib
                assert error.code == 304
            with lock:
                done[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{folder}/feeds.sqlite"
        building(args.events, args.repeat, database)
        serving(args.seconds, args.clients, database)


if __name__ == "__main__":
    main()
