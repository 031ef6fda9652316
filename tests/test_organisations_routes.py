from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.organisations.models import Organisation

from . import factories
from .conftest import csrf_from


def _organisation(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def test_coordinator_creates_an_organisation_in_the_network(browser, coordinator):
    network = coordinator.networks[0]
    kommune = factories.create_kommune(name="Gütersloh")
    factories.create_membership(network, kommune)
    db.session.commit()
    browser.login(coordinator)
    form = browser.get(f"/manage/organisationen/neu?network={network.id}").get_data(as_text=True)
    assert f'<option selected value="{network.id}">' in form and "Gütersloh (Nordrhein-Westfalen)" in form
    response = browser.submit("/manage/organisationen/neu", {
        "network_id": str(network.id), "name": "Jobcenter Kreis Gütersloh", "type": "Jobcenter", "kommune_id": str(kommune.id),
    })
    assert response.status_code == 302
    organisation = _organisation("Jobcenter Kreis Gütersloh")
    assert (organisation.network_id, organisation.type, organisation.kommune_id) == (network.id, "Jobcenter", kommune.id)


def test_organisation_without_kommune_is_fine(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/organisationen/neu", {
        "network_id": str(coordinator.networks[0].id), "name": "IQ Netzwerk NRW", "type": "IQ Netzwerk", "kommune_id": "",
    })
    assert response.status_code == 302
    assert _organisation("IQ Netzwerk NRW").kommune_id is None


def test_organisation_form_shows_errors_beside_the_fields(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/organisationen/neu", {
        "network_id": str(coordinator.networks[0].id), "name": "", "type": "Verein", "kommune_id": "",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error"' in html and "Bitte geben Sie einen Namen an." in html
    assert 'id="type-error"' in html
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_organisation_name_must_be_unique_within_the_network(browser, coordinator):
    network = coordinator.networks[0]
    factories.create_organisation(network, name="Caritas Gütersloh", type="Wohlfahrtsverband")
    factories.create_organisation(factories.create_network(), name="Diakonie Kassel")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit("/manage/organisationen/neu", {
        "network_id": str(network.id), "name": "caritas gütersloh", "type": "Wohlfahrtsverband", "kommune_id": "",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error"' in html and "gibt es im Netzwerk schon" in html
    response = browser.submit("/manage/organisationen/neu", {
        "network_id": str(network.id), "name": "Diakonie Kassel", "type": "Wohlfahrtsverband", "kommune_id": "",
    })
    assert response.status_code == 302


def test_coordinator_edits_an_organisation(browser, coordinator):
    organisation = factories.create_organisation(coordinator.networks[0], name="Agentur Gütersloh", type="Jobcenter")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/organisationen/{organisation.id}/bearbeiten", {
        "network_id": str(organisation.network_id), "name": "Agentur für Arbeit Bielefeld", "type": "Agentur für Arbeit",
        "kommune_id": "",
    })
    assert response.status_code == 302
    db.session.refresh(organisation)
    assert (organisation.name, organisation.type) == ("Agentur für Arbeit Bielefeld", "Agentur für Arbeit")


def test_organisation_with_people_cannot_move_to_another_network(browser, coordinator):
    home = coordinator.networks[0]
    other = factories.create_network(name="Zweites Netzwerk")
    coordinator.networks.append(other)
    organisation = factories.create_organisation(home, name="IHK Ostwestfalen", type="IHK")
    factories.create_person(home, organisation=organisation)
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/organisationen/{organisation.id}/bearbeiten", {
        "network_id": str(other.id), "name": "IHK Ostwestfalen", "type": "IHK", "kommune_id": "",
    })
    assert response.status_code == 422
    assert 'id="network_id-error"' in response.get_data(as_text=True)
    db.session.refresh(organisation)
    assert organisation.network_id == home.id


def test_organisation_list_searches_and_filters(browser, coordinator):
    home = coordinator.networks[0]
    second = factories.create_network(name="Zweites Netzwerk")
    coordinator.networks.append(second)
    kommune = factories.create_kommune(name="Bielefeld")
    factories.create_organisation(home, name="Jobcenter Bielefeld", type="Jobcenter", kommune=kommune)
    factories.create_organisation(home, name="Handwerkskammer OWL", type="Handwerkskammer")
    factories.create_organisation(second, name="Jobcenter Kassel", type="Jobcenter")
    db.session.commit()
    browser.login(coordinator)
    html = browser.get("/manage/organisationen?q=jobcenter").get_data(as_text=True)
    assert "Jobcenter Bielefeld" in html and "Jobcenter Kassel" in html and "Handwerkskammer OWL" not in html
    assert "Bielefeld</td>" in html
    html = browser.get(f"/manage/organisationen?network={home.id}&type=Jobcenter").get_data(as_text=True)
    assert "Jobcenter Bielefeld" in html and "Jobcenter Kassel" not in html and "Handwerkskammer OWL" not in html


def test_coordinator_does_not_see_organisations_of_other_networks(browser, coordinator):
    other = factories.create_network(name="Fremdes Netzwerk")
    factories.create_organisation(other, name="Fremde Organisation")
    db.session.commit()
    browser.login(coordinator)
    html = browser.get("/manage/organisationen").get_data(as_text=True)
    assert "Fremde Organisation" not in html and "Fremdes Netzwerk" not in html
    html = browser.get(f"/manage/organisationen?network={other.id}").get_data(as_text=True)
    assert "Fremde Organisation" not in html
    assert "Fremdes Netzwerk" not in browser.get("/manage/organisationen/neu").get_data(as_text=True)


def test_coordinator_cannot_edit_or_delete_an_organisation_of_another_network(browser, coordinator):
    organisation = factories.create_organisation(factories.create_network(), name="Fremde Organisation")
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(f"/manage/organisationen/{organisation.id}/bearbeiten").status_code == 403
    assert browser.get(f"/manage/organisationen/{organisation.id}/loeschen").status_code == 403
    token = csrf_from(browser.get("/manage/organisationen/neu").get_data(as_text=True))
    response = browser.client.post(f"/manage/organisationen/{organisation.id}/loeschen", data={"csrf_token": token})
    assert response.status_code == 403
    response = browser.client.post(f"/manage/organisationen/{organisation.id}/bearbeiten", data={
        "csrf_token": token, "network_id": str(coordinator.networks[0].id), "name": "Gekapert", "type": "IHK",
    })
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).name == "Fremde Organisation"


def test_coordinator_cannot_put_an_organisation_into_another_network(browser, coordinator):
    other = factories.create_network(name="Fremdes Netzwerk")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit("/manage/organisationen/neu", {
        "network_id": str(other.id), "name": "Untergeschoben", "type": "IHK", "kommune_id": "",
    })
    assert response.status_code == 422
    assert _organisation("Untergeschoben") is None


def test_organisation_with_people_cannot_be_deleted(browser, coordinator):
    organisation = factories.create_organisation(coordinator.networks[0], name="Jobcenter Gütersloh")
    factories.create_person(coordinator.networks[0], organisation=organisation)
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/organisationen/{organisation.id}/loeschen"
    assert "Personen: 1" in browser.get(url).get_data(as_text=True)
    response = browser.submit(url, form_url="/manage/organisationen/neu")
    assert response.status_code == 409
    assert "Die Organisation kann nicht gelöscht werden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id) is not None


def test_unused_organisation_is_deleted_after_confirmation(browser, coordinator):
    organisation = factories.create_organisation(coordinator.networks[0], name="Doppelt angelegt")
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/organisationen/{organisation.id}/loeschen"
    assert "wirklich löschen" in browser.get(url).get_data(as_text=True)
    assert browser.submit(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id) is None


def test_post_without_csrf_token_is_refused_and_stores_nothing(browser, coordinator):
    browser.login(coordinator)
    response = browser.client.post("/manage/organisationen/neu", data={
        "network_id": str(coordinator.networks[0].id), "name": "Ohne Token", "type": "IHK",
    })
    assert response.status_code == 400
    assert _organisation("Ohne Token") is None


def test_organisation_list_needs_the_same_queries_for_10_and_500_rows(browser, coordinator, count_queries):
    network = coordinator.networks[0]
    kommune = factories.create_kommune()
    db.session.commit()
    browser.login(coordinator)

    def add_organisations(start, stop):
        db.session.add_all(Organisation(network=network, name=f"Organisation {i:03d}", type="Jobcenter", kommune=kommune)
                           for i in range(start, stop))
        db.session.commit()

    add_organisations(0, 10)
    with count_queries() as small:
        assert browser.get("/manage/organisationen").status_code == 200
    add_organisations(10, 500)
    with count_queries() as large:
        html = browser.get("/manage/organisationen").get_data(as_text=True)
    assert "500 Einträge" in html
    assert large.n == small.n
