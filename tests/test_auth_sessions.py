"""Logins end for real: logout, "überall abmelden", a new password and deactivation revoke the cookies."""
from datetime import timedelta

import pytest
from sqlalchemy import event, select, update

from netzwerk import create_app
from netzwerk.auth.models import LoginSession
from netzwerk.common.timing import utcnow
from netzwerk.config import TestConfig
from netzwerk.extensions import db

from . import factories
from .conftest import Browser

NEW_PASSWORD = "ein ganz neues langes passwort"


@pytest.fixture
def served(app, _tables):
    """The app as a server runs it: every request in an app context of its own.

    (The `app` fixture keeps one context open for the whole test, and Flask-Login keeps the loaded user in
    its `g`, so a second browser there would be served the first one's user whatever its cookies say.)
    """
    return create_app(TestConfig(_tables))


@pytest.fixture
def new_browser(served):
    return lambda: Browser(served.test_client())


def copy_cookies(source: Browser, target: Browser, *names: str) -> None:
    for name in names:
        cookie = source.client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie"
        target.client.set_cookie(name, cookie.value, domain="localhost")


def opens_workspace(browser: Browser) -> bool:
    response = browser.get("/manage/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def remembered_login(browser: Browser, user) -> None:
    response = browser.submit("/anmelden", {"email": user.email, "password": factories.PASSWORD, "remember": "y"})
    assert response.status_code == 302


def test_copied_session_cookie_opens_nothing_after_logout(new_browser, coordinator):
    owner, thief = new_browser(), new_browser()
    owner.login(coordinator)
    copy_cookies(owner, thief, "session")
    assert opens_workspace(thief)
    assert owner.logout().status_code == 302
    assert not opens_workspace(thief)
    assert not opens_workspace(owner)


def test_copied_remember_cookie_opens_nothing_after_logout(new_browser, coordinator):
    owner, thief = new_browser(), new_browser()
    remembered_login(owner, coordinator)
    copy_cookies(owner, thief, "remember_token")
    assert opens_workspace(thief)  # the cookie alone logs in: it is what "Angemeldet bleiben" is for
    owner.logout()
    assert not opens_workspace(thief)


def test_logout_everywhere_ends_every_login_of_the_user(new_browser, coordinator):
    office, laptop, thief = new_browser(), new_browser(), new_browser()
    office.login(coordinator)
    remembered_login(laptop, coordinator)
    copy_cookies(laptop, thief, "remember_token")
    page = office.get("/manage/konto/passwort").get_data(as_text=True)
    assert "Überall abmelden" in page and "in 2 Browsern angemeldet" in page
    response = office.submit("/abmelden/ueberall", form_url="/manage/konto/passwort")
    assert response.status_code == 302 and response.headers["Location"].endswith("/anmelden")
    assert not any(opens_workspace(browser) for browser in (office, laptop, thief))
    db.session.rollback()
    assert db.session.scalars(select(LoginSession)).all() == []


def test_new_password_ends_the_other_logins_and_keeps_this_one(new_browser, coordinator):
    here, elsewhere, thief = new_browser(), new_browser(), new_browser()
    remembered_login(here, coordinator)
    elsewhere.login(coordinator)
    copy_cookies(here, thief, "session", "remember_token")
    response = here.submit("/manage/konto/passwort", {
        "current_password": factories.PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert opens_workspace(here)
    assert not opens_workspace(elsewhere)
    assert not opens_workspace(thief)
    here.client.delete_cookie("session", domain="localhost")  # the browser closes: "Angemeldet bleiben" holds
    assert opens_workspace(here)


def test_admin_resetting_a_password_or_deactivating_ends_the_users_logins(new_browser, admin, coordinator):
    office, coordinator_browser = new_browser(), new_browser()
    office.login(admin)
    coordinator_browser.login(coordinator)
    form = {"name": coordinator.name, "email": coordinator.email, "role": "coordinator",
            "networks": [coordinator.networks[0].id], "active": "y"}
    url = f"/manage/zugaenge/{coordinator.id}"
    assert office.submit(url, form).status_code == 302  # no new password, still active: the login holds
    assert opens_workspace(coordinator_browser)
    assert office.submit(url, {**form, "password": NEW_PASSWORD}).status_code == 302
    assert not opens_workspace(coordinator_browser)
    coordinator_browser.login(coordinator, password=NEW_PASSWORD)
    assert office.submit(url, {key: value for key, value in form.items() if key != "active"}).status_code == 302
    assert not opens_workspace(coordinator_browser)
    assert opens_workspace(office)


def test_admin_resetting_their_own_password_stays_logged_in_here_only(new_browser, admin):
    office, elsewhere = new_browser(), new_browser()
    office.login(admin)
    elsewhere.login(admin)
    response = office.submit(f"/manage/zugaenge/{admin.id}", {
        "name": admin.name, "email": admin.email, "role": "admin", "active": "y", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert opens_workspace(office)
    assert not opens_workspace(elsewhere)


def test_create_admin_command_resetting_a_password_ends_the_logins(new_browser, runner, admin):
    browser = new_browser()
    browser.login(admin)
    result = runner.invoke(args=["create-admin", "--email", admin.email, "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert not opens_workspace(browser)


def test_login_ends_on_the_server_when_its_time_is_up(new_browser, coordinator):
    browser = new_browser()
    browser.login(coordinator)
    assert opens_workspace(browser)
    db.session.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert not opens_workspace(browser)


def test_a_login_without_remember_lasts_hours_and_a_remembered_one_two_weeks(new_browser, coordinator):
    remembered_login(new_browser(), coordinator)
    new_browser().login(coordinator)
    db.session.rollback()
    lifetimes = sorted(s.expires_at - s.created_at for s in db.session.scalars(select(LoginSession)))
    assert lifetimes == [timedelta(hours=12), timedelta(days=14)]


def test_remember_cookie_is_short_lived_lax_and_out_of_scripts_reach(new_browser, coordinator):
    browser = new_browser()
    response = browser.submit("/anmelden", {"email": coordinator.email, "password": factories.PASSWORD,
                                            "remember": "y"})
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("remember_token="))
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert "httponly" in attributes and attributes["samesite"] == "SameSite=Lax"
    assert "max-age" not in attributes or int(attributes["max-age"].split("=")[1]) == 14 * 24 * 3600
    remembered = browser.client.get_cookie("remember_token")
    assert timedelta(days=13) < remembered.expires - utcnow() <= timedelta(days=14)


def test_pages_of_a_logged_in_user_are_not_stored_in_any_cache(new_browser, coordinator):
    browser = new_browser()
    assert "no-store" not in browser.get("/").headers.get("Cache-Control", "")
    browser.login(coordinator)
    for url in ("/manage/", "/manage/konto/passwort", "/manage/veranstaltungen"):
        response = browser.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store", url
    browser.logout()
    assert "no-store" not in browser.get("/").headers.get("Cache-Control", "")


def test_finding_the_logged_in_user_costs_one_query(served, new_browser, coordinator):
    browser = new_browser()
    browser.login(coordinator)
    statements = []
    with served.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert opens_workspace(browser)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len([s for s in statements if "login_session" in s]) == 1  # user and login in one lookup


def test_cookies_from_before_login_sessions_open_nothing(served, new_browser, coordinator):
    """A session cookie naming only the user id (as before this change) is refused."""
    browser = new_browser()
    with served.test_request_context():
        from flask import session
        session["_user_id"] = str(coordinator.id)
        session["_fresh"] = True
        cookie = served.session_interface.get_signing_serializer(served).dumps(dict(session))
    browser.client.set_cookie("session", cookie, domain="localhost")
    assert not opens_workspace(browser)


def test_logout_everywhere_needs_a_login(new_browser):
    browser = new_browser()
    response = browser.submit("/abmelden/ueberall", form_url="/anmelden")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
