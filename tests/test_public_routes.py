from datetime import date, timedelta

from netzwerk.extensions import db

from . import factories


def test_network_page_shows_upcoming_events_and_an_archive_but_no_drafts(client):
    network = factories.create_network(slug="ankommen", name="Ankommen in Deutschland")
    past_day = date.today() - timedelta(days=300)
    factories.create_event(network, title="Netzwerktreffen Gütersloh")
    factories.create_event(network, title="Lernnetzwerktreffen Abschluss",
                           starts_at=factories.at(past_day, 10), ends_at=factories.at(past_day, 16))
    factories.create_event(network, title="Geheimer Entwurf", status="draft")
    db.session.commit()
    html = client.get("/n/ankommen/").get_data(as_text=True)
    upcoming, archive = html.split("Archiv")
    assert "Netzwerktreffen Gütersloh" in upcoming
    assert "Lernnetzwerktreffen Abschluss" in archive
    assert "Geheimer Entwurf" not in html


def test_draft_event_page_is_not_found(client):
    network = factories.create_network(slug="ankommen")
    draft = factories.create_event(network, status="draft")
    db.session.commit()
    assert client.get(f"/n/ankommen/{draft.id}").status_code == 404


def test_event_page_shows_date_place_and_agenda(client):
    network = factories.create_network(slug="ankommen")
    event = factories.create_event(network, title="Fachkonferenz Düsseldorf", venue_name="Haus der Wirtschaft")
    factories.create_agenda_item(event, title="Begrüßung durch die Programmleitung")
    db.session.commit()
    html = client.get(f"/n/ankommen/{event.id}").get_data(as_text=True)
    assert "Fachkonferenz Düsseldorf" in html and "Haus der Wirtschaft" in html
    assert "Begrüßung durch die Programmleitung" in html and "10:00" in html


def test_event_of_another_network_is_not_found_under_this_one(client):
    factories.create_network(slug="ankommen")
    other = factories.create_network(slug="anderes")
    event = factories.create_event(other)
    db.session.commit()
    assert client.get(f"/n/ankommen/{event.id}").status_code == 404


def test_cancelled_event_stays_visible_and_says_so(client):
    network = factories.create_network(slug="ankommen")
    event = factories.create_event(network, status="cancelled")
    db.session.commit()
    assert "abgesagt" in client.get(f"/n/ankommen/{event.id}").get_data(as_text=True)


def test_pages_render_in_english_after_switching_language(client):
    network = factories.create_network(slug="ankommen")
    event = factories.create_event(network, kind="Migrationsmesse")
    db.session.commit()
    response = client.get("/sprache/en?next=/n/ankommen/")
    assert response.headers["Location"].endswith("/n/ankommen/")
    html = client.get(f"/n/ankommen/{event.id}").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Migration job fair" in html and "When" in html
    html = client.get("/n/ankommen/").get_data(as_text=True)
    assert "Upcoming events" in html


def test_browser_language_is_honoured_and_german_is_the_default(client):
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="de"' in client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)


def test_language_switch_refuses_off_site_redirects(client):
    response = client.get("/sprache/en?next=//evil.example/")
    assert "evil.example" not in response.headers["Location"]


def test_unknown_page_gives_a_friendly_404_in_the_users_language(client):
    response = client.get("/n/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.get_data(as_text=True)
    english = client.get("/n/gibt-es-nicht/", headers={"Accept-Language": "en"})
    assert "This page does not exist" in english.get_data(as_text=True)


def test_agenda_of_a_multi_day_event_is_grouped_by_day(client):
    network = factories.create_network(slug="ankommen")
    first = date.today() + timedelta(days=20)
    event = factories.create_event(network, starts_at=factories.at(first, 10),
                                   ends_at=factories.at(first + timedelta(days=1), 16))
    factories.create_agenda_item(event, title="Anreise und Begrüßung", starts_at=factories.at(first, 10))
    factories.create_agenda_item(event, title="Rollenspiel Fallberatung", kind="Rollenspiel",
                                 starts_at=factories.at(first + timedelta(days=1), 9))
    db.session.commit()
    html = client.get(f"/n/ankommen/{event.id}").get_data(as_text=True)
    assert html.count('scope="rowgroup"') == 2
    assert html.index("Anreise und Begrüßung") < html.index("Rollenspiel Fallberatung")
