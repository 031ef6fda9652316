"""Registering through the public form and looking after it through the private link, as a participant does."""
import re
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from netzwerk.common.timing import all_day_bounds, utcnow
from netzwerk.extensions import db
from netzwerk.kommunen.models import Kommune
from netzwerk.mail.models import OutboxMail
from netzwerk.organisations.models import Organisation
from netzwerk.people.models import Person
from netzwerk.registrations.models import Question, Registration
from netzwerk.registrations.services import register, reissue_link

from . import factories
from .conftest import csrf_from


@pytest.fixture
def network(app):
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen",
                                       privacy_text="Wir verarbeiten Ihre Angaben nur für diese Veranstaltung.")
    kommune = factories.create_kommune(name="Gütersloh")
    factories.create_membership(network, kommune)
    factories.create_organisation(network, name="Jobcenter Gütersloh")
    db.session.commit()
    return network


@pytest.fixture
def event(network):
    event = factories.create_event(network, capacity=2)
    db.session.commit()
    return event


def form_url(event):
    return f"/n/ankommen/{event.id}/anmelden"


def person(n=1, **extra):
    return {"given_name": "Alex", "family_name": f"Beispiel{n}", "email": f"alex{n}@example.org",
            "function": "Fallmanagerin", "consent": "y", **extra}


def registrations(event):
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)).all()


def registered_with_link(app, event, n):
    """A registration made directly through the service, with the token the mail would carry."""
    with app.test_request_context():
        outcome = register(event.id, {"given_name": "Kim", "family_name": f"Muster{n}", "email": f"kim{n}@example.org",
                                      "consent": True})
    db.session.commit()
    return outcome.registration, outcome.token


def test_person_registers_and_is_confirmed_with_a_mail(browser, event, network):
    organisation = db.session.scalar(select(Organisation))
    page = browser.get(form_url(event)).get_data(as_text=True)
    assert "Bitte leer lassen" in page and 'tabindex="-1"' in page
    assert "Wir verarbeiten Ihre Angaben nur für diese Veranstaltung." in page
    response = browser.submit(form_url(event), person(organisation_id=str(organisation.id)))
    assert response.status_code == 302
    assert "anmelden" not in response.location and "anmeldung/" not in response.location  # no token in the URL
    done = browser.get(response.location).get_data(as_text=True)
    assert "Ihre Anmeldung ist bestätigt" in done
    [registration] = registrations(event)
    assert registration.state == "confirmed" and registration.consent_version == network.privacy_version
    assert registration.person.organisation == organisation and registration.person.function == "Fallmanagerin"
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.registration_id == registration.id)).kind == "confirmed"


def test_new_organisation_and_kommune_are_taken_from_the_form(browser, event, network):
    guetersloh = db.session.scalar(select(Kommune))
    data = person(new_organisation="Caritas Gütersloh", organisation_type="Wohlfahrtsverband", kommune_id=str(guetersloh.id))
    assert browser.submit(form_url(event), data).status_code == 302
    [registration] = registrations(event)
    assert registration.kommune_id == guetersloh.id and registration.organisation_type == "Wohlfahrtsverband"
    # Public input adds no organisation: the name waits on the registration for a coordinator to accept it.
    assert registration.organisation_label == "Caritas Gütersloh" and registration.organisation_name
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Caritas Gütersloh")) is None


def test_full_event_puts_people_on_the_waiting_list_and_says_so(browser, event):
    for n in range(2):
        assert browser.submit(form_url(event), person(n)).status_code == 302
    response = browser.submit(form_url(event), person(3))
    page = browser.get(response.location).get_data(as_text=True)
    assert "Warteliste" in page and "Ihr Platz auf der Warteliste: 1." in page
    assert [r.state for r in registrations(event)] == ["confirmed", "confirmed", "waitlisted"]


def test_waitlisted_person_moves_up_when_someone_cancels_through_the_link(app, browser, event):
    first, token = registered_with_link(app, event, 1)
    registered_with_link(app, event, 2)
    waiting, waiting_token = registered_with_link(app, event, 3)
    assert "Warteliste" in browser.get(f"/anmeldung/{waiting_token}").get_data(as_text=True)
    question = browser.get(f"/anmeldung/{token}/stornieren")
    assert question.status_code == 200 and "wirklich stornieren" in question.get_data(as_text=True)
    assert first.state == "confirmed"  # asking changes nothing
    response = browser.submit(f"/anmeldung/{token}/stornieren")
    assert response.status_code == 302
    db.session.expire_all()
    assert (first.state, waiting.state) == ("cancelled", "confirmed")
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.registration_id == waiting.id, OutboxMail.kind == "moved_up"))
    assert "Storniert" in browser.get(f"/anmeldung/{token}").get_data(as_text=True)


def test_same_email_twice_is_one_registration_and_the_page_says_so(browser, event):
    browser.submit(form_url(event), person(1))
    response = browser.submit(form_url(event), person(1, given_name="Alexandra", email="ALEX1@example.org"))
    page = browser.get(response.location).get_data(as_text=True)
    assert "Sie sind bereits angemeldet; wir haben Ihnen Ihren persönlichen Link erneut geschickt" in page
    assert "bestätigt" not in page
    [registration] = registrations(event)
    assert registration.given_name == "Alex"
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "link")) == 1


@pytest.mark.parametrize("change, message", [
    ({"registration_opens_at": utcnow() + timedelta(days=1)}, "noch nicht geöffnet"),
    ({"registration_closes_at": utcnow() - timedelta(minutes=1)}, "geschlossen"),
    ({"status": "cancelled"}, "abgesagt"),
])
def test_registration_outside_its_window_is_refused_with_a_message(browser, event, change, message):
    client = browser.client
    token = _csrf(browser, event)  # the form was opened while registration was still possible
    for name, value in change.items():
        setattr(event, name, value)
    db.session.commit()
    page = client.get(form_url(event))
    assert page.status_code == 409 and message in page.get_data(as_text=True)
    assert 'name="email"' not in page.get_data(as_text=True)
    posted = client.post(form_url(event), data={**person(), "csrf_token": token})
    assert posted.status_code == 409 and not registrations(event)


def test_draft_event_has_no_registration_form(client, event):
    event.status = "draft"
    db.session.commit()
    assert client.get(form_url(event)).status_code == 404
    assert client.get("/n/ankommen/999999/anmelden").status_code == 404


def test_public_event_page_offers_registration_only_while_open(client, event):
    page = client.get(f"/n/ankommen/{event.id}").get_data(as_text=True)
    assert form_url(event) in page and "Noch 2 Plätze frei" in page
    event.registration_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get(f"/n/ankommen/{event.id}").get_data(as_text=True)
    assert form_url(event) not in page and "Die Anmeldung ist geschlossen." in page


def test_required_question_and_consent_are_enforced_beside_the_fields(browser, event):
    question = Question(event_id=event.id, kind="short_text", label="Welche Rolle haben Sie im Netzwerk?", required=True)
    db.session.add(question)
    db.session.commit()
    data = person()
    del data["consent"]
    response = browser.submit(form_url(event), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="q_{question.id}-error"' in page and "Bitte beantworten Sie diese Frage." in page
    assert 'id="consent-error"' in page and "Einwilligung" in page
    assert not registrations(event)


def test_answers_of_every_kind_are_stored_with_topics_and_needs(browser, event):
    kinds = [("short_text", []), ("long_text", []), ("single_choice", ["Vormittag", "Nachmittag"]),
             ("multiple_choice", ["Sprache", "Arbeit", "Wohnen"]), ("yes_no", [])]
    questions = [Question(event_id=event.id, kind=kind, label=f"Frage {kind}", options=options, position=n)
                 for n, (kind, options) in enumerate(kinds)]
    db.session.add_all(questions)
    event.ask_accessibility = event.ask_dietary = True
    event.topics = ["Spracherwerb", "Ausbildung", "Anerkennung", "Wohnen"]
    db.session.commit()
    short, long, single, multiple, yes_no = (f"q_{question.id}" for question in questions)
    page = browser.get(form_url(event)).get_data(as_text=True)
    assert page.index("Frage short_text") < page.index("Frage yes_no") and "3. Wahl" in page
    duplicate_topics = person(topic_1="Ausbildung", topic_2="Ausbildung")
    assert browser.submit(form_url(event), duplicate_topics).status_code == 422
    data = person(**{short: "Koordination", long: "Zeile 1\nZeile 2", single: "Nachmittag",
                     yes_no: "Ja", "accessibility_needs": "Rollstuhlplatz", "dietary_needs": "vegetarisch",
                     "topic_1": "Anerkennung", "topic_2": "Spracherwerb"})
    response = browser.client.post(form_url(event), data={**data, multiple: ["Sprache", "Wohnen"],
                                                          "csrf_token": _csrf(browser, event)})
    assert response.status_code == 302, re.findall(r'invalid-feedback[^>]*>([^<]*)', response.get_data(as_text=True))
    [registration] = registrations(event)
    assert registration.answers == {str(questions[0].id): "Koordination", str(questions[1].id): "Zeile 1\nZeile 2",
                                    str(questions[2].id): "Nachmittag", str(questions[3].id): ["Sprache", "Wohnen"],
                                    str(questions[4].id): "Ja"}
    assert registration.topic_preferences == ["Anerkennung", "Spracherwerb"]
    assert (registration.accessibility_needs, registration.dietary_needs) == ("Rollstuhlplatz", "vegetarisch")


def _csrf(browser, event):
    return csrf_from(browser.get(form_url(event)).get_data(as_text=True))


def test_filled_honeypot_pretends_success_but_stores_nothing(browser, event):
    response = browser.submit(form_url(event), person(website="http://spam.example"))
    assert response.status_code == 302
    assert "bestätigt" in browser.get(response.location).get_data(as_text=True)
    assert not registrations(event)
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_done_page_without_a_registration_goes_back_to_the_event(client, event):
    response = client.get(f"/n/ankommen/{event.id}/angemeldet")
    assert response.status_code == 302 and response.location.endswith(f"/n/ankommen/{event.id}")


def test_unknown_and_reissued_links_give_the_plain_404_page(app, client, event):
    registration, token = registered_with_link(app, event, 1)
    not_found = client.get("/anmeldung/" + "x" * 43)
    assert not_found.status_code == 404
    with app.test_request_context():
        new_token = reissue_link(registration)
    db.session.commit()
    for path in ("", "/aendern", "/stornieren", "/veranstaltung.ics"):
        old = client.get(f"/anmeldung/{token}{path}")
        page = old.get_data(as_text=True)
        assert old.status_code == 404 and "Diese Seite gibt es nicht (mehr)." in page
        assert event.title not in page and "kim1" not in page
    assert client.get(f"/anmeldung/{new_token}").status_code == 200


def test_link_pages_are_private(app, client, event):
    _, token = registered_with_link(app, event, 1)
    response = client.get(f"/anmeldung/{token}")
    # same-origin: the link never travels to other sites, yet HTTPS form posts keep the Referer CSRF checks need
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Bestätigt" in response.get_data(as_text=True)
    assert "no-store" in client.get("/anmeldung/unbekannt").headers["Cache-Control"]


def test_answers_are_changed_through_the_link_but_not_the_email(app, browser, event):
    question = Question(event_id=event.id, kind="single_choice", label="Workshop", options=["A", "B"], required=True)
    db.session.add(question)
    db.session.commit()
    registration, token = registered_with_link(app, event, 1)
    page = browser.get(f"/anmeldung/{token}/aendern").get_data(as_text=True)
    assert 'value="Kim"' in page and 'name="email"' not in page
    response = browser.submit(f"/anmeldung/{token}/aendern", {"given_name": "Kimberly", "family_name": "Muster1",
                                                             f"q_{question.id}": "B", "email": "evil@example.org"})
    assert response.status_code == 302 and response.location.endswith(f"/anmeldung/{token}")
    db.session.expire_all()
    assert registration.given_name == "Kimberly" and registration.answers == {str(question.id): "B"}
    assert registration.email == "kim1@example.org"
    assert "Ihre Angaben wurden gespeichert." in browser.get(response.location).get_data(as_text=True)


def test_calendar_file_parses_back_with_the_events_uid(app, client, event):
    _, token = registered_with_link(app, event, 1)
    response = client.get(f"/anmeldung/{token}/veranstaltung.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.data)
    [entry] = calendar.walk("VEVENT")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert str(entry["UID"]) == event.uid and int(entry["SEQUENCE"]) == event.sequence
    assert entry.decoded("DTSTART") == event.starts_at and str(entry["SUMMARY"]) == event.title
    assert "Tagungszentrum" in str(entry["LOCATION"]) and str(entry["STATUS"]) == "CONFIRMED"


def test_all_day_event_goes_into_the_calendar_as_whole_days(app, client, network):
    day = utcnow().date() + timedelta(days=20)
    starts_at, ends_at = all_day_bounds(day, day + timedelta(days=1))
    event = factories.create_event(network, all_day=True, starts_at=starts_at, ends_at=ends_at)
    db.session.commit()
    _, token = registered_with_link(app, event, 1)
    ical = client.get(f"/anmeldung/{token}/veranstaltung.ics").data
    assert re.search(rb"DTSTART;VALUE=DATE:" + day.strftime("%Y%m%d").encode(), ical)
    assert re.search(rb"DTEND;VALUE=DATE:" + (day + timedelta(days=2)).strftime("%Y%m%d").encode(), ical)


def test_form_posts_and_link_pages_are_rate_limited(_tables, event):
    from netzwerk import create_app
    from netzwerk.config import TestConfig

    config = TestConfig(_tables)
    config.RATELIMIT_ENABLED, config.WTF_CSRF_ENABLED = True, False
    client = create_app(config).test_client()
    assert client.get(form_url(event)).status_code == 200  # reading the form is not limited
    answers = [client.post(form_url(event), data={"email": "kaputt"}).status_code for _ in range(21)]
    assert answers[:20] == [422] * 20 and answers[20] == 429
    answers = [client.get("/anmeldung/unbekannt").status_code for _ in range(31)]
    assert answers[:30] == [404] * 30 and answers[30] == 429
    assert "Zu viele Versuche" in client.get("/anmeldung/unbekannt").get_data(as_text=True)


def test_a_registration_costs_a_fixed_number_of_sql_statements(app, client, event, network, count_queries):
    """The rush case: event with its questions, person looked up and added, a count for the mail written before
    the lock, the lock, one count under it (with the address's earlier registration), registration and mail;
    on the waiting list also the position. The selects' lists are read only when something was chosen."""
    lock = 1 if db.engine.dialect.name == "postgresql" else 2  # SQLite: a no-op UPDATE, then the row

    def posted(data):
        token = csrf_from(client.get(form_url(event)).get_data(as_text=True))
        with count_queries() as counted:
            assert client.post(form_url(event), data={"csrf_token": token, **data}).status_code == 302
        return counted.n

    assert posted(person(1)) == 7 + lock
    organisation, kommune = db.session.scalar(select(Organisation)), db.session.scalar(select(Kommune))
    # The organisations and Kommunen for checking the choice, and the chosen organisation for the record.
    assert posted(person(2, organisation_id=str(organisation.id), kommune_id=str(kommune.id))) == 10 + lock
    assert posted(person(3)) == 8 + lock  # waitlisted: and the position on the list
    assert [r.state for r in registrations(event)] == ["confirmed", "confirmed", "waitlisted"]
