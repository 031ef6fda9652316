"""Today's additions attacked as hostile or careless users would: the check-in desk's walk-ins and admissions, print
jobs whose event goes while they render, and error pages that show a refusal's own words."""
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from netzwerk import create_app
from netzwerk.config import TestConfig
from netzwerk.extensions import db
from netzwerk.people.models import Person
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import Browser, csrf_from, run_at_once
from .test_checkin import helper  # noqa: F401 - a fixture


@pytest.fixture
def event(coordinator):
    return factories.create_event(coordinator.networks[0], title="Netzwerktreffen Bielefeld", capacity=1,
                                  starts_at=factories.at(date.today(), 9), ends_at=factories.at(date.today(), 17))


def registrations_of(event) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                   .order_by(Registration.id)))


def desk_at(app, user) -> tuple[Browser, str]:
    """A desk of its own (another process, as a second phone at the door would reach): logged in, form open."""
    other = create_app(TestConfig(app.config["SQLALCHEMY_DATABASE_URI"]))
    desk = Browser(other.test_client())
    with other.app_context():
        desk.login(user)
    return other, desk


# --- two desks at once ------------------------------------------------------------------------------------------

def test_two_desks_taking_in_one_address_at_once_make_one_registration_and_one_person(app, event, helper):
    """Both desks looked the address up before either had stored it: each made a person record of its own."""
    factories.create_registration(event, email="erste@example.org")  # the meeting is full
    db.session.commit()
    desks = [desk_at(app, helper) for _ in range(2)]
    url = f"/manage/checkin/{event.id}/ohne-anmeldung"
    forms = []
    for other, desk in desks:
        with other.app_context():
            forms.append(csrf_from(desk.get(url).get_data(as_text=True)))
    turns = iter(zip(desks, forms))
    taking = threading.Lock()

    def take_in():
        with taking:
            (_other, desk), token = next(turns)
        return desk.client.post(url, data={"csrf_token": token, "given_name": "Jonas", "family_name": "Weber",
                                           "email": "jonas@example.org"}).status_code

    assert run_at_once([other for other, _desk in desks], take_in) == [302, 302]
    db.session.expire_all()
    assert [row.email for row in registrations_of(event)] == ["erste@example.org", "jonas@example.org"]
    assert db.session.scalar(select(func.count()).select_from(Person)
                             .where(Person.email == "jonas@example.org")) == 1


# --- two clicks ---------------------------------------------------------------------------------------------------

def test_a_second_click_on_admit_says_the_person_is_in_not_that_they_were_refused(browser, coordinator, event):
    """The second click of a double click said "wurde nicht freigegeben … (Status: Anwesend)" of someone just let in."""
    waiting = factories.create_registration(event, state="pending", given_name="Aylin", family_name="Demir")
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/checkin/{event.id}/{waiting.id}/freigeben"
    browser.submit(url, form_url=f"/manage/checkin/{event.id}")
    html = browser.submit(url, form_url=f"/manage/checkin/{event.id}", follow_redirects=True).get_data(as_text=True)
    assert "nicht freigegeben" not in html
    assert "Aylin Demir ist bereits eingecheckt um" in html
    assert [row.state for row in registrations_of(event)] == ["attended"]


# --- error pages --------------------------------------------------------------------------------------------------

def test_a_rate_limit_page_speaks_german_not_the_limiters_english(app, _tables):
    """Error pages show abort()'s own message: Flask-Limiter's 429 carries its limit as one, "1 per 1 minute"."""
    from .test_rate_limits import app_process, failed_login
    client = app_process(_tables, login_limit="1 per minute").test_client()
    failed_login(client)
    page = failed_login(client)
    html = page.get_data(as_text=True)
    assert page.status_code == 429
    assert "per 1 minute" not in html and "Zu viele Versuche. Bitte warten Sie einen Moment." in html


@pytest.mark.own_app
def test_an_abort_message_is_shown_escaped(app, client):
    from flask import abort

    @app.route("/_refuse")
    def refuse():
        abort(409, '<b onmouseover="x()">Schon vergeben</b>')

    html = client.get("/_refuse").get_data(as_text=True)
    assert "&lt;b onmouseover=" in html and "<b onmouseover" not in html


# --- print jobs ---------------------------------------------------------------------------------------------------

def test_a_job_whose_rows_go_while_it_renders_does_not_stop_the_worker(signed_in, network, monkeypatch):
    """A DSGVO erasure drops the print jobs of the person's events (their PDFs carry names), the one rendering too:
    the worker's next write found no row, the worker died, and the other coordinators' jobs waited."""
    from netzwerk.badges import services as badge_services
    from netzwerk.badges.models import PrintJob

    from .test_badges_routes import print_badges
    from .test_registration_admin import add_registration

    monkeypatch.setattr(badge_services, "INLINE_LIMIT", 3)
    erased, other = (factories.create_event(network, title=title) for title in ("Netzwerktreffen", "Fachkonferenz"))
    for event in (erased, other):
        for n in range(5):
            add_registration(event, n)
    aylin = factories.create_person(network, given_name="Aylin", family_name="Demir", email="p0@example.org")
    registrations_of(erased)[0].person = aylin
    db.session.commit()
    erased_id, aylin_id = erased.id, aylin.id
    for event in (erased, other):
        assert print_badges(signed_in, event).status_code == 302
    rendering = badge_services.render_badges

    def render_while_a_person_is_erased(event, *args, **kwargs):
        if event.id == erased_id:
            assert signed_in.submit(f"/manage/personen/{aylin_id}/loeschen-dsgvo").status_code == 302
        return rendering(event, *args, **kwargs)

    monkeypatch.setattr(badge_services, "render_badges", render_while_a_person_is_erased)
    assert badge_services.run_queued_jobs() == 2
    db.session.expire_all()
    [left] = db.session.scalars(select(PrintJob)).all()
    assert (left.event_id, left.status) == (other.id, "done")
