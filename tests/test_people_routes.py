from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.people.models import Person

from . import factories
from .conftest import csrf_from


def _person(family_name: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.family_name == family_name))


def _fields(network, **overrides) -> dict:
    values = dict(network_id=str(network.id), given_name="Aylin", family_name="Demir", email="a.demir@example.org",
                  phone="05241 123", function="Integrationsmanager:in", organisation_id="")
    return {**values, **overrides}


def test_coordinator_adds_a_person_with_organisation_and_function(browser, coordinator):
    network = coordinator.networks[0]
    organisation = factories.create_organisation(network, name="Jobcenter Gütersloh")
    db.session.commit()
    browser.login(coordinator)
    form = browser.get(f"/manage/personen/neu?network={network.id}").get_data(as_text=True)
    assert f'<option selected value="{network.id}">' in form
    assert '<datalist id="function-suggestions">' in form and '<option value="Fallmanager:in">' in form
    response = browser.submit("/manage/personen/neu", _fields(network, organisation_id=str(organisation.id)))
    assert response.status_code == 302
    person = _person("Demir")
    assert (person.given_name, person.email, person.function) == ("Aylin", "a.demir@example.org", "Integrationsmanager:in")
    assert person.organisation_id == organisation.id


def test_person_needs_names_and_a_valid_email(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/personen/neu", _fields(coordinator.networks[0], given_name="", family_name=" ",
                                                                email="keine-adresse"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="given_name-error"' in html and "Bitte geben Sie einen Vornamen an." in html
    assert 'id="family_name-error"' in html
    assert 'id="email-error"' in html and "gültige E-Mail-Adresse" in html
    assert db.session.scalar(select(func.count(Person.id))) == 0


def test_person_without_email_is_fine(browser, coordinator):
    factories.create_person(coordinator.networks[0], email="")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit("/manage/personen/neu", _fields(coordinator.networks[0], email=""))
    assert response.status_code == 302
    assert _person("Demir").email == ""


def test_email_is_unique_within_the_network(browser, coordinator):
    network = coordinator.networks[0]
    factories.create_person(network, given_name="Jonas", family_name="Weber", email="j.weber@example.org")
    factories.create_person(factories.create_network(), email="a.demir@example.org")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit("/manage/personen/neu", _fields(network, email="J.Weber@example.org"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="email-error"' in html and "Jonas Weber" in html
    assert browser.submit("/manage/personen/neu", _fields(network)).status_code == 302


def test_organisation_of_another_network_is_refused(browser, coordinator):
    home = coordinator.networks[0]
    second = factories.create_network(name="Zweites Netzwerk")
    coordinator.networks.append(second)
    elsewhere = factories.create_organisation(second, name="Jobcenter Kassel")
    db.session.commit()
    browser.login(coordinator)
    form = browser.get("/manage/personen/neu").get_data(as_text=True)
    assert f'<optgroup label="Zweites Netzwerk"><option value="{elsewhere.id}">Jobcenter Kassel</option></optgroup>' in form
    response = browser.submit("/manage/personen/neu", _fields(home, organisation_id=str(elsewhere.id)))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="organisation_id-error"' in html and "gehört zu einem anderen Netzwerk" in html
    assert _person("Demir") is None


def test_coordinator_edits_a_person(browser, coordinator):
    network = coordinator.networks[0]
    person = factories.create_person(network, given_name="Jonas", family_name="Weber", email="j.weber@example.org")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/personen/{person.id}/bearbeiten", _fields(
        network, given_name="Jonas", family_name="Weber-Schmidt", email="j.weber@example.org", function="Fallmanager:in"))
    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.family_name, person.function) == ("Weber-Schmidt", "Fallmanager:in")


def test_speaker_cannot_move_to_another_network(browser, coordinator):
    home = coordinator.networks[0]
    second = factories.create_network(name="Zweites Netzwerk")
    coordinator.networks.append(second)
    person = factories.create_person(home, family_name="Weber")
    item = factories.create_agenda_item(factories.create_event(home))
    item.speakers.append(person)
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/personen/{person.id}/bearbeiten", _fields(second, family_name="Weber", email=""))
    assert response.status_code == 422
    assert 'id="network_id-error"' in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.network_id == home.id


def test_person_list_searches_names_email_and_function_sorted_by_family_name(browser, coordinator):
    network = coordinator.networks[0]
    organisation = factories.create_organisation(network, name="Caritas Gütersloh")
    factories.create_person(network, given_name="Zoe", family_name="Becker", function="Fallmanager:in", organisation=organisation)
    factories.create_person(network, given_name="Anna", family_name="Albers", function="Fallmanager:in")
    factories.create_person(network, given_name="Fallon", family_name="Yilmaz", email="yilmaz@example.org")
    factories.create_person(network, given_name="Jonas", family_name="Weber", function="Arbeitsvermittler:in")
    db.session.commit()
    browser.login(coordinator)
    html = browser.get("/manage/personen?q=fall").get_data(as_text=True)
    assert html.index("Albers, Anna") < html.index("Becker, Zoe") < html.index("Yilmaz, Fallon")
    assert "Weber" not in html and "Caritas Gütersloh" in html
    html = browser.get("/manage/personen?q=yilmaz@").get_data(as_text=True)
    assert "Yilmaz, Fallon" in html and "Albers" not in html
    html = browser.get(f"/manage/personen?organisation={organisation.id}").get_data(as_text=True)
    assert "Becker, Zoe" in html and "Albers" not in html


def test_coordinator_does_not_see_people_of_other_networks(browser, coordinator):
    other = factories.create_network(name="Fremdes Netzwerk")
    factories.create_organisation(other, name="Fremde Organisation")
    factories.create_person(other, family_name="Fremdperson")
    db.session.commit()
    browser.login(coordinator)
    html = browser.get("/manage/personen").get_data(as_text=True)
    assert "Fremdperson" not in html and "Fremdes Netzwerk" not in html
    assert "Fremdperson" not in browser.get(f"/manage/personen?network={other.id}").get_data(as_text=True)
    form = browser.get("/manage/personen/neu").get_data(as_text=True)
    assert "Fremde Organisation" not in form and "Fremdes Netzwerk" not in form


def test_coordinator_cannot_edit_or_delete_a_person_of_another_network(browser, coordinator):
    person = factories.create_person(factories.create_network(), family_name="Fremdperson")
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(f"/manage/personen/{person.id}/bearbeiten").status_code == 403
    assert browser.get(f"/manage/personen/{person.id}/loeschen").status_code == 403
    token = csrf_from(browser.get("/manage/personen/neu").get_data(as_text=True))
    assert browser.client.post(f"/manage/personen/{person.id}/loeschen", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Person, person.id) is not None


def test_speaker_cannot_be_deleted(browser, coordinator):
    network = coordinator.networks[0]
    person = factories.create_person(network, family_name="Weber")
    item = factories.create_agenda_item(factories.create_event(network), title="Impulsreferat")
    item.speakers.append(person)
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/personen/{person.id}/loeschen"
    assert "Programmpunkte (als Referent:in): 1" in browser.get(url).get_data(as_text=True)
    response = browser.submit(url, form_url="/manage/personen/neu")
    assert response.status_code == 409
    assert "Die Person kann nicht gelöscht werden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Person, person.id) is not None


def test_person_is_deleted_after_confirmation(browser, coordinator):
    person = factories.create_person(coordinator.networks[0], family_name="Weber")
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/personen/{person.id}/loeschen"
    assert "wirklich löschen" in browser.get(url).get_data(as_text=True)
    assert browser.submit(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, person.id) is None


def test_post_without_csrf_token_is_refused_and_stores_nothing(browser, coordinator):
    browser.login(coordinator)
    response = browser.client.post("/manage/personen/neu", data=_fields(coordinator.networks[0]))
    assert response.status_code == 400
    assert _person("Demir") is None


def test_person_list_needs_the_same_queries_for_10_and_500_rows(browser, coordinator, count_queries):
    network = coordinator.networks[0]
    organisation = factories.create_organisation(network)
    db.session.commit()
    browser.login(coordinator)

    def add_people(start, stop):
        db.session.add_all(Person(network=network, given_name="Vorname", family_name=f"Name {i:03d}",
                                  email=f"p{i}@example.org", organisation=organisation) for i in range(start, stop))
        db.session.commit()

    add_people(0, 10)
    with count_queries() as small:
        assert browser.get("/manage/personen").status_code == 200
    add_people(10, 500)
    with count_queries() as large:
        html = browser.get("/manage/personen").get_data(as_text=True)
    assert "500 Einträge" in html
    assert large.n == small.n
