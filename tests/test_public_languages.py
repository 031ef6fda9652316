"""Every public page in every public language; the language stays on every link, form and redirect; texts the
network or an Aussteller wrote in several languages appear in the reader's, the rest marked as German."""
import re
from datetime import date
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from netzwerk.common.i18n import is_public_endpoint
from netzwerk.demo.services import seed_demo
from netzwerk.events.models import Event
from netzwerk.extensions import db
from netzwerk.networks.models import Network

from . import factories

PUBLIC_LANGUAGES = ("de", "en", "ar", "fa", "uk", "tr")
RIGHT_TO_LEFT = ("ar", "fa")
LINKS = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')
FORMS = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
DOWNLOADS = re.compile(r"\.(ics|pdf|svg|png)$|/messe/hallenplan$")


def page_kind(path: str) -> str:
    return re.sub(r"/\d+", "/<id>", path)


def public_endpoint(app, path: str) -> str | None:
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path)
    except (HTTPException, RequestRedirect):
        return None
    return endpoint if is_public_endpoint(endpoint) and endpoint != "i18n.switch_language" else None


def opening_tag(lang: str) -> str:
    return f'<html lang="{lang}" dir="{"rtl" if lang in RIGHT_TO_LEFT else "ltr"}">'


def test_every_link_form_and_breadcrumb_on_the_public_pages_keeps_persian(app, client):
    with app.test_request_context():
        world = seed_demo(date.today(), "demo-passwort-123")
    db.session.commit()
    fair = next(event for event in world.events if event.kind == "Migrationsmesse")
    queue = ["/?lang=fa", f"/n/{world.network.slug}/{fair.id}/messe?lang=fa", "/impressum?lang=fa"]
    seen, per_kind, checked_links = set(), {}, 0
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or per_kind.get(page_kind(path), 0) >= 2:
            continue
        seen.add(url)
        per_kind[page_kind(path)] = per_kind.get(page_kind(path), 0) + 1
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert opening_tag("fa") in page, url
        for href in LINKS.findall(page):
            target = urlsplit(unescape(href))
            if target.netloc or not target.path.startswith("/") or public_endpoint(app, target.path) is None:
                continue
            assert ("lang", "fa") in parse_qsl(target.query), f"{url}: {href}"
            checked_links += 1
            if not DOWNLOADS.search(target.path):
                queue.append(unescape(href).split("#")[0])
        for attributes, inside in FORMS.findall(page):
            if 'method="get"' in attributes:
                assert 'name="lang" value="fa"' in inside, url
            elif action := re.search(r'action="([^"]*)"', attributes):
                assert "lang=fa" in unescape(action.group(1)), f"{url}: {attributes}"
    assert len(per_kind) >= 8 and checked_links > 50, sorted(per_kind)


@pytest.fixture
def network(coordinator):
    """The coordinator's network ('ankommen') with its privacy text in German."""
    network = coordinator.networks[0]
    network.privacy_text = "Wir nutzen Ihre Angaben nur für diese Veranstaltung."
    db.session.commit()
    return network


@pytest.mark.parametrize("lang", PUBLIC_LANGUAGES)
def test_every_public_page_kind_speaks_every_public_language(client, network, lang):
    event = factories.create_event(network, capacity=10)
    fair = factories.create_fair_event(network)
    db.session.commit()
    for path in ("/", "/n/ankommen/", f"/n/ankommen/{event.id}", f"/n/ankommen/{event.id}/anmelden",
                 f"/n/ankommen/{fair.id}/messe", f"/n/ankommen/{fair.id}/messe/besuchen",
                 f"/n/ankommen/{fair.id}/messe/stand-buchen", "/impressum", "/barrierefreiheit"):
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 200 and opening_tag(lang) in response.get_data(as_text=True), path


def test_a_meeting_registration_redirects_in_the_language_it_was_made_in(browser, network):
    event = factories.create_event(network, capacity=10)
    db.session.commit()
    response = browser.submit(f"/n/ankommen/{event.id}/anmelden?lang=tr", {
        "given_name": "Ayşe", "family_name": "Yılmaz", "email": "ayse@example.org", "consent": "y"})
    assert response.status_code == 302 and "lang=tr" in response.location
    done = browser.get(response.location).get_data(as_text=True)
    assert opening_tag("tr") in done and f'/n/ankommen/{event.id}?lang=tr"' in done


# --- the privacy text ---------------------------------------------------------------------------------------

def test_coordinator_keeps_the_privacy_text_per_language_and_each_change_is_a_new_version(signed_in, network):
    version = network.privacy_version
    form = f"/manage/netzwerke/{network.id}/bearbeiten"
    page = signed_in.get(form).get_data(as_text=True)
    assert 'name="privacy_text__ar"' in page and 'lang="ar" dir="rtl"' in page
    response = signed_in.submit(form, {"name": network.name, "slug": network.slug,
                                       "privacy_text": network.privacy_text,
                                       "privacy_text__ar": "نستخدم بياناتك لهذه الفعالية فقط.",
                                       "privacy_text__uk": "Ми використовуємо ваші дані лише для цього заходу."})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Network, network.id)
    assert stored.translations["privacy_text"] == {"ar": "نستخدم بياناتك لهذه الفعالية فقط.",
                                                   "uk": "Ми використовуємо ваші дані лише для цього заходу."}
    assert stored.privacy_version == version + 1
    again = signed_in.get(form).get_data(as_text=True)
    assert "نستخدم بياناتك لهذه الفعالية فقط." in again  # shown again for the next change


def test_public_forms_show_the_privacy_text_in_the_readers_language_or_german_marked_as_such(client, network):
    network.translations = {"privacy_text": {"ar": "نستخدم بياناتك لهذه الفعالية فقط."}}
    event = factories.create_event(network, capacity=10)
    fair = factories.create_fair_event(network)
    db.session.commit()
    for form in (f"/n/ankommen/{event.id}/anmelden", f"/n/ankommen/{fair.id}/messe/besuchen",
                 f"/n/ankommen/{fair.id}/messe/stand-buchen"):
        arabic = client.get(f"{form}?lang=ar").get_data(as_text=True)
        assert "نستخدم بياناتك لهذه الفعالية فقط." in arabic and "Wir nutzen Ihre Angaben" not in arabic
        persian = client.get(f"{form}?lang=fa").get_data(as_text=True)
        assert re.search(r'lang="de" dir="ltr">Wir nutzen Ihre Angaben nur für diese Veranstaltung\.<', persian), form
        assert "این متن حریم خصوصی فقط به زبان آلمانی موجود است." in persian  # the note, in Persian
        german = client.get(f"{form}?lang=de").get_data(as_text=True)
        assert 'lang="de" dir="ltr">Wir nutzen' not in german  # German on a German page needs no mark


# --- event texts and offers in several languages --------------------------------------------------------------

def test_event_and_agenda_texts_in_several_languages_show_the_readers_or_the_german_marked(signed_in, client, network):
    form = signed_in.get("/manage/veranstaltungen/neu").get_data(as_text=True)
    assert 'name="title__ar"' in form and 'name="description__uk"' in form
    response = signed_in.submit("/manage/veranstaltungen/neu", {
        "network_id": network.id, "kind": "Netzwerktreffen", "title": "Netzwerktreffen Arbeit",
        "title__ar": "لقاء الشبكة: العمل", "description": "Wir sprechen über Arbeit.",
        "description__ar": "نتحدث عن العمل.", "start_date": "2031-05-06", "start_time": "10:00", "end_time": "15:00",
        "status": "published"})
    assert response.status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "Netzwerktreffen Arbeit"))
    agenda = f"/manage/veranstaltungen/{event.id}/programm/neu"
    response = signed_in.submit(agenda, {"title": "Begrüßung", "title__ar": "الترحيب", "kind": "Begrüßung",
                                         "day": "2031-05-06", "start_time": "10:00"})
    assert response.status_code == 302

    arabic = client.get(f"/n/ankommen/{event.id}?lang=ar").get_data(as_text=True)
    assert "<title>لقاء الشبكة: العمل" in arabic and '<h1 class="h2">لقاء الشبكة: العمل</h1>' in arabic
    assert "نتحدث عن العمل." in arabic and "الترحيب" in arabic
    persian = client.get(f"/n/ankommen/{event.id}?lang=fa").get_data(as_text=True)
    assert '<h1 class="h2"><span lang="de" dir="ltr">Netzwerktreffen Arbeit</span></h1>' in persian
    assert re.search(r'<div class="mb-4 pre-line" lang="de" dir="ltr">Wir sprechen über Arbeit\.</div>', persian)
    assert '<span lang="de" dir="ltr">Begrüßung</span>' in persian
    feed = client.get("/n/ankommen/kalender.ics?lang=ar").get_data(as_text=True)
    assert "SUMMARY:لقاء الشبكة: العمل" in feed
    assert "SUMMARY:Netzwerktreffen Arbeit" in client.get("/n/ankommen/kalender.ics?lang=de").get_data(as_text=True)


def test_an_aussteller_gives_offers_in_several_languages_through_the_management_link(browser, network):
    event = factories.create_fair_event(network)
    factories.create_fair(event)
    exhibitor = factories.create_exhibitor(event, token="firma-link-0123456789abcdef", company="Bäckerei Sonne",
                                           offers=[("Ausbildung", "Bäcker:in", "A2")])
    db.session.commit()
    manage = "/messe/aussteller/firma-link-0123456789abcdef"
    page = browser.get(manage).get_data(as_text=True)
    assert 'name="offers-0-title__ar"' in page
    response = browser.submit(manage, {
        "company": "Bäckerei Sonne", "contact_name": "Jana Korn", "email": exhibitor.email, "sector": "Handwerk",
        "staff_count": "2", "offers-0-kind": "Ausbildung", "offers-0-title": "Bäcker:in",
        "offers-0-title__ar": "خباز/خبازة", "offers-0-description": "Frühschicht ab 4 Uhr",
        "offers-0-description__ar": "وردية مبكرة من الساعة 4", "offers-0-german_level": "A2"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    directory = browser.get(f"/n/ankommen/{event.id}/messe?lang=ar").get_data(as_text=True)
    assert "خباز/خبازة" in directory and "وردية مبكرة من الساعة 4" in directory
    turkish = browser.get(f"/n/ankommen/{event.id}/messe?lang=tr").get_data(as_text=True)
    assert '<strong class="d-block" lang="de" dir="ltr">Bäcker:in</strong>' in turkish
    again = browser.get(manage).get_data(as_text=True)
    assert "خباز/خبازة" in again  # kept for the next change
