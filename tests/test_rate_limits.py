"""Limits hold across app processes (counted in the database without Redis), and each account has a lockout."""
from datetime import timedelta

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import select, update

from netzwerk import create_app
from netzwerk.auth.models import LoginThrottle
from netzwerk.common.ratelimit_storage import DatabaseStorage, RateLimitCounter
from netzwerk.common.timing import utcnow
from netzwerk.config import TestConfig, ratelimit_storage_uri
from netzwerk.extensions import db

from . import factories

WRONG = "falsches passwort"
LOCKOUT = "Zu viele fehlgeschlagene Anmeldeversuche mit dieser E-Mail-Adresse"
WRONG_MESSAGE = "E-Mail oder Passwort ist falsch."


def app_process(database_uri: str, login_limit: str = "3 per minute"):
    """A new app on the shared database, as each gunicorn worker has; its limiter starts with empty counters."""
    config = TestConfig(database_uri)
    config.RATELIMIT_ENABLED, config.WTF_CSRF_ENABLED = True, False
    config.RATELIMIT_STORAGE_URI = ratelimit_storage_uri(None)
    config.LOGIN_RATE_LIMIT = login_limit
    return create_app(config)


def failed_login(client, email="x@example.org", address="203.0.113.7"):
    return client.post("/anmelden", data={"email": email, "password": WRONG},
                       environ_base={"REMOTE_ADDR": address})


def test_without_redis_the_limits_count_in_the_database_and_with_it_in_redis(monkeypatch):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    assert ratelimit_storage_uri(None) == "database://"
    assert ratelimit_storage_uri("redis://cache:6379/0") == "redis://cache:6379/0"
    assert isinstance(storage_from_string("database://"), DatabaseStorage)


def test_login_limit_is_shared_by_two_app_processes_on_one_database(app, _tables):
    first = app_process(_tables).test_client()
    assert [failed_login(first, f"a{n}@example.org").status_code for n in range(2)] == [422, 422]
    # Flask-Limiter's memory:// would start this one at zero again: 4 x the limit with `gunicorn -w 4`.
    second = app_process(_tables).test_client()
    answers = [failed_login(second, f"b{n}@example.org").status_code for n in range(2)]
    assert answers == [422, 429]
    assert failed_login(first, "c@example.org").status_code == 429
    assert failed_login(second, "d@example.org", address="198.51.100.1").status_code == 422  # another address


def test_database_counter_is_a_fixed_window_that_starts_again_when_it_ends(app):
    limiter = FixedWindowRateLimiter(storage_from_string("database://"))
    limit = parse("2 per minute")
    assert [limiter.hit(limit, "form", "198.51.100.2") for _ in range(3)] == [True, True, False]
    assert limiter.hit(limit, "form", "198.51.100.3")  # another key counts apart
    assert limiter.get_window_stats(limit, "form", "198.51.100.2").remaining == 0
    db.session.execute(update(RateLimitCounter).values(expires_at=RateLimitCounter.expires_at - 61))
    db.session.commit()
    assert limiter.hit(limit, "form", "198.51.100.2")
    assert limiter.get_window_stats(limit, "form", "198.51.100.2").remaining == 1
    limiter.clear(limit, "form", "198.51.100.2")
    assert limiter.get_window_stats(limit, "form", "198.51.100.2").remaining == 2
    assert limiter.storage.check()
    assert limiter.storage.reset() == 1  # the other key's counter


def test_long_keys_are_counted_under_a_digest(app):
    storage = storage_from_string("database://")
    key = "LIMITER/" + "x" * 400
    assert storage.incr(key, 60) == 1 and storage.incr(key, 60) == 2
    assert storage.get(key) == 2
    assert [len(k) for k in db.session.scalars(select(RateLimitCounter.key))] == [64]


@pytest.fixture
def lockout_after_three(app):
    app.config["LOGIN_LOCKOUT_ATTEMPTS"] = 3


def login_page(browser, email, password, address):
    return browser.submit("/anmelden", {"email": email, "password": password},
                          environ_base={"REMOTE_ADDR": address})


def test_account_is_locked_after_repeated_failures_from_any_address(browser, coordinator, lockout_after_three):
    answers = [login_page(browser, coordinator.email, WRONG, f"192.0.2.{n}") for n in range(3)]
    assert [answer.status_code for answer in answers] == [422, 422, 429]
    assert WRONG_MESSAGE in answers[1].get_data(as_text=True)
    assert LOCKOUT in answers[2].get_data(as_text=True) and "15 Minuten gesperrt" in answers[2].get_data(as_text=True)
    right = login_page(browser, coordinator.email, factories.PASSWORD, "192.0.2.99")
    assert right.status_code == 429 and LOCKOUT in right.get_data(as_text=True)
    assert browser.get("/manage/").status_code == 302


def test_unknown_addresses_are_locked_alike_so_the_lock_reveals_no_account(browser, coordinator, lockout_after_three):
    known = [login_page(browser, coordinator.email.upper(), WRONG, "192.0.2.1") for _ in range(3)]
    unknown = [login_page(browser, "niemand@example.org", WRONG, "192.0.2.1") for _ in range(3)]
    assert [a.status_code for a in known] == [a.status_code for a in unknown] == [422, 422, 429]
    assert LOCKOUT in unknown[2].get_data(as_text=True)
    # Only an HMAC of the typed address is kept, never the address itself.
    keys = db.session.scalars(select(LoginThrottle.account_key)).all()
    assert len(keys) == 2 and not any("@" in key for key in keys)


def test_lockout_ends_after_its_time_and_the_right_password_works_again(browser, coordinator, lockout_after_three):
    for _ in range(3):
        login_page(browser, coordinator.email, WRONG, "192.0.2.1")
    db.session.execute(update(LoginThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert login_page(browser, coordinator.email, factories.PASSWORD, "192.0.2.1").status_code == 302
    assert browser.get("/manage/").status_code == 200
    db.session.rollback()
    assert db.session.scalars(select(LoginThrottle)).all() == []  # a good login forgets the failures


def test_failures_spread_wider_than_the_window_lock_nothing(browser, coordinator, lockout_after_three):
    for _ in range(2):
        assert login_page(browser, coordinator.email, WRONG, "192.0.2.1").status_code == 422
    throttle = db.session.scalar(select(LoginThrottle))
    throttle.window_started_at -= timedelta(minutes=16)
    db.session.commit()
    for _ in range(2):
        assert login_page(browser, coordinator.email, WRONG, "192.0.2.1").status_code == 422
    assert browser.login(coordinator).status_code == 302


def test_lockout_is_shared_by_two_app_processes(app, _tables, coordinator):
    first, second = (app_process(_tables, login_limit="100 per minute") for _ in range(2))
    for process in (first, second):
        process.config["LOGIN_LOCKOUT_ATTEMPTS"] = 3
    answers = [failed_login(client.test_client(), coordinator.email).status_code
               for client in (first, second, first)]
    assert answers == [422, 422, 429]
    right = second.test_client().post("/anmelden", data={"email": coordinator.email, "password": factories.PASSWORD})
    assert right.status_code == 429
