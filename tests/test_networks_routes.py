from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.networks.models import Network

from . import factories


def test_coordinator_creates_a_network_and_then_manages_it(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/netzwerke/neu", {"name": "Integrationsnetzwerk Landkreis Kassel", "slug": ""})
    assert response.status_code == 302
    network = db.session.scalar(select(Network).where(Network.name == "Integrationsnetzwerk Landkreis Kassel"))
    assert network.slug == "integrationsnetzwerk-landkreis-kassel"
    assert network in coordinator.networks
    assert "Integrationsnetzwerk Landkreis Kassel" in browser.get("/manage/netzwerke").get_data(as_text=True)


def test_network_form_shows_errors_beside_the_fields(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/netzwerke/neu", {"name": "", "slug": "Ungültig Groß", "contact_email": "kein-mail"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error"' in html and 'id="slug-error"' in html and 'id="contact_email-error"' in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(select(Network).where(Network.slug == "Ungültig Groß")) is None


def test_taken_slug_is_refused(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/netzwerke/neu", {"name": "Zweites", "slug": "ankommen"})
    assert response.status_code == 422
    assert "schon vergeben" in response.get_data(as_text=True)


def test_coordinator_edits_own_network(browser, coordinator):
    network = coordinator.networks[0]
    browser.login(coordinator)
    response = browser.submit(f"/manage/netzwerke/{network.id}/bearbeiten",
                              {"name": "Ankommen in Deutschland – 2. Phase", "slug": "ankommen"})
    assert response.status_code == 302
    db.session.refresh(network)
    assert network.name == "Ankommen in Deutschland – 2. Phase"


def test_network_with_events_cannot_be_deleted(browser, admin):
    network = factories.create_network()
    factories.create_event(network)
    factories.create_event(network)
    db.session.commit()
    browser.login(admin)
    page = browser.get(f"/manage/netzwerke/{network.id}/loeschen").get_data(as_text=True)
    assert "Veranstaltungen: 2" in page
    response = browser.submit(f"/manage/netzwerke/{network.id}/loeschen")
    assert response.status_code == 409
    assert db.session.get(Network, network.id) is not None


def test_empty_network_is_deleted_after_confirmation(browser, admin):
    network = factories.create_network(name="Testnetz")
    db.session.commit()
    browser.login(admin)
    assert "wirklich löschen" in browser.get(f"/manage/netzwerke/{network.id}/loeschen").get_data(as_text=True)
    response = browser.submit(f"/manage/netzwerke/{network.id}/loeschen")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Network, network.id) is None


def test_post_without_csrf_token_is_refused_and_changes_nothing(browser, coordinator):
    browser.login(coordinator)
    response = browser.client.post("/manage/netzwerke/neu", data={"name": "Ohne Token", "slug": "ohne-token"})
    assert response.status_code == 400
    assert "abgelaufen" in response.get_data(as_text=True)
    assert db.session.scalar(select(Network).where(Network.slug == "ohne-token")) is None


def test_network_list_search_and_pagination(browser, admin):
    db.session.add_all(Network(name=f"Netz {i:03d}", slug=f"netz-{i:03d}") for i in range(60))
    db.session.commit()
    browser.login(admin)
    first = browser.get("/manage/netzwerke").get_data(as_text=True)
    assert "Netz 000" in first and "Netz 055" not in first
    assert "Netz 055" in browser.get("/manage/netzwerke?page=2").get_data(as_text=True)
    found = browser.get("/manage/netzwerke?q=Netz 042").get_data(as_text=True)
    assert "Netz 042" in found and "Netz 041" not in found


def test_network_list_issues_constant_queries(browser, admin, count_queries):
    browser.login(admin)

    def queries_with(rows):
        db.session.add_all(Network(name=f"N{rows}-{i}", slug=f"n{rows}-{i}") for i in range(rows))
        db.session.commit()
        with count_queries() as counted:
            assert browser.get("/manage/netzwerke").status_code == 200
        return counted.n

    assert queries_with(10) == queries_with(490)


def test_changing_the_privacy_text_gives_it_a_new_version(browser, coordinator):
    network = coordinator.networks[0]
    browser.login(coordinator)
    url = f"/manage/netzwerke/{network.id}/bearbeiten"
    browser.submit(url, {"name": network.name, "slug": network.slug, "privacy_text": "Wir verarbeiten Ihre Daten."})
    db.session.refresh(network)
    assert (network.privacy_text, network.privacy_version) == ("Wir verarbeiten Ihre Daten.", 2)
    browser.submit(url, {"name": network.name, "slug": network.slug, "privacy_text": "Wir verarbeiten Ihre Daten."})
    db.session.refresh(network)
    assert network.privacy_version == 2
