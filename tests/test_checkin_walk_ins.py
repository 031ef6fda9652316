"""At the door: people who never registered, people still waiting for approval or a place, and online participants
of a hybrid meeting who come in person."""
import shutil

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.organisations.models import Organisation
from netzwerk.people.models import Person
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import CHROMIUM
from .test_checkin import event, helper, registration, scan  # noqa: F401 - event and helper are fixtures


def walk_in_url(event) -> str:
    return f"/manage/checkin/{event.id}/ohne-anmeldung"


def walk_in(browser, event, **data):
    return browser.submit(walk_in_url(event), data, follow_redirects=True)


def registrations_of(event) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                   .order_by(Registration.id)))


def mails_to(address: str) -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)))


# --- walk-ins ---------------------------------------------------------------------------------------------------

def test_someone_who_never_registered_is_taken_in_and_counts_as_arrived(browser, event, helper):
    browser.login(helper)
    desk = browser.get(f"/manage/checkin/{event.id}").get_data(as_text=True)
    assert f'href="{walk_in_url(event)}"' in desk and "Ohne Anmeldung gekommen" in desk
    page = walk_in(browser, event, given_name=" Aylin ", family_name="Demir")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.request.path == f"/manage/checkin/{event.id}"
    assert "Willkommen, Aylin Demir!" in html and "alert-success" in html
    assert '<dd class="display-6 mb-0" id="arrived">1</dd>' in html
    [walked_in] = registrations_of(event)
    assert (walked_in.state, walked_in.attendance, walked_in.checked_in_by_id) == ("attended", "onsite", helper.id)
    assert walked_in.attended_at is not None and walked_in.confirmed_at is not None
    assert walked_in.email is None and walked_in.checkin_code and walked_in.person is not None
    assert walked_in.person.full_name == "Aylin Demir"  # erasure and a person's history reach the registration


def test_two_walk_ins_without_an_address_are_two_people(browser, event, helper):
    browser.login(helper)
    walk_in(browser, event, given_name="Aylin", family_name="Demir")
    walk_in(browser, event, given_name="Jonas", family_name="Weber")
    assert [row.full_name for row in registrations_of(event)] == ["Aylin Demir", "Jonas Weber"]


def test_a_walk_in_with_a_known_address_is_matched_to_the_stored_person_without_changing_it(browser, coordinator,
                                                                                          event, helper):
    network = coordinator.networks[0]
    stored_organisation = factories.create_organisation(network, name="Jobcenter Bielefeld")
    person = factories.create_person(network, given_name="Aylin", family_name="Demir", email="a.demir@example.org",
                                     organisation=stored_organisation, function="Fallmanagerin")
    db.session.commit()
    browser.login(helper)
    html = walk_in(browser, event, given_name="Ayline", family_name="Demir-Kaya", email="A.Demir@Example.org ",
                   organisation="Caritas Bielefeld").get_data(as_text=True)
    assert "Willkommen, Ayline Demir-Kaya!" in html
    [walked_in] = registrations_of(event)
    assert walked_in.person_id == person.id and walked_in.email == "a.demir@example.org"
    assert walked_in.organisation_name == "Caritas Bielefeld" and walked_in.organisation is None
    db.session.refresh(person)
    assert (person.given_name, person.family_name, person.organisation_id, person.function) == (
        "Aylin", "Demir", stored_organisation.id, "Fallmanagerin")  # the coordinator decides ("Übernehmen")
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1  # a helper creates none
    [mail] = mails_to("a.demir@example.org")
    assert mail.kind == "link" and mail.registration_id == walked_in.id  # their link: certificate, feedback


def test_a_walk_in_names_one_of_the_networks_organisations_and_a_kommune(browser, coordinator, event, helper):
    network = coordinator.networks[0]
    jobcenter = factories.create_organisation(network, name="Jobcenter Bielefeld", type="Jobcenter")
    kommune = factories.create_kommune(name="Bielefeld")
    factories.create_membership(network, kommune)
    db.session.commit()
    browser.login(helper)
    form = browser.get(walk_in_url(event)).get_data(as_text=True)
    assert '<option value="Jobcenter Bielefeld">' in form and f'<option value="{kommune.id}">Bielefeld</option>' in form
    walk_in(browser, event, given_name="Jonas", family_name="Weber", organisation="jobcenter bielefeld",
            kommune_id=kommune.id)
    [walked_in] = registrations_of(event)
    assert walked_in.organisation_id == jobcenter.id and walked_in.organisation_type == "Jobcenter"
    assert walked_in.kommune_id == kommune.id and walked_in.organisation_name == ""


def test_a_new_organisation_keeps_its_type_for_the_counts(browser, event, helper):
    browser.login(helper)
    walk_in(browser, event, given_name="Jonas", family_name="Weber", organisation="IHK Ostwestfalen",
            organisation_type="IHK")
    [walked_in] = registrations_of(event)
    assert (walked_in.organisation_name, walked_in.organisation_type) == ("IHK Ostwestfalen", "IHK")


def test_a_full_meeting_still_admits_the_walk_in_and_says_so(browser, coordinator, event, helper):
    event.capacity = 1
    registration(event, given_name="Erste")
    db.session.commit()
    browser.login(helper)
    html = walk_in(browser, event, given_name="Jonas", family_name="Weber").get_data(as_text=True)
    assert "Willkommen, Jonas Weber!" in html
    assert "Die Veranstaltung ist voll: 2 Personen vor Ort bei 1 Platz." in html
    assert registrations_of(event)[-1].state == "attended"


@pytest.mark.parametrize("data, field, message", [
    ({"given_name": "", "family_name": "Weber"}, "given_name", "Bitte einen Vornamen angeben."),
    ({"given_name": "Jonas", "family_name": "  "}, "family_name", "Bitte einen Nachnamen angeben."),
    ({"given_name": "Jonas", "family_name": "Weber", "email": "jonas@"}, "email",
     "Bitte eine gültige E-Mail-Adresse angeben."),
    ({"given_name": "J" * 121, "family_name": "Weber"}, "given_name", "länger als 120"),
    ({"given_name": "Jonas", "family_name": "Weber", "kommune_id": "424242"}, "kommune_id", ""),
    ({"given_name": "Jonas", "family_name": "Weber", "kommune_id": "abc"}, "kommune_id", ""),
    ({"given_name": "Jonas", "family_name": "Weber", "organisation_type": "Geheimdienst"}, "organisation_type", ""),
    ({"given_name": "Jonas", "family_name": "Weber", "organisation": "O" * 201}, "organisation", "länger als 200"),
])
def test_bad_input_is_refused_beside_its_field_and_nobody_is_taken_in(browser, event, helper, data, field, message):
    browser.login(helper)
    response = browser.submit(walk_in_url(event), data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    assert f'aria-describedby="{field}-error"' in html or f'aria-describedby="{field}-help {field}-error"' in html
    assert registrations_of(event) == []


def test_an_address_already_registered_is_sent_to_the_name_search(browser, event, helper):
    aylin = registration(event)
    db.session.commit()
    browser.login(helper)
    response = browser.submit(walk_in_url(event), {"given_name": "Aylin", "family_name": "Demir",
                                                   "email": aylin.email.upper()})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="email-error"' in html
    assert "schon angemeldet" in html and f"/manage/checkin/{event.id}?q=aylin.demir@example.org" in html
    assert len(registrations_of(event)) == 1


def test_a_cancelled_registration_of_the_address_comes_back_checked_in(browser, event, helper):
    aylin = registration(event, state="cancelled")
    db.session.commit()
    browser.login(helper)
    walk_in(browser, event, given_name="Aylin", family_name="Demir", email=aylin.email)
    [row] = registrations_of(event)
    assert row.id == aylin.id and row.state == "attended" and row.checked_in_by_id == helper.id


def test_every_field_of_the_walk_in_form_has_a_label(browser, event, helper):
    browser.login(helper)
    html = browser.get(walk_in_url(event)).get_data(as_text=True)
    for name in ("given_name", "family_name", "email", "organisation", "organisation_type", "kommune_id"):
        assert f'<label class="form-label" for="{name}">' in html, name
        assert f'id="{name}"' in html
    assert 'name="csrf_token"' in html and "<script" not in html.split("</main>")[0].split("<main")[1]


def test_a_walk_in_without_a_csrf_token_is_refused(browser, event, helper):
    browser.login(helper)
    response = browser.client.post(walk_in_url(event), data={"given_name": "Jonas", "family_name": "Weber"})
    assert response.status_code == 400
    assert registrations_of(event) == []


def test_a_helper_of_another_network_cannot_take_anyone_in(browser, event):
    stranger = factories.create_user(role="checkin", networks=[factories.create_network()])
    db.session.commit()
    browser.login(stranger)
    assert browser.get(walk_in_url(event)).status_code == 403
    assert registrations_of(event) == []


def test_at_a_hybrid_meeting_a_walk_in_takes_part_on_site(browser, event, helper):
    event.format, event.online_capacity = "hybrid", 50
    db.session.commit()
    browser.login(helper)
    walk_in(browser, event, given_name="Jonas", family_name="Weber")
    assert registrations_of(event)[0].attendance == "onsite"


def test_the_desks_search_offers_to_take_in_whom_it_did_not_find(browser, event, helper):
    browser.login(helper)
    html = browser.get(f"/manage/checkin/{event.id}?q=Jonas Weber").get_data(as_text=True)
    assert "Niemand gefunden." in html
    assert f'href="{walk_in_url(event)}?given_name=Jonas&amp;family_name=Weber"' in html
    form = browser.get(f"{walk_in_url(event)}?given_name=Jonas&family_name=Weber").get_data(as_text=True)
    assert 'value="Jonas"' in form and 'value="Weber"' in form


# --- pending and waitlisted people at the door ------------------------------------------------------------------

def admit_url(event, row) -> str:
    return f"/manage/checkin/{event.id}/{row.id}/freigeben"


@pytest.mark.parametrize("state", ["pending", "waitlisted"])
def test_coordinator_approves_and_checks_in_at_the_door_in_one_step(browser, coordinator, event, state):
    waiting = registration(event, state=state)
    db.session.commit()
    browser.login(coordinator)
    refused = scan(browser, event, waiting.checkin_code).get_data(as_text=True)
    assert "Nicht eingecheckt: Aylin Demir" in refused
    assert f'action="{admit_url(event, waiting)}"' in refused and "Freigeben und einchecken" in refused
    page = browser.submit(admit_url(event, waiting), form_url=f"/manage/checkin/{event.id}?anmeldung={waiting.id}",
                          follow_redirects=True)
    assert "Willkommen, Aylin Demir!" in page.get_data(as_text=True)
    db.session.refresh(waiting)
    assert (waiting.state, waiting.checked_in_by_id, waiting.attendance) == ("attended", coordinator.id, "onsite")
    assert waiting.confirmed_at is not None and waiting.attended_at is not None
    assert mails_to(waiting.email) == []  # the person is standing at the desk


def test_admitting_at_a_full_meeting_says_that_it_is_full(browser, coordinator, event):
    event.capacity = 1
    registration(event, given_name="Erste")
    waiting = registration(event, given_name="Zweite", state="waitlisted")
    db.session.commit()
    browser.login(coordinator)
    page = browser.submit(admit_url(event, waiting), form_url=f"/manage/checkin/{event.id}", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Willkommen, Zweite Demir!" in html and "Die Veranstaltung ist voll: 2 Personen vor Ort bei 1 Platz." in html
    db.session.refresh(waiting)
    assert waiting.state == "attended"


def test_the_search_offers_the_coordinator_to_approve_and_check_in(browser, coordinator, event):
    waiting = registration(event, state="pending")
    cancelled = registration(event, given_name="Storniert", state="cancelled")
    db.session.commit()
    browser.login(coordinator)
    html = browser.get(f"/manage/checkin/{event.id}?q=demir").get_data(as_text=True)
    assert f'action="{admit_url(event, waiting)}"' in html
    assert admit_url(event, cancelled) not in html


@pytest.mark.parametrize("state", ["pending", "waitlisted"])
def test_a_helper_sees_the_refusal_and_is_told_to_fetch_the_coordination(browser, event, helper, state):
    waiting = registration(event, state=state)
    db.session.commit()
    browser.login(helper)
    html = scan(browser, event, waiting.checkin_code).get_data(as_text=True)
    assert "Nicht eingecheckt: Aylin Demir" in html and "Bitte die Koordination holen" in html
    assert admit_url(event, waiting) not in html
    found = browser.get(f"/manage/checkin/{event.id}?q=demir").get_data(as_text=True)
    assert admit_url(event, waiting) not in found and "Bitte die Koordination holen" in found
    response = browser.submit(admit_url(event, waiting), form_url=f"/manage/checkin/{event.id}")
    assert response.status_code == 403
    db.session.refresh(waiting)
    assert waiting.state == state


@pytest.mark.parametrize("state", ["cancelled", "confirmed", "attended"])
def test_only_pending_and_waitlisted_people_are_admitted(browser, coordinator, event, state):
    other = registration(event, state=state)
    db.session.commit()
    browser.login(coordinator)
    if state == "cancelled":  # cancelled stays refused: no button
        refused = scan(browser, event, other.checkin_code).get_data(as_text=True)
        assert "storniert" in refused and admit_url(event, other) not in refused
    page = browser.submit(admit_url(event, other), form_url=f"/manage/checkin/{event.id}", follow_redirects=True)
    said = "Aylin Demir ist bereits eingecheckt" if state == "attended" else "Aylin Demir wurde nicht freigegeben"
    assert said in page.get_data(as_text=True)
    db.session.refresh(other)
    assert other.state == state and other.checked_in_by_id is None


def test_admitting_someone_of_another_event_is_not_found(browser, coordinator, event):
    elsewhere = registration(factories.create_event(coordinator.networks[0], title="Fachkonferenz"), state="pending")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(admit_url(event, elsewhere), form_url=f"/manage/checkin/{event.id}")
    assert response.status_code == 404


# --- online participants of a hybrid meeting who come to the door -----------------------------------------------

@pytest.fixture
def hybrid(event):
    event.format, event.capacity, event.online_capacity = "hybrid", 40, 1
    db.session.commit()
    return event


def test_an_online_participant_at_the_door_takes_part_on_site_and_counts(browser, hybrid, helper):
    online = registration(hybrid, attendance="online")
    db.session.commit()
    browser.login(helper)
    html = scan(browser, hybrid, online.checkin_code).get_data(as_text=True)
    assert "Willkommen, Aylin Demir!" in html and "Nimmt jetzt vor Ort teil (war online angemeldet)." in html
    assert '<dd class="display-6 mb-0" id="arrived">1</dd>' in html
    assert '<dd class="display-6 mb-0" id="expected">1</dd>' in html
    db.session.refresh(online)
    assert (online.state, online.attendance) == ("attended", "onsite")


def test_the_online_place_left_behind_goes_to_the_first_waiting_online(browser, hybrid, helper):
    online = registration(hybrid, attendance="online")
    waiting = registration(hybrid, given_name="Wartend", attendance="online", state="waitlisted")
    db.session.commit()
    browser.login(helper)
    browser.submit(f"/manage/checkin/{hybrid.id}", {"registration_id": online.id},
                   form_url=f"/manage/checkin/{hybrid.id}?q=aylin")
    db.session.refresh(waiting)
    assert waiting.state == "confirmed"
    assert [mail.kind for mail in mails_to(waiting.email)] == ["moved_up"]


def test_an_onsite_participant_is_checked_in_without_a_note(browser, hybrid, helper):
    onsite = registration(hybrid)
    db.session.commit()
    browser.login(helper)
    html = scan(browser, hybrid, onsite.checkin_code).get_data(as_text=True)
    assert "Willkommen, Aylin Demir!" in html and "online angemeldet" not in html


def test_persons_are_found_by_their_address_not_duplicated(browser, coordinator, event, helper):
    factories.create_person(coordinator.networks[0], given_name="Jonas", family_name="Weber",
                            email="jonas@example.org")
    db.session.commit()
    browser.login(helper)
    walk_in(browser, event, given_name="Jonas", family_name="Weber", email="jonas@example.org")
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.email == "jonas@example.org")) == 1


# --- on a phone at the door -------------------------------------------------------------------------------------

@pytest.fixture
def phone(chromium):
    context = chromium.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed")
def test_a_helper_takes_in_a_walk_in_on_a_phone_by_keyboard(live_url, phone, event, helper):
    phone.goto(f"{live_url}/anmelden")
    phone.get_by_label("E-Mail").fill(helper.email)
    phone.get_by_label("Passwort").fill(factories.PASSWORD)
    with phone.expect_navigation():
        phone.get_by_label("Passwort").press("Enter")
    phone.goto(f"{live_url}/manage/checkin/{event.id}?q=Jonas Weber")
    with phone.expect_navigation():
        phone.get_by_role("link", name="Ohne Anmeldung gekommen: jetzt aufnehmen").click()
    assert phone.get_by_label("Nachname").input_value() == "Weber"
    phone.get_by_label("Vorname").fill("")
    with phone.expect_navigation():
        phone.get_by_label("Nachname").press("Enter")  # the first name forgotten: said beside it, and at the top
    expect(phone.locator(".error-summary")).to_be_focused()
    assert phone.locator("#given_name-error").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.get_by_label("Vorname").fill("Jonas")
    with phone.expect_navigation():
        phone.get_by_label("Vorname").press("Enter")
    assert "Willkommen, Jonas Weber!" in phone.content()
    assert phone.locator("#arrived").inner_text() == "1"


def test_a_walk_in_gets_the_mails_in_the_language_they_choose_not_the_desks(browser, event, helper):
    browser.login(helper)
    form = browser.get(walk_in_url(event)).get_data(as_text=True)
    assert '<option selected value="de">' in form and 'value="ar"' in form  # the desk's language until changed
    walk_in(browser, event, given_name="Amal", family_name="Haddad", email="amal@example.org", locale="ar")
    [walked_in] = registrations_of(event)
    assert walked_in.locale == "ar"
    [mail] = mails_to("amal@example.org")
    assert "Netzwerktreffen Bielefeld" in mail.body_text and any("\u0600" <= ch <= "\u06ff" for ch in mail.subject)


def test_nobody_is_taken_in_at_a_cancelled_event(browser, event, helper):
    event.status = "cancelled"
    db.session.commit()
    browser.login(helper)
    response = browser.client.get(walk_in_url(event))
    assert response.status_code == 409 and "Nur bei einer veröffentlichten Veranstaltung" in response.get_data(as_text=True)
    assert registrations_of(event) == []


def test_a_double_click_on_aufnehmen_takes_a_walk_in_without_an_address_in_once(browser, event, helper):
    browser.login(helper)
    walk_in(browser, event, given_name="Aylin", family_name="Demir")
    again = walk_in(browser, event, given_name="Aylin", family_name="Demir").get_data(as_text=True)
    assert [row.full_name for row in registrations_of(event)] == ["Aylin Demir"]
    assert "bereits eingecheckt" in again
