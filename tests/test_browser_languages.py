"""In Debian's chromium: a visitor registers for the demo fair in Arabic on a phone by keyboard alone and opens the
link from their mail in Arabic; registration works without JavaScript in every public language."""
import re
import shutil
from datetime import date

import pytest
from sqlalchemy import select

from netzwerk.demo.services import seed_demo
from netzwerk.extensions import db
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import CHROMIUM

PUBLIC_LANGUAGES = ("de", "en", "ar", "fa", "uk", "tr")
pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed")


def tab_until(page, condition: str, limit: int = 120) -> None:
    """Press Tab until the focused element meets the condition (a JavaScript expression on `e`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return !!(e && ({condition})); }})()"):
            return
    raise AssertionError(f"Tab never reached {condition}")


def opening(page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.documentElement.lang, document.documentElement.dir]"))


def test_visitor_registers_for_the_fair_in_arabic_on_a_phone_by_keyboard_and_opens_the_mail_link(
        app, live_url, chromium):
    with app.test_request_context(base_url=live_url):
        world = seed_demo(date.today(), "demo-passwort-123")
    db.session.commit()
    fair = next(event for event in world.events if event.kind == "Migrationsmesse")

    phone = chromium.new_context(viewport={"width": 390, "height": 844}, locale="ar", has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_url}/n/{world.network.slug}/{fair.id}/messe/besuchen?lang=ar")
    assert opening(page) == ("ar", "rtl")
    tab_until(page, "e.id === 'given_name'")
    page.keyboard.type("أمينة")
    page.keyboard.press("Tab")
    page.keyboard.type("حداد")
    tab_until(page, "e.name === 'languages'")
    page.keyboard.press("Space")
    tab_until(page, "e.id === 'email'")
    page.keyboard.type("amina.haddad@example.org")
    tab_until(page, "e.id === 'consent'")
    page.keyboard.press("Space")
    tab_until(page, "e.type === 'submit' && e.closest('form.fair-visit-form')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/messe/angemeldet"))
    assert opening(page) == ("ar", "rtl")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on the phone
    phone.close()

    db.session.rollback()  # a fresh look at what the server committed
    registration = db.session.scalar(select(Registration).where(Registration.email == "amina.haddad@example.org"))
    assert registration.locale == "ar"
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == "amina.haddad@example.org")).first()
    # The test configuration writes links for http://localhost; the same path on the live server.
    link = live_url + re.search(r"https?://[^/\s]+(/anmeldung/[\w-]+)", body_as_sent(mail)).group(1)

    # The mail is opened later, in a browser that asks for German: the page still speaks Arabic.
    later = chromium.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = later.new_page()
    page.goto(link)
    assert opening(page) == ("ar", "rtl")
    assert "تسجيلك" in page.locator("h1").inner_text()
    page.goto(link + "/messe")
    assert opening(page) == ("ar", "rtl") and "معرضي" in page.locator("h1").inner_text()
    later.close()


@pytest.fixture
def events(network):
    meeting = factories.create_event(network, capacity=50, title="Netzwerktreffen")
    fair = factories.create_fair_event(network)
    db.session.commit()
    return meeting, fair


@pytest.mark.parametrize("lang", PUBLIC_LANGUAGES)
def test_registration_works_without_javascript_in_every_language(live_url, chromium, events, lang):
    meeting, fair = events
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    forms = {meeting: (f"/n/ankommen/{meeting.id}/anmelden", "/angemeldet"),
             fair: (f"/n/ankommen/{fair.id}/messe/besuchen", "/messe/angemeldet")}
    for event, (form, done) in forms.items():
        page.goto(f"{live_url}{form}?lang={lang}")
        assert opening(page)[0] == lang
        page.fill("#given_name", "Amina")
        page.fill("#family_name", "Haddad")
        page.fill("#email", f"amina-{lang}-{event.id}@example.org")
        page.check("#consent")
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.wait_for_url(re.compile(re.escape(done)))
        assert opening(page)[0] == lang and f"lang={lang}" in page.url
        db.session.rollback()  # a fresh look at what the server committed
        stored = db.session.scalar(select(Registration.locale).where(
            Registration.email == f"amina-{lang}-{event.id}@example.org"))
        assert stored == lang
    context.close()
