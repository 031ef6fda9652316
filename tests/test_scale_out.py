"""Scale-out on one machine: two gunicorn servers (2 workers each) on one PostgreSQL and one Redis.

What must be shared is shared: places are counted once across both servers, the login limit is counted
across both, a feed built by one is served from the shared cache by the other, and a mail or a print job
is taken by exactly one of two workers. Runs only where PostgreSQL (TEST_DATABASE_URL) and Redis answer.
"""
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from netzwerk import create_app
from netzwerk.config import TestConfig
from netzwerk.extensions import db
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import POSTGRES_URL, postgres_schema

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv running the tests, wherever it lives
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _redis():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        return client
    except Exception:  # noqa: BLE001  (no Redis here: the test is skipped)
        return None


pytestmark = pytest.mark.skipif(not POSTGRES_URL or _redis() is None,
                                reason="needs PostgreSQL (TEST_DATABASE_URL) and Redis")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(database_uri: str, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": database_uri, "REDIS_URL": REDIS_URL, "SECRET_KEY": "scale-out-test",
            "PROXY_FIX": "1", "RATELIMIT_ENABLED": "1", "LOGIN_RATE_LIMIT": "5 per hour", "MAIL_SERVER": "",
            "FLASK_APP": "app", **extra}


def _start_server(database_uri: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--backlog", "512", "app:app"],
        cwd=ROOT, env=_environment(database_uri), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:])
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


@pytest.fixture(scope="module")
def cluster():
    """Two servers on one schema and one Redis database; yields (ports, database URI, an app for setup)."""
    redis_client = _redis()
    redis_client.flushdb()
    with postgres_schema("scale") as uri:
        app = create_app(TestConfig(uri))
        with app.app_context():
            db.create_all()
        ports = [_free_port(), _free_port()]
        servers = [_start_server(uri, port) for port in ports]
        try:
            yield ports, uri, app
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(20)
            with app.app_context():
                db.engine.dispose()
            redis_client.flushdb()


class Visitor:
    """One person's browser against one server: cookies kept, coming from its own address (via the proxy)."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-For": self.address, "Host": "localhost"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.read().decode()
        finally:
            connection.close()

    def form_token(self, path: str) -> str:
        status, page = self.request("GET", path)
        assert status == 200, f"{path}: {status}"
        return TOKEN.search(page).group(1)


def test_a_registration_race_split_across_two_servers_confirms_exactly_the_free_places(cluster):
    ports, _, app = cluster
    with app.app_context():
        network = factories.create_network(slug="rennen")
        event = factories.create_event(network, capacity=37)
        db.session.commit()
        path, event_id = f"/n/rennen/{event.id}/anmelden", event.id
    visitors = [Visitor(ports[n % 2], f"10.1.{n // 250}.{n % 250 + 1}") for n in range(200)]
    tokens = [visitor.form_token(path) for visitor in visitors]
    start = threading.Barrier(len(visitors))

    def register(n: int) -> int:
        start.wait()
        status, _ = visitors[n].request("POST", path, {
            "csrf_token": tokens[n], "given_name": "Amina", "family_name": f"Person {n}",
            "email": f"rennen{n}@example.org", "consent": "y"})
        return status

    with ThreadPoolExecutor(len(visitors)) as pool:
        statuses = list(pool.map(register, range(len(visitors))))

    assert statuses == [302] * len(visitors)
    with app.app_context():
        counts = dict(db.session.execute(select(Registration.state, func.count())
                                         .where(Registration.event_id == event_id)
                                         .group_by(Registration.state)).all())
    assert counts == {"confirmed": 37, "waitlisted": 163}


def test_the_login_limit_is_counted_across_both_servers(cluster):
    ports, _, _ = cluster
    # The limit counts in fixed windows of an hour: eight attempts that straddle the full hour would count twice.
    seconds_left = 3600 - time.time() % 3600
    if seconds_left < 90:
        time.sleep(seconds_left + 1)
    statuses = []
    for attempt in range(8):
        visitor = Visitor(ports[attempt % 2], "10.2.0.1")
        token = visitor.form_token("/anmelden")
        status, _ = visitor.request("POST", "/anmelden", {
            "csrf_token": token, "email": f"niemand{attempt}@example.org", "password": "falsch"})
        statuses.append(status)
    # LOGIN_RATE_LIMIT is 5 per hour (a window no slow run outlasts): servers with their own counters let 8 through.
    assert statuses[:5] == [422] * 5
    assert statuses[5:] == [429] * 3


def test_a_feed_built_by_one_server_is_served_from_the_shared_cache_by_the_other(cluster):
    ports, uri, app = cluster
    with app.app_context():
        network = factories.create_network(slug="kalender-geteilt")
        event = factories.create_event(network, title="Lernnetzwerktreffen Alt")
        db.session.commit()
        event_id = event.id
    first = Visitor(ports[0], "10.3.0.1").request("GET", "/n/kalender-geteilt/kalender.ics")
    assert first[0] == 200 and "Lernnetzwerktreffen Alt" in first[1]

    # Changed behind the app's back (no stamp moved): only a cached copy can still say "Alt".
    with app.app_context():
        db.session.execute(text("UPDATE event SET title = 'Lernnetzwerktreffen Neu' WHERE id = :id"), {"id": event_id})
        db.session.commit()
    second = Visitor(ports[1], "10.3.0.2").request("GET", "/n/kalender-geteilt/kalender.ics")
    assert second[0] == 200 and "Lernnetzwerktreffen Alt" in second[1]

    # Once the stamp moves, as every change through the app moves it, both servers build the new feed.
    with app.app_context():
        db.session.execute(text("UPDATE network SET calendar_changed_at = now() + interval '1 second' "
                                "WHERE slug = 'kalender-geteilt'"))
        db.session.commit()
    third = Visitor(ports[1], "10.3.0.3").request("GET", "/n/kalender-geteilt/kalender.ics")
    assert "Lernnetzwerktreffen Neu" in third[1]


def _run_twice_at_once(command: list[str], env: dict) -> list[str]:
    """The same worker command started twice at the same moment; returns both outputs."""
    processes = [subprocess.Popen([str(BIN / "flask"), *command], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for _ in range(2)]
    outputs = [process.communicate(timeout=180)[0] for process in processes]
    assert all(process.returncode == 0 for process in processes), outputs
    return outputs


def test_each_mail_is_delivered_by_exactly_one_of_two_senders(cluster):
    from aiosmtpd.controller import Controller

    _, uri, app = cluster
    received = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.content)
            return "250 OK"

    with app.app_context():
        db.session.execute(text("DELETE FROM outbox_mail"))  # the race's confirmations are not this test's
        network = factories.create_network(slug="post")
        event = factories.create_event(network)
        for _ in range(60):
            factories.create_outbox_mail(factories.create_registration(event))
        db.session.commit()
    port = _free_port()
    smtp = Controller(Collect(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        _run_twice_at_once(["send-mail", "--limit", "1000"],
                           _environment(uri, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port)))
    finally:
        smtp.stop()
    assert len(received) == 60
    message_ids = {re.search(rb"Message-ID: (\S+)", content, re.IGNORECASE).group(1) for content in received}
    assert len(message_ids) == 60


def test_each_print_job_is_rendered_by_exactly_one_of_two_workers(cluster):
    from netzwerk.badges.layouts import preset
    from netzwerk.badges.models import PrintJob
    from netzwerk.badges.services import queue_job

    _, uri, app = cluster
    with app.app_context():
        network = factories.create_network(slug="druck")
        event = factories.create_event(network)
        registrations = [factories.create_registration(event) for _ in range(2)]
        for _ in range(3):
            queue_job(event, registrations, preset("a6"), "front", None, "de")
        db.session.commit()
    outputs = _run_twice_at_once(["print-worker"], _environment(uri))
    done = sum(int(match) for output in outputs for match in re.findall(r"(\d+) print job\(s\) done", output))
    assert done == 3, outputs
    with app.app_context():
        statuses = db.session.scalars(select(PrintJob.status)).all()
    assert statuses == ["done"] * 3
