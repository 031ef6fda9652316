"""Registration throughput under gunicorn (2 workers), SQLite then PostgreSQL, against a bare endpoint.

Clients on loopback each fetch the public form (for its CSRF token) and post registrations for a bounded
time. Printed: registrations per second, p50/p99 latency, the same for a bare Flask endpoint measured in
the same run, their ratio, and a check that the event was not overbooked.

    .venv/bin/python bench/registrations.py [--seconds 10] [--clients 8] [--capacity 50]
"""
import argparse
import http.cookiejar
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database_url: str, capacity: int) -> tuple[str, int]:
    """A fresh schema with one published event; returns (public form path, event id)."""
    from datetime import date, timedelta

    from sqlalchemy import text

    from netzwerk import create_app
    from netzwerk.config import TestConfig
    from netzwerk.extensions import db
    from tests import factories

    app = create_app(TestConfig(database_url))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench"))
        db.create_all()
        network = factories.create_network(slug="bench")
        day = date.today() + timedelta(days=30)
        event = factories.create_event(network, capacity=capacity, starts_at=factories.at(day, 10),
                                       ends_at=factories.at(day, 16))
        db.session.commit()
        path, event_id = f"/n/bench/{event.id}/anmelden", event.id
        db.engine.dispose()
    return path, event_id


def serve(database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0",
           "MAIL_SERVER": ""}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "bench.bench_app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_bare", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def drive(base: str, seconds: float, clients: int, register: bool) -> list[float]:
    latencies: list[float] = []
    lock, deadline, counter = threading.Lock(), time.monotonic() + seconds, iter(range(10**9))

    def client():
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        while time.monotonic() < deadline:
            started = time.perf_counter()
            if register:
                form = opener.open(base).read().decode()
                n = next(counter)
                body = urllib.parse.urlencode({
                    "csrf_token": TOKEN.search(form).group(1), "given_name": "Bench", "family_name": f"Person {n}",
                    "email": f"bench{n}-{time.monotonic_ns()}@example.org", "consent": "y"}).encode()
                opener.open(base, body).read()
            else:
                opener.open(base).read()
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def summary(latencies: list[float], seconds: float) -> tuple[float, float, float]:
    ordered = sorted(latencies)
    return len(ordered) / seconds, statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def overbooked(database_url: str, event_id: int, capacity: int) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        confirmed = connection.execute(
            text("SELECT count(*) FROM registration WHERE event_id = :e AND state = 'confirmed'"), {"e": event_id}).scalar()
        waiting = connection.execute(
            text("SELECT count(*) FROM registration WHERE event_id = :e AND state = 'waitlisted'"), {"e": event_id}).scalar()
    engine.dispose()
    verdict = "ok" if confirmed <= capacity else "OVERBOOKED"
    return f"{confirmed} confirmed of {capacity}, {waiting} waitlisted: {verdict}"


def run(label: str, database_url: str, args) -> None:
    from netzwerk.config import with_driver

    database_url = with_driver(database_url)
    path, event_id = prepare(database_url, args.capacity)
    port = free_port()
    server = serve(database_url, port)
    try:
        bare = summary(drive(f"http://127.0.0.1:{port}/_bare", args.seconds, args.clients, False), args.seconds)
        regs = summary(drive(f"http://127.0.0.1:{port}{path}", args.seconds, args.clients, True), args.seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)
    print(f"{label:10} registrations {regs[0]:7.1f}/s  p50 {regs[1]:6.1f} ms  p99 {regs[2]:6.1f} ms")
    print(f"{'':10} bare endpoint {bare[0]:7.1f}/s  p50 {bare[1]:6.1f} ms  p99 {bare[2]:6.1f} ms")
    # One registration is three requests (form, POST, confirmation page); the bare figure is one request.
    print(f"{'':10} ratio (registration/bare): throughput {regs[0] / bare[0]:.2f}x, p50 {regs[1] / bare[1]:.1f}x")
    print(f"{'':10} {overbooked(database_url, event_id, args.capacity)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--capacity", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.sqlite", args)
    try:
        import psycopg

        psycopg.connect(POSTGRES.replace("postgresql+psycopg", "postgresql"), connect_timeout=2).close()
    except Exception:  # noqa: BLE001  (no PostgreSQL here: SQLite only)
        print("PostgreSQL not reachable: skipped")
        return
    run("PostgreSQL", f"{POSTGRES}?options=-csearch_path%3Dbench", args)


if __name__ == "__main__":
    main()
