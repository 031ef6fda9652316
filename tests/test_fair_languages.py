"""The public fair pages speak German, English, Arabic and Persian/Dari (right to left), Ukrainian and Turkish;
the language switch is a plain link. The workspace stays German and English."""
import re

import pytest

from netzwerk.extensions import db

from . import factories

LANGUAGES = ("de", "en", "ar", "fa", "uk", "tr")
RIGHT_TO_LEFT = {"ar", "fa"}
# The directory's heading word for "Aussteller" in each language (German is the source).
EXHIBITORS = {"de": "Aussteller", "en": "Exhibitors", "ar": "العارضون", "fa": "غرفه‌داران", "uk": "Експоненти",
              "tr": "Katılımcı firmalar"}


@pytest.fixture
def pages(network):
    event = factories.create_fair_event(network)
    fair = factories.create_fair(event, interview_mode="planned")
    booth = factories.create_booth(event, number="4", status="confirmed")
    exhibitor = factories.create_exhibitor(event, token="firma", booth_id=booth.id,
                                           offers=[("Ausbildung", "Bäcker:in", "A2")])
    factories.create_visitor(event, token="besuch")
    db.session.commit()
    fair.event = event
    base = f"/n/ankommen/{event.id}/messe"
    return [base, f"{base}/aussteller/{exhibitor.id}", f"{base}/stand-buchen", f"{base}/besuchen",
            "/messe/aussteller/firma", "/messe/aussteller/firma/gespraeche", "/messe/aussteller/firma/stornieren",
            "/anmeldung/besuch/messe"]


def test_every_public_fair_page_renders_in_every_language_and_direction(client, pages):
    for lang, url in ((lang, url) for lang in LANGUAGES for url in pages):
        response = client.get(f"{url}?lang={lang}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200, (lang, url)
        assert f'<html lang="{lang}" dir="{"rtl" if lang in RIGHT_TO_LEFT else "ltr"}">' in page, (lang, url)
        if lang in RIGHT_TO_LEFT:
            assert "bootstrap.rtl.min.css" in page
        offered = set(re.findall(r'class="nav-link[^"]*"[^>]* lang="(\w+)"', page))
        assert offered == set(LANGUAGES), url  # every language is offered, the current one marked


def test_interface_text_is_translated_and_offers_stay_as_written(client, pages):
    # English comes with the main catalog (extracted and translated for the whole app at once).
    for lang in (lang for lang in LANGUAGES if lang != "en" or _english_has(EXHIBITORS["en"])):
        page = client.get(f"{pages[0]}?lang={lang}").get_data(as_text=True)
        assert re.search(rf"<h1[^>]*>{re.escape(EXHIBITORS[lang])}: <bdi>", page), lang
        assert "Bäcker:in" in page  # the employer's own words


def _english_has(text: str) -> bool:
    from pathlib import Path
    catalog = Path(__file__).resolve().parent.parent / "netzwerk/translations/en/LC_MESSAGES/messages.po"
    return f'msgstr "{text}"' in catalog.read_text(encoding="utf-8")


def test_language_switch_is_a_link_that_remembers_the_choice(client, pages):
    page = client.get(pages[3]).get_data(as_text=True)
    switch = re.search(r'href="(/sprache/fa\?next=[^"]+)"', page).group(1)
    assert "<script" not in page
    response = client.get(switch.replace("&amp;", "&"))
    assert response.status_code == 302 and response.location.endswith(pages[3])
    again = client.get(pages[3]).get_data(as_text=True)
    assert 'lang="fa" dir="rtl"' in again and "ثبت‌نام در نمایشگاه" in again


def test_the_workspace_keeps_german_and_english(browser, coordinator, pages):
    browser.get("/sprache/ar?next=/")
    browser.login(coordinator)
    page = browser.get("/manage/veranstaltungen").get_data(as_text=True)
    assert 'dir="ltr"' in page and 'hreflang="ar"' not in page
    assert 'hreflang="ar"' not in browser.get("/").get_data(as_text=True)


def test_a_refused_booking_says_why_in_the_visitors_language(client, network):
    event = factories.create_fair_event(network, status="cancelled")
    db.session.commit()
    page = client.get(f"/n/ankommen/{event.id}/messe/stand-buchen?lang=uk").get_data(as_text=True)
    assert "Цей ярмарок скасовано." in page
