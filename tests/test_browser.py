"""Real browser (Debian's chromium via Playwright): keyboard-only use, visible focus, language and direction, phones."""
import shutil
import threading

import pytest
from playwright.sync_api import expect
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
    page.get_by_label("Titel", exact=True).fill("")
    page.get_by_label("Titel", exact=True).press("Enter")  # submit empty: errors sit beside their fields
    error = page.locator("#title-error")
    assert error.is_visible()
    assert page.get_by_label("Titel", exact=True).get_attribute("aria-describedby") == "title-error"


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
    page.get_by_label("Titel", exact=True).fill("")
    page.get_by_label("Titel", exact=True).press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Fehler:")
    # autofocus moves the focus at the browser's next rendering step, not while the page is parsed: wait for it
    # (an expect() poll, not wait_for_function: the page's CSP forbids evaluating a string).
    expect(page.locator(".error-summary")).to_be_focused()
    page.locator(".error-summary a[href='#title']").click()
    assert page.evaluate("document.activeElement.id") == "title"


def test_coordinator_finds_a_speaker_among_150_people_by_typing_and_ticks_them_by_keyboard(live_url, page, coordinator):
    network = coordinator.networks[0]
    for n in range(149):
        factories.create_person(network, given_name=f"Person{n:03d}", family_name="Muster")
    speaker = factories.create_person(network, given_name="Leyla", family_name="Aydın")
    event = factories.create_event(network)
    db.session.commit()
    _sign_in(page, live_url, coordinator)
    page.goto(f"{live_url}/manage/veranstaltungen/{event.id}/programm/neu")
    assert page.locator("select[multiple]").count() == 0
    speakers = page.get_by_role("group", name="Referierende aus dem Netzwerk")
    assert speakers.get_by_role("checkbox").count() == 150

    page.get_by_label("Auswahl filtern").fill("aydin")  # without the dotless ı, as people type it
    visible = speakers.locator(".form-check:visible")
    assert visible.count() == 1 and "Leyla Aydın" in visible.inner_text()
    page.get_by_label("Auswahl filtern").press("Tab")
    page.keyboard.press("Space")
    assert speakers.get_by_role("checkbox", name="Leyla Aydın").is_checked()
    page.get_by_label("Titel", exact=True).fill("Impuls")
    page.get_by_label("Beginn").fill("10:00")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(f"{live_url}/manage/veranstaltungen/{event.id}*")
    db.session.expire_all()
    assert [person.id for person in event.agenda_items[0].speakers] == [speaker.id]


def test_without_javascript_every_speaker_box_is_in_the_scrolling_list(live_url, coordinator, chromium):
    network = coordinator.networks[0]
    for n in range(20):
        factories.create_person(network, given_name=f"Person{n:03d}", family_name="Muster")
    event = factories.create_event(network)
    db.session.commit()
    context = chromium.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, live_url, coordinator)
    page.goto(f"{live_url}/manage/veranstaltungen/{event.id}/programm/neu")
    assert page.get_by_label("Auswahl filtern").count() == 0  # a filter that could not work is not shown
    boxes = page.locator(".choice-list input[type=checkbox]")
    assert boxes.count() == 20
    boxes.nth(19).focus()
    page.keyboard.press("Space")
    assert boxes.nth(19).is_checked() and boxes.nth(19).is_visible()
    context.close()
