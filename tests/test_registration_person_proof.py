"""Public input never rewrites a stored person: what someone enters stays on the registration, and the network's
contact changes only when the person proves the address (their private link) or a coordinator accepts it."""
import csv
import io

import pytest
from sqlalchemy import func, select

from netzwerk.badges.services import badge_data
from netzwerk.extensions import db
from netzwerk.organisations.models import Organisation
from netzwerk.people.models import Person
from netzwerk.registrations.models import Registration
from netzwerk.registrations.services import register

from . import factories


@pytest.fixture
def jobcenter(network):
    organisation = factories.create_organisation(network, name="Jobcenter Gütersloh", type="Jobcenter")
    db.session.commit()
    return organisation


@pytest.fixture
def anna(network, jobcenter):
    """A contact the network already keeps."""
    person = factories.create_person(network, given_name="Anna", family_name="Adler", email="anna@example.org",
                                     function="Integrationsbeauftragte", phone="05241 123", organisation=jobcenter)
    db.session.commit()
    return person


@pytest.fixture
def event(network):
    event = factories.create_event(network, capacity=20)
    db.session.commit()
    return event


def form_url(event):
    return f"/n/ankommen/{event.id}/anmelden"


def edit_url(registration):
    return f"/manage/veranstaltungen/{registration.event_id}/anmeldungen/{registration.id}"


def impostor(**extra):
    """Someone who types Anna's address with another name, function and a new organisation."""
    return {"given_name": "Mallory", "family_name": "Mustermann", "email": "Anna@Example.org",
            "function": "Geschäftsführung", "new_organisation": "Scheinfirma GmbH", "organisation_type": "Unternehmen",
            "consent": "y", **extra}


def stored(person):
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    return (person.given_name, person.family_name, person.function, person.phone,
            person.organisation.name if person.organisation else None)


ANNA = ("Anna", "Adler", "Integrationsbeauftragte", "05241 123", "Jobcenter Gütersloh")


def organisation_named(name):
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def only_registration(event):
    db.session.expire_all()
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)).one()


def test_anonymous_registration_with_a_known_email_leaves_the_stored_person_as_it_is(browser, event, anna):
    response = browser.submit(form_url(event), impostor())
    assert response.status_code == 302
    assert stored(anna) == ANNA
    assert organisation_named("Scheinfirma GmbH") is None  # public input adds no organisation
    registration = only_registration(event)
    assert registration.person_id == anna.id
    assert (registration.given_name, registration.family_name, registration.function) == (
        "Mallory", "Mustermann", "Geschäftsführung")
    assert (registration.organisation_name, registration.organisation_type) == ("Scheinfirma GmbH", "Unternehmen")


def test_choosing_another_listed_organisation_in_public_does_not_move_the_person(browser, event, anna, network):
    ihk = factories.create_organisation(network, name="IHK Ostwestfalen", type="IHK")
    db.session.commit()
    response = browser.submit(form_url(event), impostor(new_organisation="", organisation_id=str(ihk.id)))
    assert response.status_code == 302
    assert stored(anna) == ANNA
    registration = only_registration(event)
    assert (registration.organisation_id, registration.organisation_type) == (ihk.id, "IHK")


def test_coordinator_sees_what_differs_and_takes_it_over(browser, coordinator, event, anna):
    browser.submit(form_url(event), impostor())
    registration = only_registration(event)
    browser.login(coordinator)
    page = browser.get(edit_url(registration)).get_data(as_text=True)
    assert "Angaben weichen vom gespeicherten Kontakt ab" in page
    for field, was, entered in (("given_name", "Anna", "Mallory"), ("family_name", "Adler", "Mustermann"),
                                ("function", "Integrationsbeauftragte", "Geschäftsführung"),
                                ("organisation", "Jobcenter Gütersloh", "Scheinfirma GmbH (neu, Unternehmen)")):
        assert f'<tr data-field="{field}"><th scope="row">' in page
        row = page.split(f'<tr data-field="{field}">', 1)[1].split("</tr>", 1)[0]
        assert f"<td>{was}</td><td>{entered}</td>" in row, row
    assert 'data-field="phone"' not in page  # left blank: no difference

    response = browser.submit(f"{edit_url(registration)}/angaben/uebernehmen", form_url=edit_url(registration))
    assert response.status_code == 302
    page = browser.get(response.location).get_data(as_text=True)
    assert "wurden in den Kontakt übernommen" in page and "Angaben weichen" not in page
    new_organisation = organisation_named("Scheinfirma GmbH")
    assert new_organisation is not None and new_organisation.type == "Unternehmen"
    assert stored(anna) == ("Mallory", "Mustermann", "Geschäftsführung", "05241 123", "Scheinfirma GmbH")
    registration = only_registration(event)
    assert (registration.organisation_id, registration.organisation_name) == (new_organisation.id, "")


def test_coordinator_discards_the_entered_details_and_the_registration_shows_the_contact(browser, coordinator,
                                                                                      event, anna):
    browser.submit(form_url(event), impostor())
    registration = only_registration(event)
    browser.login(coordinator)
    response = browser.submit(f"{edit_url(registration)}/angaben/verwerfen", form_url=edit_url(registration))
    assert response.status_code == 302
    page = browser.get(response.location).get_data(as_text=True)
    assert "verworfen" in page and "Angaben weichen" not in page
    assert stored(anna) == ANNA and organisation_named("Scheinfirma GmbH") is None
    registration = only_registration(event)
    assert (registration.full_name, registration.function, registration.organisation_label) == (
        "Anna Adler", "Integrationsbeauftragte", "Jobcenter Gütersloh")
    assert registration.organisation_name == ""


def test_details_actions_refuse_what_does_not_fit(browser, coordinator, event, anna):
    with browser.client.application.test_request_context():
        same = register(event.id, {"given_name": "Anna", "family_name": "Adler", "email": "anna@example.org",
                                   "consent": True}).registration
    db.session.commit()
    browser.login(coordinator)
    assert "Angaben weichen" not in browser.get(edit_url(same)).get_data(as_text=True)
    nothing = browser.submit(f"{edit_url(same)}/angaben/uebernehmen", form_url=edit_url(same), follow_redirects=True)
    assert nothing.status_code == 200 and "nichts zu übernehmen" in nothing.get_data(as_text=True)
    assert browser.submit(f"{edit_url(same)}/angaben/irgendwas", form_url=edit_url(same)).status_code == 404
    assert browser.client.post(f"{edit_url(same)}/angaben/uebernehmen").status_code == 400  # no CSRF token
    assert browser.get(f"{edit_url(same)}/angaben/uebernehmen").status_code == 405
    assert stored(anna) == ANNA


def test_the_person_changes_their_details_through_the_private_link(app, browser, event, anna, network):
    ihk = factories.create_organisation(network, name="IHK Ostwestfalen", type="IHK")
    db.session.commit()
    with app.test_request_context():
        outcome = register(event.id, {"given_name": "Anne", "family_name": "Adler", "email": "anna@example.org",
                                      "consent": True})
    db.session.commit()
    assert stored(anna) == ANNA  # registering alone proves nothing
    edit = f"/anmeldung/{outcome.token}/aendern"
    form = browser.get(edit).get_data(as_text=True)
    assert 'value="Anne"' in form and 'value="Integrationsbeauftragte"' in form
    response = browser.submit(edit, {"given_name": "Anna-Lena", "family_name": "Adler-Berg",
                                     "function": "Teamleitung", "organisation_id": str(ihk.id)})
    assert response.status_code == 302
    assert stored(anna) == ("Anna-Lena", "Adler-Berg", "Teamleitung", "05241 123", "IHK Ostwestfalen")
    registration = only_registration(event)
    assert (registration.full_name, registration.organisation_label) == ("Anna-Lena Adler-Berg", "IHK Ostwestfalen")
    assert not registration.differs_from_person


def test_a_new_organisation_entered_through_the_private_link_waits_for_a_coordinator(app, browser, event, anna):
    with app.test_request_context():
        outcome = register(event.id, {"given_name": "Anna", "family_name": "Adler", "email": "anna@example.org",
                                      "consent": True})
    db.session.commit()
    response = browser.submit(f"/anmeldung/{outcome.token}/aendern", {
        "given_name": "Anna", "family_name": "Adler", "function": "", "new_organisation": "Bildungswerk Nord",
        "organisation_type": "Bildungsträger"})
    assert response.status_code == 302
    assert organisation_named("Bildungswerk Nord") is None and stored(anna) == ANNA
    registration = only_registration(event)
    assert registration.organisation_label == "Bildungswerk Nord" and registration.differs_from_person
    again = browser.get(f"/anmeldung/{outcome.token}/aendern").get_data(as_text=True)
    assert 'value="Bildungswerk Nord"' in again  # what was entered is kept, not lost


def test_a_new_address_becomes_a_new_person_but_adds_no_organisation(browser, coordinator, event):
    response = browser.submit(form_url(event), impostor(email="neu@example.org"))
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.email == "neu@example.org"))
    assert (person.given_name, person.family_name, person.function, person.organisation) == (
        "Mallory", "Mustermann", "Geschäftsführung", None)
    assert organisation_named("Scheinfirma GmbH") is None
    registration = only_registration(event)
    browser.login(coordinator)
    page = browser.get(edit_url(registration)).get_data(as_text=True)
    assert 'data-field="organisation"' in page and 'data-field="given_name"' not in page
    browser.submit(f"{edit_url(registration)}/angaben/uebernehmen", form_url=edit_url(registration))
    assert stored(person)[4] == "Scheinfirma GmbH"


def test_list_export_and_badge_show_what_was_entered(browser, coordinator, event, anna):
    browser.submit(form_url(event), impostor())
    registration = only_registration(event)
    browser.login(coordinator)
    page = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen").get_data(as_text=True)
    assert "Mallory Mustermann" in page and "Scheinfirma GmbH" in page and "weicht vom Kontakt ab" in page
    export = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.csv").get_data().decode("utf-8-sig")
    [header, row] = list(csv.reader(io.StringIO(export), delimiter=";"))
    row = dict(zip(header, row))
    assert (row["Vorname"], row["Nachname"], row["Organisation"]) == ("Mallory", "Mustermann", "Scheinfirma GmbH")
    with browser.client.application.test_request_context():
        badge = badge_data(event, registration)
    assert (badge.name, badge.organisation, badge.function) == (
        "Mallory Mustermann", "Scheinfirma GmbH", "Geschäftsführung")


def test_coordinator_adding_someone_by_hand_still_updates_the_contact(browser, coordinator, event, anna):
    browser.login(coordinator)
    url = f"/manage/veranstaltungen/{event.id}/anmeldungen/neu"
    response = browser.submit(url, {"given_name": "Anna", "family_name": "Adler-Berg", "email": "anna@example.org",
                                     "function": "Teamleitung", "new_organisation": "Bildungswerk Nord",
                                     "organisation_type": "Bildungsträger"})
    assert response.status_code == 302
    assert stored(anna) == ("Anna", "Adler-Berg", "Teamleitung", "05241 123", "Bildungswerk Nord")
    assert not only_registration(event).differs_from_person


def test_fair_visitor_with_a_known_email_does_not_rename_the_person(browser, network, anna):
    network.privacy_text = "Ihre Angaben nutzen wir nur für die Messe."
    fair = factories.create_fair_event(network)
    db.session.commit()
    response = browser.submit(f"/n/ankommen/{fair.id}/messe/besuchen", {
        "given_name": "Mallory", "family_name": "Mustermann", "email": "anna@example.org", "phone": "0151 999",
        "german_level": "A2", "languages": ["Arabisch"], "sectors": ["Pflege"], "consent": "y"})
    assert response.status_code == 302
    assert stored(anna) == ANNA
    registration = only_registration(fair)
    assert (registration.full_name, registration.phone, registration.person_id) == (
        "Mallory Mustermann", "0151 999", anna.id)
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1
