"""Real browser (Debian's chromium via Playwright): keyboard-only use, visible focus, language and direction, phones."""
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from netzwerk.extensions import db

from . import factories
from .conftest import CHROMIUM

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (make test installs it)")


@pytest.fixture
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="de-DE")
    yield context.new_page()
    context.close()


def test_coordinator_signs_in_and_creates_an_event_by_keyboard_alone(live_url, page, coordinator):
    page.goto(f"{live_url}/anmelden")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    focused = page.locator(":focus")
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") != "none"  # focus is visible
    page.get_by_label("E-Mail").focus()
    page.keyboard.type(coordinator.email)
    page.keyboard.press("Tab")
    page.keyboard.type(factories.PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_url}/manage/")
    assert "Willkommen" in page.content()

    page.goto(f"{live_url}/manage/veranstaltungen/neu")
    page.get_by_label("Titel").fill("")
    page.get_by_label("Titel").press("Enter")  # submit empty: errors sit beside their fields
    error = page.locator("#title-error")
    assert error.is_visible()
    assert page.get_by_label("Titel").get_attribute("aria-describedby") == "title-error"


def test_public_event_page_fits_a_phone_and_sets_language(live_url, page):
    network = factories.create_network(slug="ankommen")
    event = factories.create_event(network, title="Migrationsmesse Merzig", kind="Migrationsmesse")
    factories.create_agenda_item(event, title="Eröffnung durch die Bürgermeisterin")
    db.session.commit()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_url}/n/ankommen/{event.id}")
    assert page.get_attribute("html", "lang") == "de"
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="English").click()
    assert page.get_attribute("html", "lang") == "en"
    assert "Migration job fair" in page.content()


def _sign_in(page, live_url, coordinator):
    page.goto(f"{live_url}/anmelden")
    page.get_by_label("E-Mail").fill(coordinator.email)
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    page.wait_for_url(f"{live_url}/manage/")


def test_workspace_menu_folds_behind_a_button_on_a_phone_and_opens_by_keyboard(live_url, page, coordinator):
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_url, coordinator)
    menu_link = page.get_by_role("link", name="Veranstaltungen")
    assert not menu_link.is_visible()
    page.get_by_role("button", name="Menü").focus()
    page.keyboard.press("Enter")
    menu_link.wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_workspace_menu_stays_open_without_javascript(live_url, coordinator, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    _sign_in(page, live_url, coordinator)
    assert page.get_by_role("link", name="Veranstaltungen").is_visible()
    assert not page.get_by_role("button", name="Menü").is_visible()
    context.close()


def test_form_errors_are_summarised_at_the_top_and_take_the_focus(live_url, page, coordinator):
    _sign_in(page, live_url, coordinator)
    page.goto(f"{live_url}/manage/veranstaltungen/neu")
    page.get_by_label("Titel").fill("")
    page.get_by_label("Titel").press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Fehler:")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.locator(".error-summary a[href='#title']").click()
    assert page.evaluate("document.activeElement.id") == "title"
