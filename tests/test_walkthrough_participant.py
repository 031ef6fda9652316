"""A participant's walk on a phone, in Ukrainian, Turkish, Persian and German: find a meeting, register, read the
mail, open the private page, change, switch, download, subscribe, cancel. What it found, as stories."""
import re

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail

from . import factories
from .conftest import csrf_from


def _summary(html: str) -> str:
    return re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S).group(0)


def test_the_error_summary_lists_the_missing_consent_and_a_wrong_address_too(client, network):
    """Only "Nachname" was listed: the messages given with _l() were left out of the summary, so a participant
    looked for one mistake and missed the unticked consent further down."""
    event = factories.create_event(network)
    db.session.commit()
    url = f"/n/{network.slug}/{event.id}/anmelden?lang=uk"
    token = csrf_from(client.get(url).get_data(as_text=True))

    html = client.post(url, data={"csrf_token": token, "given_name": "Олена", "email": "olena@"}).get_data(as_text=True)

    summary = _summary(html)
    assert 'href="#family_name"' in summary
    assert 'href="#email"' in summary and 'href="#consent"' in summary, summary
    assert "Без вашої згоди" in summary


# --- waiting for a place on site while online has room ------------------------------------------------------------

def _register(client, event, lang, **fields):
    url = f"/n/{event.network.slug}/{event.id}/anmelden?lang={lang}"
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "given_name": "Ayşe", "family_name": "Yılmaz", "email": "ayse@example.org",
            "consent": "y", **fields}
    return client.post(url, data=data, follow_redirects=True)


def test_waiting_for_a_place_on_site_at_a_hybrid_event_is_not_told_the_event_is_booked_out(client, network):
    """"Die Veranstaltung ist ausgebucht" on the page and in the mail, while 20 places online were free: whoever
    waits for a seat in the hall learns that it is the hall that is full, and that online is still open."""
    event = factories.create_event(network, format="hybrid", capacity=1, online_capacity=20,
                                   online_url="https://konferenz.example.org/raum")
    factories.create_registration(event, attendance="onsite")
    db.session.commit()

    html = _register(client, event, "de", attendance="onsite").get_data(as_text=True)

    assert "ausgebucht" not in html
    assert "Vor Ort sind alle Plätze belegt" in html and "online teilnehmen" in html
    mail = OutboxMail.query.filter_by(to_address="ayse@example.org").one()
    assert mail.kind == "waitlisted"
    assert "ausgebucht" not in mail.body_text and "ausgebucht" not in mail.body_html
    assert "Vor Ort sind alle Plätze belegt" in mail.body_text and "online teilnehmen" in mail.body_text


def test_waiting_at_a_full_event_of_one_mode_still_reads_booked_out(client, network):
    event = factories.create_event(network, capacity=1)
    factories.create_registration(event)
    db.session.commit()

    html = _register(client, event, "tr").get_data(as_text=True)

    assert "Etkinlik dolu" in html
    assert "Etkinlik dolu" in OutboxMail.query.filter_by(to_address="ayse@example.org").one().body_text


# --- the badge of someone taking part online ----------------------------------------------------------------------

def test_someone_taking_part_online_is_told_why_there_is_no_badge_and_finds_the_way_back(client, network):
    """"Badges only for confirmed registrations. This registration is 'Confirmed'." – after switching to online,
    in German with the German title, and no way back to the private page."""
    event = factories.create_event(network, format="hybrid", capacity=10, online_capacity=10,
                                   translations={"title": {"uk": "Зустріч мережі Гютерсло"}})
    factories.create_registration(event, token="online-olena", attendance="online", locale="uk")
    db.session.commit()

    response = client.get("/anmeldung/online-olena/namensschild.pdf")
    html = response.get_data(as_text=True)

    assert response.status_code == 409
    assert "лише для підтверджених" not in html
    assert "Хто бере участь онлайн, тому бейдж не потрібен." in html
    assert "Зустріч мережі Гютерсло" in html
    assert 'href="/anmeldung/online-olena"' in html


def test_switching_into_a_full_mode_says_the_switch_lands_on_its_waiting_list(client, network):
    """Waiting online, switching to on site, where every place is taken, read "Sie nehmen jetzt vor Ort teil."."""
    event = factories.create_event(network, format="hybrid", capacity=1, online_capacity=1)
    factories.create_registration(event, attendance="onsite")
    factories.create_registration(event, attendance="online")
    factories.create_registration(event, "waitlisted", token="wartet-online", attendance="online", locale="uk")
    db.session.commit()
    page = client.get("/anmeldung/wartet-online").get_data(as_text=True)

    response = client.post("/anmeldung/wartet-online/teilnahme", data={"csrf_token": csrf_from(page),
                                                                       "attendance": "onsite"}, follow_redirects=True)
    html = response.get_data(as_text=True)

    assert "Тепер ви берете участь на місці." not in html
    assert "На місці всі місця зайняті. Ви в списку очікування на участь на місці." in html
