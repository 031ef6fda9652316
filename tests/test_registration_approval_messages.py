"""Approving pending registrations says what happened to each: confirmed, or on the waiting list when the event is
full, never just "freigegeben"."""
import pytest
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.registrations.models import Registration
from netzwerk.registrations.services import register

from . import factories


@pytest.fixture
def event(network):
    event = factories.create_event(network, capacity=2, requires_approval=True)
    db.session.commit()
    return event


def registered(app, event, numbers, by_coordinator=False):
    with app.test_request_context():
        found = [register(event.id, factories.registrant(n), by_coordinator=by_coordinator).registration
                 for n in numbers]
    db.session.commit()
    return found


def list_url(event):
    return f"/manage/veranstaltungen/{event.id}/anmeldungen"


def approve_all(browser, event, registrations):
    response = browser.submit(f"{list_url(event)}/sammelaktion",
                              {"action": "approve", "registration_ids": [str(r.id) for r in registrations]},
                              form_url=list_url(event))
    assert response.status_code == 302
    return browser.get(response.location).get_data(as_text=True)


def states(registrations):
    db.session.expire_all()
    return [db.session.get(Registration, r.id).state for r in registrations]


def test_approving_into_a_full_event_says_all_went_to_the_waiting_list(app, browser, coordinator, event):
    registered(app, event, (1, 2), by_coordinator=True)  # the two places are taken
    pending = registered(app, event, (3, 4, 5))
    browser.login(coordinator)
    page = approve_all(browser, event, pending)
    assert states(pending) == ["waitlisted"] * 3
    assert ("3 Anmeldungen freigegeben: 3 auf die Warteliste, weil keine Plätze frei sind "
            "(Vorname3 Nachname3, Vorname4 Nachname4, Vorname5 Nachname5).") in page
    assert "bestätigt (" not in page
    assert 'class="alert alert-warning"' in page


def test_approving_more_than_the_free_places_names_who_got_one_and_who_waits(app, browser, coordinator, event):
    pending = registered(app, event, (1, 2, 3))
    browser.login(coordinator)
    page = approve_all(browser, event, pending)
    assert states(pending) == ["confirmed", "confirmed", "waitlisted"]
    assert ("3 Anmeldungen freigegeben: 2 bestätigt (Vorname1 Nachname1, Vorname2 Nachname2); "
            "1 auf die Warteliste, weil kein Platz frei ist (Vorname3 Nachname3).") in page


def test_a_long_list_of_names_is_shortened(app, browser, coordinator, network):
    event = factories.create_event(network, capacity=None, requires_approval=True)
    db.session.commit()
    pending = registered(app, event, range(1, 13))
    browser.login(coordinator)
    page = approve_all(browser, event, pending)
    message = page.split("12 Anmeldungen freigegeben: ", 1)[1].split("</div>", 1)[0]
    assert message.startswith("12 bestätigt (Vorname1 Nachname1, Vorname2 Nachname2,")
    assert message.endswith("Vorname10 Nachname10 und 2 weitere).") and "Vorname11" not in message


def test_approving_one_into_a_full_event_says_it_went_to_the_waiting_list(app, browser, coordinator, event):
    registered(app, event, (1, 2), by_coordinator=True)
    [waiting] = registered(app, event, (3,))
    browser.login(coordinator)
    url = f"{list_url(event)}/{waiting.id}"
    response = browser.submit(f"{url}/approve", {"message": ""}, form_url=url)
    assert response.status_code == 302
    page = browser.get(response.location).get_data(as_text=True)
    assert states([waiting]) == ["waitlisted"]
    assert ("Vorname3 Nachname3: freigegeben, aber die Veranstaltung ist voll – auf die Warteliste gesetzt "
            "(Platz 1).") in page
    assert 'class="alert alert-warning"' in page


def test_approving_one_with_a_free_place_says_it_is_confirmed(app, browser, coordinator, event):
    [pending] = registered(app, event, (1,))
    browser.login(coordinator)
    url = f"{list_url(event)}/{pending.id}"
    response = browser.submit(f"{url}/approve", {"message": ""}, form_url=url)
    page = browser.get(response.location).get_data(as_text=True)
    assert states([pending]) == ["confirmed"]
    assert "Vorname1 Nachname1: freigegeben und bestätigt." in page


def test_bulk_waitlisting_names_who_moved_up(app, browser, coordinator, network):
    event = factories.create_event(network, capacity=1)
    db.session.commit()
    first, second = registered(app, event, (1, 2))
    browser.login(coordinator)
    response = browser.submit(f"{list_url(event)}/sammelaktion",
                              {"action": "waitlist", "registration_ids": [str(first.id)]}, form_url=list_url(event))
    page = browser.get(response.location).get_data(as_text=True)
    assert states([first, second]) == ["waitlisted", "confirmed"]
    assert "1 Person ist von der Warteliste nachgerückt." in page
    assert db.session.scalar(select(Registration.state).where(Registration.id == second.id)) == "confirmed"
