import pytest
from sqlalchemy import select

from netzwerk.auth.models import User
from netzwerk.extensions import db

from . import factories


def test_wrong_password_shows_one_message_for_unknown_and_known_emails(browser, coordinator):
    known = browser.submit("/anmelden", {"email": coordinator.email, "password": "falsch"})
    unknown = browser.submit("/anmelden", {"email": "niemand@example.org", "password": "falsch"})
    assert known.status_code == unknown.status_code == 422
    assert "E-Mail oder Passwort ist falsch." in known.get_data(as_text=True)
    assert "E-Mail oder Passwort ist falsch." in unknown.get_data(as_text=True)


def test_login_returns_to_the_page_asked_for_but_never_off_site(browser, coordinator):
    browser.client.get("/manage/veranstaltungen")
    response = browser.submit("/anmelden?next=/manage/veranstaltungen",
                              {"email": coordinator.email, "password": factories.PASSWORD})
    assert response.headers["Location"].endswith("/manage/veranstaltungen")
    browser.logout()
    response = browser.submit("/anmelden?next=https://evil.example/",
                              {"email": coordinator.email, "password": factories.PASSWORD})
    assert "evil.example" not in response.headers["Location"]


def test_locked_account_cannot_log_in(browser, coordinator):
    coordinator.active = False
    db.session.commit()
    response = browser.submit("/anmelden", {"email": coordinator.email, "password": factories.PASSWORD})
    assert response.status_code == 422


def test_logout_ends_the_session(browser, coordinator):
    browser.login(coordinator)
    assert browser.logout().status_code == 302
    assert browser.get("/manage/").status_code == 302


def test_admin_creates_a_coordinator_for_a_network(browser, admin):
    network = factories.create_network(name="Landkreis Kassel")
    db.session.commit()
    browser.login(admin)
    response = browser.submit("/manage/zugaenge/neu", {
        "name": "Kim Koordination", "email": "Kim@Example.org", "role": "coordinator",
        "networks": [network.id], "active": "y", "password": "ein langes passwort",
    })
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "kim@example.org"))
    assert [n.name for n in user.networks] == ["Landkreis Kassel"]
    browser.logout()
    browser.login(user, password="ein langes passwort")


def test_user_form_refuses_short_passwords_and_taken_emails(browser, admin, coordinator):
    browser.login(admin)
    response = browser.submit("/manage/zugaenge/neu", {
        "name": "X", "email": coordinator.email, "role": "coordinator", "password": "kurz",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "bereits einen Zugang" in html and 'id="password-error"' in html


def test_coordinator_changes_own_password(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/konto/passwort", {
        "current_password": factories.PASSWORD, "new_password": "noch ein langes passwort",
        "confirm": "noch ein langes passwort",
    })
    assert response.status_code == 302
    db.session.refresh(coordinator)
    assert coordinator.check_password("noch ein langes passwort")


def test_create_admin_command_creates_and_resets(runner):
    result = runner.invoke(args=["create-admin", "--email", "chefin@example.org", "--password", "zwölf zeichen!"])
    assert result.exit_code == 0 and "Created admin" in result.output
    result = runner.invoke(args=["create-admin", "--email", "chefin@example.org", "--password", "anderes passwort"])
    assert "Reset admin" in result.output
    user = db.session.scalar(select(User).where(User.email == "chefin@example.org"))
    assert user.is_admin and user.check_password("anderes passwort")
    short = runner.invoke(args=["create-admin", "--email", "x@example.org", "--password", "kurz"])
    assert short.exit_code != 0


def test_login_attempts_are_rate_limited(_tables):
    from netzwerk import create_app
    from netzwerk.config import TestConfig

    config = TestConfig(_tables)
    config.RATELIMIT_ENABLED = True
    config.LOGIN_RATE_LIMIT = "3 per minute"
    config.WTF_CSRF_ENABLED = False
    client = create_app(config).test_client()
    answers = [client.post("/anmelden", data={"email": "x@example.org", "password": "falsch"}).status_code
               for _ in range(4)]
    assert answers == [422, 422, 422, 429]
    assert "Zu viele Versuche" in client.post("/anmelden", data={"email": "x@example.org"}).get_data(as_text=True)


@pytest.mark.parametrize("change", [{"role": "coordinator", "active": "y"}, {"role": "admin"}])
def test_an_admin_cannot_take_away_their_own_administration(browser, admin, change):
    browser.login(admin)
    response = browser.submit(f"/manage/zugaenge/{admin.id}", {"name": admin.name, "email": admin.email, **change})
    assert response.status_code == 422
    assert "nicht selbst die Administration entziehen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin" and db.session.get(User, admin.id).active


def test_a_browser_without_cookies_is_not_logged_in_by_someone_elses_login(app, browser, coordinator):
    browser.login(coordinator)
    stranger = app.test_client()
    response = stranger.get("/manage/")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]
