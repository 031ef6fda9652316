"""Fixtures in flaskr's shape (app, client, runner, auth) on SQLite, or PostgreSQL with TEST_DATABASE_URL.

Each test session gets its own database (a temp SQLite file, or a fresh PostgreSQL schema), the tables are
created once, and every test starts from empty tables.
"""
import io
import os
import re
import sqlite3
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager, redirect_stderr, redirect_stdout

import flask_babel
import pytest
from flask import g
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from netzwerk import create_app
from netzwerk.config import TestConfig, with_driver
from netzwerk.extensions import cache, db, limiter

from . import factories

# "Today" in the tests is the day in Berlin, as the app counts days (common.timing.today): between 23:00 and midnight
# UTC the machine's date.today() would be yesterday there, and tests of "today's events" failed at that hour.
os.environ["TZ"] = "Europe/Berlin"
time.tzset()

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


@event.listens_for(Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, _record):
    """No fsync at each commit of a test's SQLite file (production keeps SQLite's default): no test is about
    surviving a power cut, and the suite commits thousands of times."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory):
    with fresh_database(tmp_path_factory.mktemp("db"), "test") as uri:
        yield uri


@contextmanager
def fresh_database(folder, name: str):
    """An empty database: a SQLite file in `folder`, or a fresh schema on TEST_DATABASE_URL, dropped afterwards."""
    if not POSTGRES_URL:
        yield f"sqlite:///{folder / f'{name}.sqlite'}"
        return
    with postgres_schema(name) as uri:
        yield uri


@contextmanager
def postgres_schema(prefix: str):
    """A fresh schema on TEST_DATABASE_URL, dropped afterwards; yields a URI whose search_path points at it."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    url = with_driver(POSTGRES_URL)
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        # A commit need not wait for its WAL to reach the disk: the suite commits thousands of times, and no test
        # is about surviving a crash of the server.
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}%20-csynchronous_commit%3Doff"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def empty_database_uri(tmp_path):
    """A database with no tables at all, for tests of the migrations."""
    with fresh_database(tmp_path, "empty") as uri:
        yield uri


def pytest_configure(config):
    config.addinivalue_line("markers", "own_app: the test changes the app itself (adds routes), so it gets an app "
                                       "of its own rather than the one the session shares")


# Fixtures that reach the database under test (TEST_DATABASE_URL or the session's SQLite file).
DATABASE_FIXTURES = {"app", "_session_app", "_tables", "database_uri", "empty_database_uri"}


# The modules that take longest (`pytest --durations`), longest first. `make test` hands out whole modules
# (`--dist loadscope`: a module's costly fixtures, the demo site, the gunicorn cluster, are built on one worker only),
# and with these first the two workers end together instead of one finishing a long crawl alone.
SLOW_MODULES = ("test_accessibility", "test_browser_languages", "test_tables_engine", "test_fuzz_public",
                "test_registrations_concurrency", "test_migrations", "test_browser_reaching_people", "test_browser",
                "test_browser_after_meeting", "test_demo", "test_online_meetings", "test_hostile_input")


def pytest_collection_modifyitems(config, items):
    """A test marked db_independent may not use the database under test: the PostgreSQL run of `make test` leaves
    it out (`-m "not db_independent"`), so it runs once per `make test` instead of twice."""
    wrong = [item.nodeid for item in items
             if item.get_closest_marker("db_independent") and DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if wrong:
        raise pytest.UsageError("marked db_independent but using the database: " + ", ".join(wrong))
    rank = {name: place for place, name in enumerate(SLOW_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # a stable sort: the order within a module is kept


@pytest.fixture(scope="session")
def _session_app(database_uri):
    """The app every test of this session (each xdist worker) shares: built once, with the tables."""
    app = _test_app(database_uri)
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="session")
def _tables(_session_app):
    return _session_app.config["SQLALCHEMY_DATABASE_URI"]


def _test_app(database_uri: str):
    app = create_app(TestConfig(database_uri))
    # Tests keep one app context open, which Flask reuses for every request (sharing `g`):
    # forget the cached locale so each request chooses its language as in production.
    app.before_request(flask_babel.refresh)
    # ... and forget the user Flask-Login loaded for the previous request, so that each request is logged in
    # only by its own cookies (a logout or a revoked session must show in the very next request).
    app.before_request(_forget_loaded_user)
    return app


@pytest.fixture
def app(request, _session_app):
    """The session's app in an app context of the test's own; afterwards empty tables, cache and settings as
    TestConfig has them. A test marked own_app gets a new app on the same tables."""
    app = _session_app
    if request.node.get_closest_marker("own_app"):
        app = _test_app(app.config["SQLALCHEMY_DATABASE_URI"])
    # Flask-Limiter has one on/off switch for all apps, set by the latest app built: a test's own app with
    # rate limits may have turned it on.
    limiter.init_app(app)
    settings = dict(app.config)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_all_tables()
        cache.clear()
        if app is not _session_app:
            db.engine.dispose()
    app.config.clear()
    app.config.update(settings)


def _forget_loaded_user() -> None:
    g.pop("_login_user", None)


def _empty_all_tables() -> None:
    # DELETE, children first, on both databases: with a few rows per table it is many times faster than
    # PostgreSQL's TRUNCATE of every table, which rewrites their files after each test. PostgreSQL takes them all
    # in one round trip; SQLite's driver runs one statement per call.
    tables = reversed(db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("; ".join(f'DELETE FROM "{table.name}"' for table in tables))
        else:
            for table in tables:
                connection.execute(table.delete())


class RowSnapshot:
    """Every row of the test database, copied aside once (into a schema of its own on PostgreSQL, an attached file
    on SQLite) and put back into the emptied tables of a later test in one statement per table: for data that is
    slow to build (the demo) and that many tests read."""

    def __init__(self, folder):
        self.postgres = db.engine.dialect.name == "postgresql"
        self.name = f"snapshot_{uuid.uuid4().hex[:12]}"
        self.file = folder / f"{self.name}.sqlite"

    def take(self) -> None:
        with self._connection() as connection:
            if self.postgres:
                connection.execute(text(f'CREATE SCHEMA "{self.name}"'))
            for table in db.metadata.sorted_tables:
                connection.execute(text(f'CREATE TABLE "{self.name}"."{table.name}" AS SELECT * FROM "{table.name}"'))

    def restore(self) -> None:
        with self._connection() as connection:
            for table in db.metadata.sorted_tables:
                connection.execute(text(f'INSERT INTO "{table.name}" SELECT * FROM "{self.name}"."{table.name}"'))
                if self.postgres:  # the next row a test adds takes the next free id
                    for column in table.primary_key.columns:
                        if column.autoincrement is True or (column.autoincrement == "auto" and column.type.python_type is int):
                            connection.execute(text(
                                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), m) "
                                f'FROM (SELECT max("{column.name}") AS m FROM "{table.name}") AS highest WHERE m IS NOT NULL'))

    def drop(self) -> None:
        if self.postgres:
            with db.engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))
        db.engine.dispose()

    @contextmanager
    def _connection(self):
        with db.engine.connect() as connection:
            if not self.postgres:
                connection.exec_driver_sql(f"ATTACH DATABASE ? AS \"{self.name}\"", (str(self.file),))
            try:
                yield connection
                connection.commit()
            finally:
                if not self.postgres:
                    connection.rollback()
                    connection.exec_driver_sql(f'DETACH DATABASE "{self.name}"')
                    connection.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


class Browser:
    """The test client as a user sees it: open a page, fill its form (CSRF token included), submit."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def submit(self, url, data=None, form_url=None, **kwargs):
        page = self.client.get(form_url or url)
        assert page.status_code == 200, f"form page {form_url or url} gave {page.status_code}"
        payload = {"csrf_token": csrf_from(page.get_data(as_text=True)), **(data or {})}
        return self.client.post(url, data=payload, **kwargs)

    def login(self, user, password=factories.PASSWORD):
        response = self.submit("/anmelden", {"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return response

    def logout(self):
        return self.submit("/abmelden", form_url="/manage/")


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def coordinator(app):
    """A coordinator who manages one network ('Ankommen')."""
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen")
    user = factories.create_user(email="koordination@example.org", networks=[network])
    db.session.commit()
    return user


@pytest.fixture
def live_url(app):
    """The app on a real threaded HTTP server, for tests of simultaneous requests."""
    app.config["RATELIMIT_ENABLED"] = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.socket.listen(256)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def signed_in(browser, coordinator):
    """The browser, logged in as the coordinator."""
    browser.login(coordinator)
    return browser


@pytest.fixture
def network(coordinator):
    """The coordinator's network."""
    return coordinator.networks[0]


@pytest.fixture
def admin(app):
    user = factories.create_user(email="admin@example.org", role="admin")
    db.session.commit()
    return user


@pytest.fixture
def count_queries(app):
    """Counts the SQL statements run inside the block: `with count_queries() as counted: ...; counted.n`."""

    @contextmanager
    def counting():
        counter = type("Counter", (), {"n": 0, "statements": []})()

        def before(conn, cursor, statement, parameters, context, executemany):
            counter.n += 1
            counter.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counting


def run_main(main, argv: list[str]) -> subprocess.CompletedProcess:
    """An engine's command line (`python -m ...`: `sys.exit(main())`) run in this process, without paying for a new
    interpreter and its imports: exit code, stdout and stderr as a subprocess would give them."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse refusing the arguments
            code = exit_.code
    if isinstance(code, str):
        stderr.write(f"{code}\n")
        code = 1
    return subprocess.CompletedProcess(argv, code or 0, stdout.getvalue(), stderr.getvalue())


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium, launched once per test process (xdist worker); each test opens its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def run_at_once(apps, work) -> list:
    """Call work() in each app's context on its own thread, all released together, as separate processes would
    run; returns what each returned. An exception in any of them fails the test."""
    start = threading.Barrier(len(apps))
    results, errors = [], []

    def run(other):
        with other.app_context():
            try:
                start.wait()
                results.append(work())
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()
                db.engine.dispose()

    threads = [threading.Thread(target=run, args=(other,)) for other in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results
