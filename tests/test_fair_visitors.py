"""Visitors register on their phone (or at the entrance), get a badge and their own fair page with wishes."""
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.fair.models import InterviewWish, VisitorProfile
from netzwerk.fair.services import stored_fair
from netzwerk.mail.models import OutboxMail
from netzwerk.registrations.models import Registration

from . import factories


@pytest.fixture
def fair_event(network):
    network.privacy_text = "Ihre Angaben nutzen wir nur für die Messe."
    event = factories.create_fair_event(network)
    db.session.commit()
    return event


def visit_url(event):
    return f"/n/ankommen/{event.id}/messe/besuchen"


def visitor(**extra):
    return {"given_name": "Amina", "family_name": "Haddad", "german_level": "A2", "languages": ["Arabisch", "Englisch"],
            "sectors": ["Pflege", "Gastronomie"], "offer_types": ["Ausbildung"], "phone": "0151 2345678",
            "consent": "y", **extra}


def test_visitor_registers_without_email_and_sees_the_link_once(browser, fair_event):
    page = browser.get(visit_url(fair_event)).get_data(as_text=True)
    assert 'name="viewport"' in page and "Ihre Angaben nutzen wir nur für die Messe." in page
    assert all(f'for="{name}"' in page for name in ("given_name", "family_name", "phone", "email"))
    response = browser.submit(visit_url(fair_event), visitor())
    assert response.status_code == 302 and "token" not in response.location
    done = browser.get(response.location)
    assert done.headers["Cache-Control"] == "no-store"
    link = re.search(r'href="(/anmeldung/[\w-]+/messe)"', done.get_data(as_text=True)).group(1)
    assert "Sie sind angemeldet" in done.get_data(as_text=True)
    again = browser.get(response.location)
    assert again.status_code == 302  # shown once only
    registration = db.session.scalar(select(Registration))
    assert (registration.state, registration.badge_role, registration.email) == ("confirmed", "visitor", None)
    assert registration.person.phone == "0151 2345678"
    profile = db.session.scalar(select(VisitorProfile))
    assert (profile.german_level, profile.languages, profile.sectors, profile.offer_types) == (
        "A2", ["Arabisch", "Englisch"], ["Pflege", "Gastronomie"], ["Ausbildung"])
    own = browser.get(link).get_data(as_text=True)
    assert "Amina Haddad" in own and "Namensschild (PDF)" in own


def test_a_known_email_gets_its_link_by_mail_and_not_on_the_page(browser, fair_event):
    browser.submit(visit_url(fair_event), visitor(email="amina@example.org"))
    response = browser.submit(visit_url(fair_event), visitor(email="Amina@Example.org"))
    page = browser.get(response.location).get_data(as_text=True)
    assert "bereits angemeldet" in page and "/anmeldung/" not in page
    assert len(db.session.scalars(select(Registration)).all()) == 1
    assert [mail.kind for mail in db.session.scalars(select(OutboxMail).order_by(OutboxMail.id))] == [
        "confirmed", "link"]


def test_consent_and_name_are_required_and_errors_sit_beside_the_fields(browser, fair_event):
    response = browser.submit(visit_url(fair_event), {"given_name": "", "german_level": "X9", "email": "nix"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="given_name-error"' in page and 'id="consent-error"' in page and 'id="email-error"' in page
    assert 'id="german_level-error"' in page
    assert db.session.scalar(select(Registration)) is None


def test_walk_in_at_the_entrance_registers_checks_in_and_offers_the_badge(browser, fair_event, network):
    helper = factories.create_user(role="checkin", networks=[network])
    db.session.commit()
    browser.login(helper)
    url = f"/manage/checkin/{fair_event.id}/messe-einlass"
    response = browser.submit(url, {"given_name": "Oleh", "family_name": "Kovalenko", "german_level": "A1",
                                    "languages": ["Ukrainisch", "Russisch"], "consent": "y"})
    assert response.status_code == 302
    page = browser.get(url)
    text = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert "Oleh Kovalenko ist angemeldet und eingecheckt." in text and "data:image/svg+xml" in text
    badge_link = re.search(r'href="(/anmeldung/[\w-]+/namensschild\.pdf)"', text).group(1)
    registration = db.session.scalar(select(Registration))
    assert registration.state == "attended" and registration.checked_in_by_id == helper.id
    assert registration.checkin_code in text
    badge = browser.get(badge_link)
    assert badge.status_code == 200 and badge.mimetype == "application/pdf"
    assert "Besucher:in" in PdfReader(__import__("io").BytesIO(badge.data)).pages[0].extract_text()
    assert "Oleh Kovalenko" not in browser.get(url).get_data(as_text=True)  # the next visitor's blank form


def test_walk_in_needs_a_name_and_consent(browser, fair_event, coordinator):
    browser.login(coordinator)
    response = browser.submit(f"/manage/checkin/{fair_event.id}/messe-einlass", {"given_name": "Oleh"})
    assert response.status_code == 422 and "Ohne Einwilligung keine Anmeldung." in response.get_data(as_text=True)


def test_visitor_changes_interests_and_collects_wishes_from_suggestions(browser, fair_event):
    stored_fair(fair_event).interview_mode = "planned"
    care = factories.create_exhibitor(fair_event, company="Pflegedienst Lindenhof", sector="Pflege",
                                      offers=[("Ausbildung", "Pflegefachkraft", "A2")])
    hotel = factories.create_exhibitor(fair_event, company="Hotel Saarblick", sector="Gastronomie",
                                       offers=[("Stelle", "Koch/Köchin", "A1")])
    factories.create_exhibitor(fair_event, company="IT-Haus", sector="IT", offers=[("Stelle", "Entwickler:in", "C1")])
    registration = factories.create_visitor(fair_event, token="mein-link", german_level="A2", sectors=["Pflege"])
    db.session.commit()
    url = "/anmeldung/mein-link/messe"
    page = browser.get(url).get_data(as_text=True)
    suggestions = page.split("Vorschläge für Sie")[1]
    assert "Pflegedienst Lindenhof" in suggestions and "IT-Haus" not in suggestions  # C1 is out of reach
    for exhibitor in (care, hotel):
        response = browser.submit(f"{url}/wuensche", {"action": "add", "exhibitor_id": str(exhibitor.id)},
                                  form_url=url)
        assert response.status_code == 302
    browser.submit(f"{url}/wuensche", {"action": "up", "exhibitor_id": str(hotel.id)}, form_url=url)
    wishes = db.session.scalars(select(InterviewWish).order_by(InterviewWish.rank)).all()
    assert [wish.exhibitor_id for wish in wishes] == [hotel.id, care.id]
    browser.submit(f"{url}/wuensche", {"action": "remove", "exhibitor_id": str(hotel.id)}, form_url=url)
    assert [(w.exhibitor_id, w.rank) for w in db.session.scalars(select(InterviewWish))] == [(care.id, 1)]
    response = browser.submit(f"{url}/profil", {"german_level": "B2", "languages": ["Dari"],
                                                "sectors": ["IT"], "offer_types": ["Stelle"]}, form_url=url)
    assert response.status_code == 302
    profile = db.session.scalar(select(VisitorProfile).where(VisitorProfile.registration_id == registration.id))
    assert (profile.german_level, profile.languages, profile.sectors) == ("B2", ["Dari"], ["IT"])
    assert browser.submit(f"{url}/wuensche", {"action": "fly"}, form_url=url).status_code == 400


def test_fair_page_is_only_for_the_fair_and_a_valid_link(browser, network):
    meeting = factories.create_event(network)
    factories.create_registration(meeting, token="netzwerktreffen")
    db.session.commit()
    assert browser.get("/anmeldung/netzwerktreffen/messe").status_code == 404
    assert browser.get("/anmeldung/gibt-es-nicht/messe").status_code == 404


def test_a_full_fair_says_so_before_the_visitor_fills_the_form(browser, network):
    event = factories.create_fair_event(network, capacity=2)
    factories.create_visitor(event)
    db.session.commit()
    for url in (visit_url(event), f"/n/ankommen/{event.id}/messe"):
        page = browser.get(url).get_data(as_text=True)
        assert "Noch 1 Platz frei." in page
    factories.create_visitor(event)
    db.session.commit()
    form_page = browser.get(visit_url(event)).get_data(as_text=True)
    notice = form_page.index("Alle Plätze sind vergeben")
    assert notice < form_page.index('id="given_name"')  # before the first field
    assert "Alle Plätze sind vergeben" in browser.get(f"/n/ankommen/{event.id}/messe").get_data(as_text=True)
    browser.get("/sprache/ar?next=/")
    arabic = browser.get(visit_url(event)).get_data(as_text=True)
    assert 'class="alert alert-warning places-notice"' in arabic


def test_a_full_meeting_says_so_on_the_registration_form(browser, network):
    event = factories.create_event(network, capacity=1)
    factories.create_registration(event)
    db.session.commit()
    page = browser.get(f"/n/ankommen/{event.id}/anmelden").get_data(as_text=True)
    assert page.index("Alle Plätze sind vergeben") < page.index('id="given_name"')


REQUIRED_CONSENT = re.compile(r'<label class="form-check-label" for="consent">[^<]+ <span class="required-mark"[^>]*>\*</span>')


def test_required_consent_boxes_carry_the_star_on_every_form(browser, fair_event, coordinator):
    assert REQUIRED_CONSENT.search(browser.get(visit_url(fair_event)).get_data(as_text=True))
    assert REQUIRED_CONSENT.search(browser.get(f"/n/ankommen/{fair_event.id}/messe/stand-buchen").get_data(as_text=True))
    meeting = factories.create_event(fair_event.network)
    db.session.commit()
    assert REQUIRED_CONSENT.search(browser.get(f"/n/ankommen/{meeting.id}/anmelden").get_data(as_text=True))
    browser.login(coordinator)
    assert REQUIRED_CONSENT.search(
        browser.get(f"/manage/checkin/{fair_event.id}/messe-einlass").get_data(as_text=True))


def test_walk_in_languages_and_interests_are_checkboxes_in_a_fieldset(browser, fair_event, coordinator):
    browser.login(coordinator)
    page = browser.get(f"/manage/checkin/{fair_event.id}/messe-einlass").get_data(as_text=True)
    assert "<select multiple" not in page and "Strg" not in page
    assert re.search(r'<fieldset class="mb-3" id="languages">\s*<legend[^>]*>Sprachen', page)
    assert 'type="checkbox" value="Ukrainisch"' in page
