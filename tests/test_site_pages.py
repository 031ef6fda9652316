"""Impressum and Erklärung zur Barrierefreiheit (required of German public bodies), the form to report a barrier,
the favicon, and a staff login nobody mistakes for a registration."""
import re

from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.site.operator import SiteOperator, operator_from_environment

from . import factories

OPERATOR = SiteOperator(name="Programmbüro Ankommen", address="Rathausplatz 1\n50667 Köln",
                        email="buero@example.org", phone="0221 123456", represented_by="Dr. Erika Muster",
                        responsible_for_content="Max Beispiel", accessibility_contact="barrierefrei@example.org")


def test_impressum_shows_the_operator_of_the_installation(app, browser):
    app.config["SITE_OPERATOR"] = OPERATOR
    page = browser.get("/impressum").get_data(as_text=True)
    assert "Programmbüro Ankommen" in page and "50667 Köln" in page and "mailto:buero@example.org" in page
    assert "Dr. Erika Muster" in page and "§ 18 Abs. 2 MStV" in page


def test_impressum_without_configuration_says_what_the_operator_must_set(browser):
    page = browser.get("/impressum").get_data(as_text=True)
    assert "noch kein Impressum hinterlegt" in page and "IMPRESSUM_NAME" in page


def test_impressum_elsewhere_is_linked_to(app, browser):
    app.config["SITE_OPERATOR"] = SiteOperator(impressum_url="https://www.example.org/impressum")
    response = browser.get("/impressum")
    assert response.status_code == 302 and response.location == "https://www.example.org/impressum"


def test_operator_is_read_from_the_environment():
    operator = operator_from_environment({
        "IMPRESSUM_NAME": "Kreis Beispiel", "IMPRESSUM_ADDRESS": "Kreishaus | Hauptstr. 5 | 12345 Beispiel",
        "IMPRESSUM_EMAIL": "info@example.org", "ACCESSIBILITY_REVIEWED": "2026-11-30"})
    assert operator.address == "Kreishaus\nHauptstr. 5\n12345 Beispiel"
    assert operator.feedback_address == "info@example.org" and operator.accessibility_reviewed.day == 30


def test_accessibility_statement_names_status_feedback_and_enforcement(app, browser):
    app.config["SITE_OPERATOR"] = OPERATOR
    page = browser.get("/barrierefreiheit").get_data(as_text=True)
    assert "Erklärung zur Barrierefreiheit" in page and "teilweise" in page
    assert 'href="/barrierefreiheit/barriere-melden"' in page and "barrierefrei@example.org" in page
    assert "schlichtungsstelle-bgg.de" in page


def test_accessibility_statement_is_offered_in_arabic_right_to_left(browser):
    browser.get("/sprache/ar?next=/barrierefreiheit")
    page = browser.get("/barrierefreiheit").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page


def test_a_reported_barrier_reaches_the_contact_through_the_outbox(app, browser):
    app.config["SITE_OPERATOR"] = OPERATOR
    response = browser.submit("/barrierefreiheit/barriere-melden", {
        "message": "Der Hallenplan\x00 ist mit dem Screenreader nicht lesbar.\u202e", "page": "/n/ankommen/3/messe",
        "name": "", "email": "besucher@example.org"}, form_url="/barrierefreiheit/barriere-melden?seite=/n/x")
    assert response.status_code == 302
    mail = db.session.scalars(select(OutboxMail)).one()
    assert mail.to_address == "barrierefrei@example.org" and mail.subject == "Rückmeldung zur Barrierefreiheit"
    assert "Der Hallenplan ist mit dem Screenreader nicht lesbar." in mail.body_text
    assert "besucher@example.org" in mail.body_text and "/n/ankommen/3/messe" in mail.body_text
    assert "\x00" not in mail.body_text and "\u202e" not in mail.body_text
    assert "Danke! Ihre Rückmeldung ist angekommen." in browser.get(response.location).get_data(as_text=True)


def test_without_a_contact_every_active_admin_gets_the_report(app, browser):
    factories.create_user(email="chefin@example.org", role="admin")
    factories.create_user(email="ehemals@example.org", role="admin").active = False
    db.session.commit()
    browser.submit("/barrierefreiheit/barriere-melden", {"message": "Kontrast zu schwach"})
    assert db.session.scalars(select(OutboxMail.to_address)).all() == ["chefin@example.org"]


def test_report_with_errors_lists_each_error_as_a_link_to_its_field(browser):
    response = browser.submit("/barrierefreiheit/barriere-melden", {"message": "", "email": "kein-at"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r"<title>Fehler: Barriere melden", page)
    summary = page[page.index("error-summary"):page.index("</div>", page.index("error-summary"))]
    assert 'href="#message"' in summary and 'href="#email"' in summary and "autofocus" in page
    assert db.session.scalars(select(OutboxMail)).all() == []


def test_report_without_csrf_token_is_refused(client):
    response = client.post("/barrierefreiheit/barriere-melden", data={"message": "x"})
    assert response.status_code == 400
    assert db.session.scalars(select(OutboxMail)).all() == []


def test_every_page_links_impressum_accessibility_and_a_staff_login_nobody_mistakes(browser):
    page = browser.get("/").get_data(as_text=True)
    footer = page[page.index("<footer"):]
    assert 'href="/impressum"' in footer and 'href="/barrierefreiheit"' in footer
    assert "Zugang für Koordination" in footer and 'href="/anmelden"' in footer
    header = page[page.index("<header"):page.index("</header>")]
    assert "/anmelden" not in header


def test_favicon_is_served(browser):
    response = browser.get("/favicon.ico")
    assert response.status_code == 301 and response.location.endswith("/static/favicon.svg")
    assert browser.get("/static/favicon.svg").status_code == 200


def test_workspace_menu_folds_on_phones_and_stays_open_without_javascript(signed_in):
    page = signed_in.get("/manage/").get_data(as_text=True)
    assert '<body class="no-js">' in page and 'data-bs-target="#workspace-menu"' in page
    assert 'id="workspace-menu"' in page and "bootstrap.bundle.min.js" in page
