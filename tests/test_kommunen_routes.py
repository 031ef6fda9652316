from datetime import date

from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.kommunen.models import Kommune, Membership

from . import factories
from .conftest import csrf_from


def _kommune(name: str, bundesland: str = "Nordrhein-Westfalen") -> Kommune | None:
    return db.session.scalar(select(Kommune).where(Kommune.name == name, Kommune.bundesland == bundesland))


def test_coordinator_creates_a_kommune_and_adds_it_to_the_network_right_away(browser, coordinator):
    network = coordinator.networks[0]
    browser.login(coordinator)
    response = browser.submit("/manage/kommunen/neu", {
        "name": "Kreis Gütersloh", "kind": "Kreis", "bundesland": "Nordrhein-Westfalen",
        "network_id": str(network.id), "phase": "Pilotkommunen", "joined_on": "2017-03-01",
    })
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/netzwerke/{network.id}/kommunen")
    kommune = _kommune("Kreis Gütersloh")
    assert kommune.kind == "Kreis"
    [membership] = kommune.memberships
    assert (membership.network_id, membership.phase, membership.joined_on) == (network.id, "Pilotkommunen", date(2017, 3, 1))
    page = browser.get(f"/manage/netzwerke/{network.id}/kommunen").get_data(as_text=True)
    assert "Kreis Gütersloh" in page and "Pilotkommunen" in page


def test_kommune_without_network_is_created_as_reference_data(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/kommunen/neu",
                              {"name": "Marburg", "kind": "Stadt", "bundesland": "Hessen", "network_id": ""})
    assert response.status_code == 302
    kommune = _kommune("Marburg", "Hessen")
    assert kommune.memberships == []
    assert "Marburg" in browser.get("/manage/kommunen?q=marb").get_data(as_text=True)


def test_new_kommune_form_preselects_the_network_it_came_from(browser, coordinator):
    network = coordinator.networks[0]
    browser.login(coordinator)
    html = browser.get(f"/manage/kommunen/neu?network={network.id}").get_data(as_text=True)
    assert f'<option selected value="{network.id}">' in html
    assert '<option value="Pilotkommunen">' in html


def test_phase_without_network_asks_for_the_network(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/kommunen/neu", {
        "name": "Marburg", "kind": "Stadt", "bundesland": "Hessen", "network_id": "", "phase": "Pilotkommunen",
    })
    assert response.status_code == 422
    assert 'id="network_id-error"' in response.get_data(as_text=True)
    assert _kommune("Marburg", "Hessen") is None


def test_kommune_form_shows_errors_beside_the_fields(browser, coordinator):
    browser.login(coordinator)
    response = browser.submit("/manage/kommunen/neu", {"name": "", "kind": "Dorf", "bundesland": "Nordrhein-Westfalen"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error"' in html and "Bitte geben Sie einen Namen an." in html
    assert 'id="kind-error"' in html
    assert db.session.scalar(select(func.count(Kommune.id))) == 0


def test_kommune_name_must_be_unique_within_its_bundesland(browser, coordinator):
    factories.create_kommune(name="Neustadt", bundesland="Hessen")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit("/manage/kommunen/neu", {"name": "neustadt", "kind": "Stadt", "bundesland": "Hessen"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error"' in html and "„Neustadt“ gibt es in Hessen schon." in html
    response = browser.submit("/manage/kommunen/neu", {"name": "Neustadt", "kind": "Stadt", "bundesland": "Sachsen"})
    assert response.status_code == 302


def test_coordinator_edits_a_member_kommune_of_the_network(browser, coordinator):
    kommune = factories.create_kommune(name="Gütersloh", kind="Stadt")
    factories.create_membership(coordinator.networks[0], kommune)
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/kommunen/{kommune.id}/bearbeiten",
                              {"name": "Kreis Gütersloh", "kind": "Kreis", "bundesland": "Nordrhein-Westfalen"})
    assert response.status_code == 302
    db.session.refresh(kommune)
    assert (kommune.name, kommune.kind) == ("Kreis Gütersloh", "Kreis")


def test_saving_a_kommune_unchanged_is_not_a_duplicate_of_itself(browser, coordinator):
    kommune = factories.create_kommune(name="Bielefeld")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/kommunen/{kommune.id}/bearbeiten",
                              {"name": "Bielefeld", "kind": "Stadt", "bundesland": "Nordrhein-Westfalen"})
    assert response.status_code == 302


def test_kommune_list_searches_filters_and_shows_networks_with_phase(browser, coordinator):
    network = coordinator.networks[0]
    factories.create_membership(network, factories.create_kommune(name="Kreis Lippe", kind="Kreis"), phase="2. Phase")
    factories.create_kommune(name="Stadt Lippstadt", kind="Stadt")
    factories.create_kommune(name="Köln", kind="Stadt")
    factories.create_kommune(name="Landkreis Leipzig", kind="Landkreis", bundesland="Sachsen")
    db.session.commit()
    browser.login(coordinator)
    html = browser.get("/manage/kommunen?q=lipp").get_data(as_text=True)
    assert "Kreis Lippe" in html and "Stadt Lippstadt" in html and "Köln" not in html
    assert "Ankommen in Deutschland</a> (2. Phase)" in html
    html = browser.get("/manage/kommunen?kind=Kreis").get_data(as_text=True)
    assert "Kreis Lippe" in html and "Stadt Lippstadt" not in html
    html = browser.get("/manage/kommunen?bundesland=Sachsen").get_data(as_text=True)
    assert "Landkreis Leipzig" in html and "Köln" not in html


def test_coordinator_does_not_see_kommunen_of_other_networks_only(browser, coordinator):
    other = factories.create_network(name="Fremdes Netzwerk")
    shared = factories.create_kommune(name="Geteilte Stadt")
    factories.create_membership(other, shared)
    factories.create_membership(coordinator.networks[0], shared)
    factories.create_membership(other, factories.create_kommune(name="Fremdstadt"))
    factories.create_kommune(name="Freie Stadt")
    db.session.commit()
    browser.login(coordinator)
    html = browser.get("/manage/kommunen").get_data(as_text=True)
    assert "Geteilte Stadt" in html and "Freie Stadt" in html
    assert "Fremdstadt" not in html and "Fremdes Netzwerk" not in html


def test_admin_sees_every_kommune(browser, admin):
    factories.create_membership(factories.create_network(name="Fremdes Netzwerk"), factories.create_kommune(name="Fremdstadt"))
    db.session.commit()
    browser.login(admin)
    html = browser.get("/manage/kommunen").get_data(as_text=True)
    assert "Fremdstadt" in html and "Fremdes Netzwerk" in html


def test_coordinator_cannot_edit_or_delete_a_kommune_of_another_network(browser, coordinator):
    kommune = factories.create_kommune(name="Fremdstadt")
    factories.create_membership(factories.create_network(), kommune)
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(f"/manage/kommunen/{kommune.id}/bearbeiten").status_code == 403
    assert browser.get(f"/manage/kommunen/{kommune.id}/loeschen").status_code == 403
    token_page = browser.get("/manage/kommunen/neu").get_data(as_text=True)
    response = browser.client.post(f"/manage/kommunen/{kommune.id}/loeschen", data={"csrf_token": csrf_from(token_page)})
    assert response.status_code == 403
    assert db.session.get(Kommune, kommune.id) is not None


def test_coordinator_cannot_delete_kommune_that_is_still_a_member(browser, coordinator):
    kommune = factories.create_kommune(name="Gütersloh")
    factories.create_membership(coordinator.networks[0], kommune)
    factories.create_organisation(coordinator.networks[0], kommune=kommune)
    db.session.commit()
    browser.login(coordinator)
    page = browser.get(f"/manage/kommunen/{kommune.id}/loeschen").get_data(as_text=True)
    assert "Mitgliedschaften in Netzwerken: 1" in page and "Organisationen: 1" in page
    response = browser.submit(f"/manage/kommunen/{kommune.id}/loeschen", form_url="/manage/kommunen/neu")
    assert response.status_code == 409
    assert "Die Kommune kann nicht gelöscht werden" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Kommune, kommune.id) is not None


def test_unused_kommune_is_deleted_after_confirmation(browser, coordinator):
    kommune = factories.create_kommune(name="Tippfehlerstadt")
    db.session.commit()
    browser.login(coordinator)
    assert "wirklich löschen" in browser.get(f"/manage/kommunen/{kommune.id}/loeschen").get_data(as_text=True)
    response = browser.submit(f"/manage/kommunen/{kommune.id}/loeschen")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Kommune, kommune.id) is None


def test_post_without_csrf_token_is_refused_and_stores_nothing(browser, coordinator):
    browser.login(coordinator)
    response = browser.client.post("/manage/kommunen/neu", data={"name": "Ohne Token", "kind": "Stadt", "bundesland": "Bayern"})
    assert response.status_code == 400
    network = coordinator.networks[0]
    kommune = factories.create_kommune()
    db.session.commit()
    response = browser.client.post(f"/manage/netzwerke/{network.id}/kommunen/neu", data={"kommune_id": str(kommune.id)})
    assert response.status_code == 400
    assert _kommune("Ohne Token", "Bayern") is None
    assert db.session.scalar(select(func.count(Membership.id))) == 0


def test_kommune_list_needs_the_same_queries_for_10_and_500_rows(browser, admin, count_queries):
    network = factories.create_network()
    db.session.commit()
    browser.login(admin)

    def add_kommunen(start, stop):
        kommunen = [Kommune(name=f"Kommune {i:03d}", kind="Stadt", bundesland="Bayern") for i in range(start, stop)]
        db.session.add_all(kommunen)
        db.session.add_all(Membership(network=network, kommune=kommune, phase="Pilotkommunen") for kommune in kommunen)
        db.session.commit()

    add_kommunen(0, 10)
    with count_queries() as small:
        assert browser.get("/manage/kommunen").status_code == 200
    add_kommunen(10, 500)
    with count_queries() as large:
        html = browser.get("/manage/kommunen").get_data(as_text=True)
    assert "500 Einträge" in html
    assert large.n == small.n


def test_memberships_are_grouped_by_phase_with_their_dates(browser, coordinator):
    network = coordinator.networks[0]
    factories.create_membership(network, factories.create_kommune(name="Spätstadt"), phase="2. Phase", joined_on=date(2019, 1, 1))
    factories.create_membership(network, factories.create_kommune(name="Frühstadt"), phase="Pilotkommunen",
                                joined_on=date(2017, 1, 1), left_on=date(2018, 6, 30))
    db.session.commit()
    browser.login(coordinator)
    html = browser.get(f"/manage/netzwerke/{network.id}/kommunen").get_data(as_text=True)
    assert html.index("Pilotkommunen") < html.index("Frühstadt") < html.index("2. Phase") < html.index("Spätstadt")
    assert "30.06.2018" in html


def test_coordinator_adds_an_existing_kommune_to_the_network(browser, coordinator):
    network = coordinator.networks[0]
    kommune = factories.create_kommune(name="Kreis Kassel", kind="Landkreis", bundesland="Hessen")
    factories.create_membership(factories.create_network(), kommune)
    db.session.commit()
    browser.login(coordinator)
    form = browser.get(f"/manage/netzwerke/{network.id}/kommunen/neu").get_data(as_text=True)
    assert "Kreis Kassel (Hessen)" in form and '<datalist id="phase-suggestions">' in form
    response = browser.submit(f"/manage/netzwerke/{network.id}/kommunen/neu", {
        "kommune_id": str(kommune.id), "phase": "2. Phase", "joined_on": "2019-02-01", "left_on": "",
    })
    assert response.status_code == 302
    membership = db.session.scalar(select(Membership).where(Membership.network_id == network.id))
    assert (membership.kommune_id, membership.phase, membership.left_on) == (kommune.id, "2. Phase", None)


def test_kommune_cannot_join_the_same_network_twice(browser, coordinator):
    network = coordinator.networks[0]
    kommune = factories.create_kommune(name="Gütersloh")
    factories.create_membership(network, kommune)
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/netzwerke/{network.id}/kommunen/neu", {"kommune_id": str(kommune.id)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="kommune_id-error"' in html and "schon Mitglied des Netzwerks" in html


def test_leaving_must_come_after_joining(browser, coordinator):
    network = coordinator.networks[0]
    membership = factories.create_membership(network, factories.create_kommune(), joined_on=date(2018, 1, 1))
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/netzwerke/{network.id}/kommunen/{membership.id}"
    response = browser.submit(url, {"kommune_id": str(membership.kommune_id), "joined_on": "2018-01-01", "left_on": "2017-12-31"})
    assert response.status_code == 422
    assert 'id="left_on-error"' in response.get_data(as_text=True)
    response = browser.submit(url, {"kommune_id": str(membership.kommune_id), "phase": "Pilotkommunen",
                                    "joined_on": "2018-01-01", "left_on": "2020-12-31"})
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.left_on == date(2020, 12, 31)


def test_membership_is_removed_after_confirmation_and_the_kommune_stays(browser, coordinator):
    network = coordinator.networks[0]
    kommune = factories.create_kommune(name="Gütersloh")
    membership = factories.create_membership(network, kommune)
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/netzwerke/{network.id}/kommunen/{membership.id}/entfernen"
    assert "wirklich löschen" in browser.get(url).get_data(as_text=True)
    response = browser.submit(url)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Membership, membership.id) is None
    assert db.session.get(Kommune, kommune.id) is not None


def test_membership_of_another_network_is_not_found_under_this_one(browser, coordinator):
    network = coordinator.networks[0]
    membership = factories.create_membership(factories.create_network(), factories.create_kommune())
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(f"/manage/netzwerke/{network.id}/kommunen/{membership.id}").status_code == 404
    assert browser.get(f"/manage/netzwerke/{network.id}/kommunen/{membership.id}/entfernen").status_code == 404


def test_coordinator_cannot_open_memberships_of_another_network(browser, coordinator):
    other = factories.create_network()
    membership = factories.create_membership(other, factories.create_kommune())
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(f"/manage/netzwerke/{other.id}/kommunen").status_code == 403
    assert browser.get(f"/manage/netzwerke/{other.id}/kommunen/neu").status_code == 403
    assert browser.get(f"/manage/netzwerke/{other.id}/kommunen/{membership.id}/entfernen").status_code == 403
