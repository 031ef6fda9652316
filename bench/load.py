"""A registration rush on PostgreSQL under gunicorn: 200 clients at once, against a bare endpoint.

Every client is one visitor: it opens the public form (GET, for its session cookie and CSRF token) and
registers (POST). Figures are for the POST, which is where places are counted. Three runs, all in the
same run of this script, so that the machine's noise cancels out in the ratios:

- bare: the same gunicorn serving a one-line endpoint (the ceiling of this machine and server);
- one hot event: all clients register for one event (its capacity below the number of clients, so the
  waiting list is used and overselling would show);
- spread: the same load over 50 events of one network.

The network has 25 member Kommunen and 75 organisations, which the form offers in its selects.

Each run is waves of 200 clients (GET all, then POST all at once) for a bounded time (20 s by default).
Printed: POST rate, p50/p99 latency, errors, and per event whether more were confirmed than places; and the CPU
time spent during the POST phases per POST: gunicorn workers, their PostgreSQL backends, these clients, and the
rest of the machine (other processes).

    .venv/bin/python bench/load.py [--clients 200] [--seconds 20] [--workers 4] [--threads 1]
"""
import argparse
import asyncio
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.registrations import free_port  # noqa: E402

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TOKEN = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
COOKIE = re.compile(rb"^set-cookie: ([^;]+)", re.IGNORECASE | re.MULTILINE)
SCHEMA = "bench_load"


def prepare(database_url: str, events: int, capacity: int, schema: str = SCHEMA) -> list[tuple[int, str]]:
    """A fresh schema (PostgreSQL) with one network and `events` published events; returns (event id, form path)."""
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
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        db.create_all()
        network = factories.create_network(slug="rush")
        # A network as the form meets it: member Kommunen and partner organisations in its selects.
        for n in range(25):
            kommune = factories.create_kommune(name=f"Kreis {n:02}")
            factories.create_membership(network, kommune)
            for kind in ("Jobcenter", "Agentur für Arbeit", "Kommunalverwaltung"):
                factories.create_organisation(network, name=f"{kind} Kreis {n:02}", type=kind, kommune_id=kommune.id)
        day = date.today() + timedelta(days=30)
        rows = [factories.create_event(network, title=f"Migrationsmesse {n}", capacity=capacity,
                                       starts_at=factories.at(day, 10), ends_at=factories.at(day, 16))
                for n in range(events)]
        db.session.commit()
        paths = [(event.id, f"/n/rush/{event.id}/anmelden") for event in rows]
        db.engine.dispose()
    return paths


def serve(database_url: str, port: int, workers: int, worker_options: tuple[str, ...] = ()) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": "0",
           "MAIL_SERVER": "", "NETZWERK_ACCESS_LOG": "0"}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), *worker_options,
         "-b", f"127.0.0.1:{port}", "--backlog", "2048", "bench.bench_app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            asyncio.run(request("127.0.0.1", port, b"GET /_bare HTTP/1.1\r\nHost: x\r\n\r\n"))
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


async def request(host: str, port: int, raw: bytes) -> tuple[int, bytes, bytes]:
    """One HTTP/1.1 exchange on a fresh connection (gunicorn's sync workers close it anyway)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = re.search(rb"content-length: (\d+)", head, re.IGNORECASE)
        body = await reader.readexactly(int(length.group(1))) if length else await reader.read()
        return status, head, body
    finally:
        writer.close()


TICKS = os.sysconf("SC_CLK_TCK")
APPLICATION_NAME = "bench_load"  # marks the app's PostgreSQL backends, whose CPU time is counted


def _process_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # gone
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


class CpuMeter:
    """CPU seconds so far of the gunicorn workers, their PostgreSQL backends, this process, and the whole machine."""

    def __init__(self, server: subprocess.Popen, database_url: str):
        self.server, self.database_url, self.workers, self.backends = server, database_url, [], []

    def find_processes(self) -> None:
        from sqlalchemy import create_engine, text

        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children").read_text().split()
        self.workers = [self.server.pid, *map(int, children)]
        engine = create_engine(self.database_url.split("?")[0])
        with engine.connect() as connection:
            self.backends = list(connection.scalars(text(
                "SELECT pid FROM pg_stat_activity WHERE application_name = :name"), {"name": APPLICATION_NAME}))
        engine.dispose()

    def sample(self) -> dict[str, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        busy = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        machine = sum(int(busy[i]) for i in (0, 1, 2, 5, 6, 7)) / TICKS  # all but idle and iowait
        return {"app": sum(map(_process_seconds, self.workers)), "db": sum(map(_process_seconds, self.backends)),
                "clients": usage.ru_utime + usage.ru_stime, "machine": machine}


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict = field(default_factory=dict)  # unexpected status -> count
    ready: int = 0  # visitors of the current wave holding their form (or failed)
    post_seconds: float = 0.0  # wall time of the POST phases only
    cpu: dict = field(default_factory=dict)  # CPU seconds during the POST phases: app, db, clients, machine


async def visitor(port: int, path: str, n: int, go: asyncio.Event, run: Run, bare: bool) -> None:
    if bare:
        await go.wait()
        started = time.perf_counter()
        status, _, _ = await request("127.0.0.1", port, b"GET /_bare HTTP/1.1\r\nHost: x\r\n\r\n")
        run.latencies.append(time.perf_counter() - started)
        run.errors += status != 200
        return
    status, head, body = await request("127.0.0.1", port, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    token, cookie = TOKEN.search(body), COOKIE.search(head)
    if status != 200 or not token or not cookie:
        run.errors += 1
        run.ready += 1
        return
    form = urllib.parse.urlencode({
        "csrf_token": token.group(1).decode(), "given_name": "Amina", "family_name": f"Besucherin {n}",
        "email": f"rush{n}-{time.monotonic_ns()}@example.org", "consent": "y"}).encode()
    raw = (f"POST {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie.group(1).decode()}\r\n"
           f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(form)}\r\n\r\n").encode() + form
    run.ready += 1
    await go.wait()
    started = time.perf_counter()
    status, _, _ = await request("127.0.0.1", port, raw)
    run.latencies.append(time.perf_counter() - started)
    if status != 302:
        run.errors += 1
        run.statuses[status] = run.statuses.get(status, 0) + 1


async def rush(port: int, paths: list[str], clients: int, seconds: float, bare: bool, into: Run,
               meter: CpuMeter) -> Run:
    run, deadline, counter = into, time.monotonic() + seconds, len(into.latencies) + into.errors
    while time.monotonic() < deadline:
        go = asyncio.Event()
        tasks = [asyncio.create_task(visitor(port, paths[(counter + i) % len(paths)], counter + i, go, run, bare))
                 for i in range(clients)]
        counter += clients
        while not bare and run.ready < clients:
            await asyncio.sleep(0.005)
        run.ready = 0
        before = meter.sample()
        started = time.perf_counter()
        go.set()
        await asyncio.gather(*tasks)
        run.post_seconds += time.perf_counter() - started
        for name, value in meter.sample().items():
            run.cpu[name] = run.cpu.get(name, 0.0) + value - before[name]
    return run


def figures(run: Run) -> tuple[float, float, float]:
    ordered = sorted(run.latencies)
    p99 = ordered[max(int(len(ordered) * 0.99) - 1, 0)]
    return len(ordered) / run.post_seconds, statistics.median(ordered) * 1000, p99 * 1000


def oversold(database_url: str, event_ids: list[int], capacity: int) -> tuple[int, int, int]:
    """(events with more confirmed than places, confirmed, waitlisted)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT event_id, sum(CASE WHEN state='confirmed' THEN 1 ELSE 0 END),"
            " sum(CASE WHEN state='waitlisted' THEN 1 ELSE 0 END) FROM registration"
            " WHERE event_id = ANY(:ids) GROUP BY event_id"), {"ids": event_ids}).all()
    engine.dispose()
    return (sum(1 for _, confirmed, _ in rows if confirmed > capacity),
            sum(row[1] for row in rows), sum(row[2] for row in rows))


def line(label: str, run: Run, baseline: float | None = None) -> str:
    rate, p50, p99 = figures(run)
    ratio = f"  {rate / baseline:5.2f}x of bare" if baseline else ""
    per_request = {name: seconds * 1000 / max(len(run.latencies), 1) for name, seconds in run.cpu.items()}
    other = per_request["machine"] - per_request["app"] - per_request["db"] - per_request["clients"]
    return (f"{label:16} {rate:7.1f}/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
            f"{len(run.latencies):5} requests  {run.errors} errors{ratio}"
            + (f" {run.statuses}" if run.statuses else "")
            + f"\n{'':16} CPU ms per request: app {per_request['app']:.2f}, PostgreSQL {per_request['db']:.2f}, "
              f"clients {per_request['clients']:.2f}, other processes {other:.2f}; machine busy "
              f"{run.cpu['machine'] / run.post_seconds / os.cpu_count():.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="more than 1: gunicorn's gthread workers")
    args = parser.parse_args()

    from netzwerk.config import with_driver

    database_url = with_driver(f"{POSTGRES}?options=-csearch_path%3D{SCHEMA}&application_name={APPLICATION_NAME}")
    # Capacity: the hot event overflows into its waiting list in the first wave; spread events don't.
    capacity = args.clients * 3 // 4
    slice_seconds = args.seconds / args.rounds
    threads = f" --threads {args.threads}" if args.threads > 1 else ""
    print(f"PostgreSQL, gunicorn -w {args.workers}{threads}, {args.clients} clients at once; each run {args.seconds:.0f} s "
          f"in {args.rounds} interleaved slices, so that the machine's drift hits all three alike")
    targets = prepare(database_url, 51, capacity)
    hot, spread = targets[:1], targets[1:]
    runs = {label: Run() for label in ("bare endpoint", "one hot event", "spread over 50")}
    port = free_port()
    server = serve(database_url, port, args.workers, ("--threads", str(args.threads)) if args.threads > 1 else ())
    meter = CpuMeter(server, database_url)
    try:
        for _ in range(args.rounds):
            for label, paths, bare in (("bare endpoint", ["/_bare"], True),
                                       ("one hot event", [path for _, path in hot], False),
                                       ("spread over 50", [path for _, path in spread], False)):
                meter.find_processes()  # workers' pools open connections as they need them
                asyncio.run(rush(port, paths, args.clients, slice_seconds, bare, into=runs[label], meter=meter))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:  # a busy machine: the workers' graceful stop takes too long
            server.kill()
            server.wait()

    bare_rate = figures(runs["bare endpoint"])[0]
    print(line("bare endpoint", runs["bare endpoint"]))
    for label, events in (("one hot event", hot), ("spread over 50", spread)):
        print(line(label, runs[label], bare_rate))
        events_over, confirmed, waiting = oversold(database_url, [event_id for event_id, _ in events], capacity)
        print(f"{'':16} {confirmed} confirmed, {waiting} waitlisted, oversold events: {events_over}")
    ratio = figures(runs["one hot event"])[0] / figures(runs["spread over 50"])[0]
    print(f"hot/spread rate ratio: {ratio:.2f} (goal >= 0.8)")
    print("goals: >= 300 registrations/s, p99 <= 250 ms, 0 errors, 0 oversold")


if __name__ == "__main__":
    main()
