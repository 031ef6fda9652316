"""Issue 16 in a real browser (Debian's chromium): the workspace overview and search, the feedback survey answered on
a phone by keyboard, materials uploaded and shown on the archive, the own Teilnahmebescheinigung through the private
link, the dashboard's charts with their numbers, and fair outcomes recorded by an employer."""
import io
import re
import shutil
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from netzwerk.common.timing import to_instant
from netzwerk.extensions import db
from netzwerk.fair.models import FairOutcome, Interview
from netzwerk.feedback.models import FeedbackAnswer
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail

from . import factories
from .conftest import CHROMIUM
from .test_browser_reaching_people import PHONE, fits, sign_in, tab_to

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (make test installs it)")

MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")


def days_from_now(days: int) -> dict:
    day = date.today() + timedelta(days=days)
    return {"starts_at": to_instant(day, time(10)), "ends_at": to_instant(day, time(16))}


@pytest.fixture
def desk(chromium):
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(locale="de-DE", viewport=PHONE, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_overview_counts_an_upcoming_event_and_search_leads_to_a_persons_history(live_url, desk, coordinator,
                                                                                network):
    past = factories.create_event(network, title="Netzwerktreffen Düren", **days_from_now(-30))
    coming = factories.create_event(network, title="Fachkonferenz Gütersloh", capacity=40)
    person = factories.create_person(network, given_name="Yusuf", family_name="Demir", email="yusuf@example.org")
    factories.create_registration(past, state="attended", person=person, given_name="Yusuf", family_name="Demir")
    factories.create_registration(coming, state="confirmed", person=person, given_name="Yusuf", family_name="Demir")
    factories.create_registration(coming, state="pending", given_name="Olga", family_name="Koval")
    db.session.commit()

    sign_in(desk, live_url, coordinator)
    overview = desk.locator("main").inner_text()
    assert "Fachkonferenz Gütersloh" in overview
    assert re.search(r"1\s*/\s*40", overview)  # registrations against capacity
    assert "1 Anmeldung wartet auf Freigabe: Fachkonferenz Gütersloh" in overview  # a task for the coordinator

    desk.locator("#workspace-search").fill("Demir")
    with desk.expect_navigation():
        desk.locator("#workspace-search").press("Enter")
    with desk.expect_navigation():
        desk.get_by_role("link", name=re.compile("Yusuf Demir")).first.click()
    if "/verlauf" not in desk.url:
        with desk.expect_navigation():
            desk.get_by_role("link", name=re.compile("Verlauf")).first.click()
    history = desk.locator("main").inner_text()
    assert "Netzwerktreffen Düren" in history and "Fachkonferenz Gütersloh" in history


def test_the_overview_shows_every_column_of_the_coming_events_on_a_laptop_without_scrolling(live_url, desk,
                                                                                            coordinator, network):
    event = factories.create_event(network, title="Netzwerktreffen: Gelingensfaktoren der Arbeitsmarktintegration",
                                   format="hybrid", capacity=60, online_capacity=30, online_url="https://x.example/r",
                                   venue_name="Tagungshaus am Stadtpark")
    factories.create_registration(event, state="pending")
    db.session.commit()
    sign_in(desk, live_url, coordinator)
    region = desk.locator(".table-responsive[aria-labelledby=upcoming-events]")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), "the Eingecheckt column is cut off"


def test_attendee_answers_the_survey_on_a_phone_by_keyboard_and_the_coordinator_sees_the_numbers(
        live_url, desk, phone, coordinator, network):
    event = factories.create_event(network, title="Lernnetzwerktreffen Bielefeld", **days_from_now(-1))
    factories.create_registration(event, state="attended", given_name="Dana", family_name="Deutsch",
                                  email="dana@example.org")
    db.session.commit()
    sign_in(desk, live_url, coordinator)
    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}/rueckmeldungen")
    with desk.expect_navigation():
        desk.get_by_role("button", name=re.compile("Vorlage übernehmen")).click()
    with desk.expect_navigation():
        desk.get_by_role("button", name="Umfrage öffnen und Einladungen senden").click()

    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "feedback"))
    link = re.search(r"https?://[^/\s]+(/rueckmeldung/[\w-]+)", body_as_sent(mail)).group(1)
    phone.goto(live_url + link)
    assert fits(phone)
    tab_to(phone, "input[type=radio]")
    phone.keyboard.press("ArrowRight")  # radio groups move by arrow keys: 1 → 2
    phone.keyboard.press("ArrowRight")  # → 3
    phone.keyboard.press("ArrowRight")  # → 4
    tab_to(phone, "textarea")
    phone.keyboard.type("Die Rollenspiele mit dem Jobcenter.")
    tab_to(phone, "main form button[type=submit]")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "Vielen Dank für Ihre Rückmeldung" in phone.locator("main").inner_text()
    answer = db.session.scalar(select(FeedbackAnswer))
    assert answer.registration_id is None  # anonymous: no link to the person

    desk.reload()
    results = desk.locator("main").inner_text()
    assert "Die Rollenspiele mit dem Jobcenter." in results
    assert "Durchschnitt 4,0 bei 1 Antwort" in results  # the rating as a number, in German
    with desk.expect_download() as download:
        desk.get_by_role("link", name=re.compile("CSV")).first.click()
    assert "Die Rollenspiele mit dem Jobcenter." in Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_materials_are_uploaded_and_refused_with_a_message_beside_the_field(live_url, desk, coordinator, network,
                                                                           tmp_path):
    event = factories.create_event(network, title="Netzwerktreffen Merzig", **days_from_now(-3), status="published")
    db.session.commit()
    sign_in(desk, live_url, coordinator)
    page = f"{live_url}/manage/veranstaltungen/{event.id}/dokumentation"
    desk.goto(page)
    slides = tmp_path / "folien.pdf"
    slides.write_bytes(MINIMAL_PDF)
    desk.get_by_label("Titel").fill("Folien Impuls")
    desk.locator("#file").set_input_files(str(slides))
    with desk.expect_navigation():
        desk.get_by_role("button", name="Hinzufügen").click()
    assert "Folien Impuls" in desk.locator("main").inner_text()

    fake = tmp_path / "rechnung.pdf"
    fake.write_bytes(b"MZ\x90\x00 this is a program, not a PDF")
    desk.get_by_label("Titel").fill("Rechnung")
    desk.locator("#file").set_input_files(str(fake))
    with desk.expect_navigation():
        desk.get_by_role("button", name="Hinzufügen").click()
    error = desk.locator("#file-error")
    assert error.is_visible() and error.inner_text()
    assert "file-error" in desk.locator("#file").get_attribute("aria-describedby").split()

    desk.goto(f"{live_url}/n/{network.slug}/{event.id}")
    archive = desk.locator("main").inner_text()
    assert "Folien Impuls" in archive and "Rechnung" not in archive


def test_participant_downloads_the_own_certificate_from_the_private_link_in_arabic(live_url, phone, network):
    event = factories.create_event(network, title="Lernnetzwerktreffen Bielefeld", **days_from_now(-2),
                                   translations={"title": {"ar": "لقاء شبكة التعلم في بيليفيلد"}})
    factories.create_registration(event, state="attended", token="t-amal-browser", given_name="Amal",
                                  family_name="Haddad", locale="ar")
    db.session.commit()
    phone.goto(f"{live_url}/anmeldung/t-amal-browser")
    assert phone.get_attribute("html", "dir") == "rtl" and fits(phone)
    with phone.expect_download() as download:
        phone.locator("a[href$='teilnahmebescheinigung.pdf']").click()
    text = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes())).pages[0].extract_text()
    assert "Amal Haddad" in text and "بيليفيلد" in text


def test_dashboard_charts_carry_their_numbers_and_the_employer_records_an_outcome(live_url, desk, coordinator,
                                                                                  network):
    fair = factories.create_fair_event(network)
    factories.create_fair(fair, interview_mode="planned")
    exhibitor = factories.create_exhibitor(fair, token="geheim-browser")
    visitor = factories.create_visitor(fair)
    db.session.add(Interview(event_id=fair.id, registration_id=visitor.id, exhibitor_id=exhibitor.id, slot=0, seat=0,
                             source="wish"))
    db.session.commit()

    desk.goto(f"{live_url}/messe/aussteller/geheim-browser/gespraeche")
    desk.locator("select[name=outcome]").first.select_option("Praktikum")
    with desk.expect_navigation():
        desk.locator("select[name=outcome]").first.locator("xpath=ancestor::form//button").click()
    assert db.session.scalar(select(FairOutcome.outcome)) == "Praktikum"

    sign_in(desk, live_url, coordinator)
    desk.goto(f"{live_url}/manage/netzwerke/{network.id}/dashboard")
    charts = desk.locator("svg[role=img]")
    assert charts.count() >= 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("aria-labelledby") or chart.get_attribute("aria-label") or \
            chart.locator("title").count()
    assert desk.locator("table").count() >= charts.count()  # each chart beside a table of its numbers
    assert "Praktikum" in desk.locator("main").inner_text()
    assert desk.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
