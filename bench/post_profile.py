"""One registration POST in-process: CPU ms and SQL statements per POST, optionally where the CPU goes (cProfile).

The same data as bench/load.py (a network with 25 Kommunen and 75 organisations in the form's selects; one event
whose waiting list fills), the app configured as gunicorn runs it in that bench. Each visitor loads the form
(GET, untimed) and posts it; the POST is timed in process CPU time (the database's CPU is not counted).

    .venv/bin/python bench/post_profile.py [--sqlite] [--posts 300] [--profile] [--limiter]
"""
import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.load import POSTGRES, prepare  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SCHEMA = "bench_post_profile"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="print the top functions by own and total time")
    parser.add_argument("--limiter", action="store_true", help="rate limits on, counted in the database")
    parser.add_argument("--capacity", type=int, default=150)
    args = parser.parse_args()

    # Config reads the environment when netzwerk.config is first imported (prepare() imports it).
    os.environ.update(SECRET_KEY="bench", MAIL_SERVER="", NETZWERK_ACCESS_LOG="0",
                      RATELIMIT_ENABLED="1" if args.limiter else "0", RATELIMIT_STORAGE_URI="database://")
    from netzwerk.config import with_driver

    if args.sqlite:
        database_url = f"sqlite:///{tempfile.mkdtemp()}/profile.sqlite"
    else:
        database_url = with_driver(f"{POSTGRES}?options=-csearch_path%3D{SCHEMA}")
    (event_id, path), = prepare(database_url, 1, args.capacity, schema=SCHEMA)
    os.environ["DATABASE_URL"] = database_url
    from sqlalchemy import event

    from netzwerk import create_app
    from netzwerk.extensions import db

    app = create_app()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    profiler = cProfile.Profile(time.process_time)  # CPU only: waiting for the database is not counted
    cpu, wall, counts = [], [], []
    for n in range(args.posts):
        client = app.test_client()
        page = client.get(path)
        token = TOKEN.search(page.get_data(as_text=True)).group(1)
        form = {"csrf_token": token, "given_name": "Amina", "family_name": f"Besucherin {n}",
                "email": f"profile{n}-{time.monotonic_ns()}@example.org", "consent": "y",
                "REMOTE_ADDR": f"10.0.{n // 250}.{n % 250}"}
        environ = {"REMOTE_ADDR": form.pop("REMOTE_ADDR")}
        statements.clear()
        started_cpu, started = time.process_time(), time.perf_counter()
        if args.profile and n >= 20:
            profiler.enable()
        response = client.post(path, data=form, environ_base=environ)
        profiler.disable()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
        counts.append(len(statements))
        assert response.status_code == 302, (response.status_code, response.get_data(as_text=True)[:2000])
        if n == args.posts - 1:
            last = list(statements)
    warm = slice(20, None)  # the first posts fill caches and connection pools
    print(f"{'SQLite' if args.sqlite else 'PostgreSQL'}, {args.posts} POSTs (first 20 not counted), "
          f"rate limits {'on (database)' if args.limiter else 'off'}")
    print(f"CPU per POST: median {statistics.median(cpu[warm]) * 1000:.2f} ms, mean {statistics.mean(cpu[warm]) * 1000:.2f} ms;"
          f" wall median {statistics.median(wall[warm]) * 1000:.2f} ms; SQL statements per POST: {sorted(set(counts[warm]))}")
    for statement in last:
        print("   ", " ".join(statement.split())[:160])
    if args.profile:
        (ROOT / "bench/results").mkdir(exist_ok=True)
        profiler.dump_stats(str(ROOT / "bench/results/post.prof"))
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(45)
            print(out.getvalue())


if __name__ == "__main__":
    main()
