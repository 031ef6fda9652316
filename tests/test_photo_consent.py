"""Photo consent: asked on the registration form, recorded with its time, changeable through the private link,
shown small on the badge, on the printed participant list and in the coordinator's list."""
import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.registrations.models import Registration

from . import factories


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_consent_is_asked_recorded_and_shown_on_badge_and_lists(browser, coordinator, network):
    event = factories.create_event(network)
    db.session.commit()
    form_url = f"/n/{network.slug}/{event.id}/anmelden"
    form = browser.get(form_url).get_data(as_text=True)
    assert "Dürfen wir Sie bei der Veranstaltung fotografieren?" in form
    for n, answer in ((1, "Nein"), (2, "Ja"), (3, None)):
        data = {"given_name": "Alex", "family_name": f"Foto{n}", "email": f"foto{n}@example.org", "consent": "y"}
        if answer:
            data["photo_consent"] = answer
        assert browser.submit(form_url, data).status_code == 302
    no, yes, unasked = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert (no.photo_consent, yes.photo_consent, unasked.photo_consent) == (False, True, None)
    assert no.photo_consent_at is not None and unasked.photo_consent_at is None

    browser.login(coordinator)
    badges = browser.submit(f"/manage/veranstaltungen/{event.id}/namensschilder",
                            {"states": "confirmed", "layout": "a6", "sides": "front", "order": "name"})
    assert badges.status_code == 200, badges.get_data(as_text=True)[:500]
    text = _pdf_text(badges.data)
    assert "keine Fotos" in text and "Fotos ja" in text
    listing = _pdf_text(browser.get(f"/manage/veranstaltungen/{event.id}/druck/teilnahmeliste.pdf").data)
    assert "Fotos" in listing and "keine Fotos" in listing
    page = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen").get_data(as_text=True)
    assert "keine Fotos" in page and "Fotos ja" in page


def test_consent_can_be_withdrawn_through_the_private_link(browser, network):
    event = factories.create_event(network)
    registration = factories.create_registration(event, token="t-foto", photo_consent=True)
    db.session.commit()
    edit = browser.get("/anmeldung/t-foto/aendern").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="Ja"', edit)
    response = browser.submit("/anmeldung/t-foto/aendern", {"given_name": "Sam", "family_name": "Foto",
                                                            "photo_consent": "Nein"})
    assert response.status_code == 302
    db.session.refresh(registration)
    assert registration.photo_consent is False and registration.photo_consent_at is not None
