"""Hostile input from outside (issue 12): control and bidi characters, CRLF in redirects, what the logs keep.

Every public form and every workspace search takes what an attacker types without an error page; what it
stores is clean text that exports and PostgreSQL accept.
"""
import io
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from werkzeug.serving import make_server

from netzwerk.extensions import db
from netzwerk.fair.models import Exhibitor, FairOutcome
from netzwerk.registrations.models import Registration

from . import factories

NASTY = "\x00\x01\x07\x1b\x7f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ROOT = Path(__file__).resolve().parent.parent


def sprinkled(text: str) -> str:
    """text with a control or bidi character after every letter."""
    return "".join(char + NASTY[i % len(NASTY)] for i, char in enumerate(text))


@dataclass
class PublicForm:
    url: str
    data: dict
    name_field: str
    stored: Callable[[], list]  # the names stored by this form, oldest first


@pytest.fixture(params=["registration", "visitor", "booking"])
def public_form(request, network) -> PublicForm:
    network.privacy_text = "Wir verarbeiten Ihre Angaben nur für diese Veranstaltung."
    if request.param == "registration":
        event = factories.create_event(network, ask_accessibility=True)
        db.session.commit()
        return PublicForm(f"/n/ankommen/{event.id}/anmelden",
                          {"given_name": "Alex", "family_name": "Beispiel", "email": "alex@example.org",
                           "consent": "y"},
                          "given_name", lambda: db.session.scalars(select(Registration.given_name)
                                                                   .order_by(Registration.id)).all())
    event = factories.create_fair_event(network)
    if request.param == "visitor":
        db.session.commit()
        return PublicForm(f"/n/ankommen/{event.id}/messe/besuchen",
                          {"given_name": "Amina", "family_name": "Haddad", "german_level": "A2", "consent": "y"},
                          "given_name", lambda: db.session.scalars(select(Registration.given_name)
                                                                   .order_by(Registration.id)).all())
    factories.create_booth_type(event)
    db.session.commit()
    return PublicForm(f"/n/ankommen/{event.id}/messe/stand-buchen",
                      {"company": "Bäckerei Sonne", "contact_name": "Jana Korn", "email": "jana@sonne.example.com",
                       "sector": "Gastronomie", "staff_count": "2", "consent": "y"},
                      "contact_name", lambda: db.session.scalars(select(Exhibitor.contact_name)
                                                                 .order_by(Exhibitor.id)).all())


# --- defect 1: control characters and bidi overrides -------------------------------------------------------------

def test_a_nul_byte_in_a_name_is_dropped_and_the_rest_is_stored(browser, public_form):
    response = browser.submit(public_form.url, {**public_form.data, public_form.name_field: "nul\x00byte"})
    assert response.status_code == 302
    assert public_form.stored() == ["nulbyte"]


def test_control_and_bidi_characters_never_reach_the_database(browser, public_form):
    response = browser.submit(public_form.url, {**public_form.data, public_form.name_field: sprinkled("Zoë Ağa")})
    assert response.status_code == 302
    assert public_form.stored() == ["Zoë Ağa"]


def test_a_name_of_nothing_but_control_characters_is_refused_beside_the_field(browser, public_form):
    response = browser.submit(public_form.url, {**public_form.data, public_form.name_field: NASTY})
    assert response.status_code == 422
    assert f'id="{public_form.name_field}-error"' in response.get_data(as_text=True)
    assert public_form.stored() == []


def test_line_breaks_in_a_one_line_field_become_spaces(browser, public_form):
    response = browser.submit(public_form.url, {**public_form.data, public_form.name_field: "Anna\r\nMaria\tLuisa"})
    assert response.status_code == 302
    assert public_form.stored() == ["Anna Maria Luisa"]


def test_multi_line_fields_keep_tabs_and_line_breaks(browser, network):
    event = factories.create_event(network, ask_accessibility=True)
    db.session.commit()
    response = browser.submit(f"/n/ankommen/{event.id}/anmelden", {
        "given_name": "Alex", "family_name": "Beispiel", "email": "alex@example.org", "consent": "y",
        "accessibility_needs": "Rollstuhl\x00platz\r\nGebärden-\tsprache\u202e"})
    assert response.status_code == 302
    assert db.session.scalar(select(Registration.accessibility_needs)) == "Rollstuhlplatz\nGebärden-\tsprache"


def test_offers_in_the_booking_form_are_cleaned_too(browser, network):
    event = factories.create_fair_event(network)
    db.session.commit()
    response = browser.submit(f"/n/ankommen/{event.id}/messe/stand-buchen", {
        "company": "Bäckerei\x00 Sonne", "contact_name": "Jana Korn", "email": "jana@sonne.example.com",
        "sector": "Gastronomie", "staff_count": "2", "consent": "y", "staff_names": "Jana\x00 Korn\r\nAli\u202e Haddad",
        "offers-0-kind": "Ausbildung", "offers-0-title": "Bäcker\x00:in", "offers-0-german_level": "A2"})
    assert response.status_code == 302
    exhibitor = db.session.scalar(select(Exhibitor))
    assert (exhibitor.company, exhibitor.staff_names) == ("Bäckerei Sonne", ["Jana Korn", "Ali Haddad"])
    assert [offer.title for offer in exhibitor.offers] == ["Bäcker:in"]


@pytest.mark.parametrize("number", ["99999999999999999999", "2147483648", "-99999999999999999999"])
def test_a_number_beyond_any_database_column_is_refused_beside_the_field(browser, network, number):
    event = factories.create_fair_event(network)
    db.session.commit()
    response = browser.submit(f"/n/ankommen/{event.id}/messe/stand-buchen", {
        "company": "Bäckerei Sonne", "contact_name": "Jana Korn", "email": "jana@sonne.example.com",
        "sector": "Gastronomie", "staff_count": number, "preferred_booth_id": number, "consent": "y"})
    assert response.status_code == 422
    assert 'id="staff_count-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Exhibitor)) == 0


def test_the_private_change_form_cleans_what_it_stores(app, browser, network):
    event = factories.create_event(network)
    registration = factories.create_registration(event, token="secret-link-token")
    db.session.commit()
    response = browser.submit("/anmeldung/secret-link-token/aendern",
                              {"given_name": "Kim\x00berly\u202e", "family_name": "Muster"})
    assert response.status_code == 302
    db.session.expire_all()
    assert registration.given_name == "Kimberly"


def test_login_with_a_nul_in_the_address_is_refused_with_the_usual_message(browser, coordinator):
    response = browser.submit("/anmelden", {"email": "koordination\x00@example.org", "password": "falsch"})
    assert response.status_code == 422
    assert "E-Mail oder Passwort ist falsch." in response.get_data(as_text=True)


def test_every_form_of_the_app_cleans_its_fields():
    """New forms inherit the cleaning: each form class of netzwerk derives from common.forms' bases."""
    from flask_wtf import FlaskForm
    from wtforms import Form as PlainForm

    from netzwerk.common.forms import Form, SubForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in {*subclasses(FlaskForm), *subclasses(PlainForm)} if cls.__module__.startswith("netzwerk.")]
    assert len(ours) > 30
    assert [cls.__qualname__ for cls in ours if not issubclass(cls, (Form, SubForm))] == []


SEARCH_PAGES = ["/manage/netzwerke", "/manage/zugaenge", "/manage/veranstaltungen", "/manage/kommunen",
                "/manage/organisationen", "/manage/personen", "/manage/veranstaltungen/{event}/anmeldungen",
                "/manage/checkin/{event}"]


@pytest.mark.parametrize("page", SEARCH_PAGES)
def test_a_search_with_control_characters_finds_what_the_clean_text_finds(browser, admin, network, page):
    event = factories.create_event(network)
    factories.create_registration(event, given_name="Erika", family_name="Mustermann")
    db.session.commit()
    browser.login(admin)
    response = browser.get(page.format(event=event.id) + "?q=Mu%00ster%E2%80%AEmann%1B")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "\x00" not in text and "\u202e" not in text and "\x1b" not in text
    assert 'value="Mustermann"' in text


def test_the_people_search_ignores_the_control_characters(browser, coordinator, network):
    factories.create_person(network, given_name="Erika", family_name="Mustermann")
    factories.create_person(network, given_name="Max", family_name="Beispiel")
    db.session.commit()
    browser.login(coordinator)
    page = browser.get("/manage/personen?q=Mu%00ster%E2%80%AEmann").get_data(as_text=True)
    assert "Mustermann" in page and "Beispiel" not in page


@pytest.mark.parametrize("path", ["/n/an%00kommen/", "/n/%00/1/anmelden", "/n/ankommen/kalender.ics%00",
                                  "/anmeldung/%00abc", "/anmeldung/abc%00/aendern", "/kalender/%00.ics",
                                  "/messe/aussteller/%00"])
def test_a_url_with_a_nul_is_not_found(client, network, path):
    assert client.get(path).status_code == 404
    assert client.post(path).status_code in (404, 405)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_of_names_stored_with_control_characters_before_the_fix(signed_in, network, fmt):
    event = factories.create_event(network)
    question = factories.create_question(event, kind="long_text")
    # PostgreSQL stores every control character but NUL; SQLite stored NUL too before forms cleaned it
    nul = "\x00" if db.engine.dialect.name == "sqlite" else ""
    factories.create_registration(event, given_name=f"nul{nul}\x01byte\x1b", family_name="\u202eMuster",
                                  answers={str(question.id): "Zeile 1\r\nZeile\t2\x0b"})
    db.session.commit()
    response = signed_in.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.{fmt}")
    assert response.status_code == 200
    if fmt == "xlsx":
        rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
        cells = [cell for cell in rows[1] if isinstance(cell, str)]
    else:
        cells = response.data.decode("utf-8-sig").split(";")
    assert "nulbyte" in cells and "Muster" in cells
    assert any("Zeile 1\nZeile\t2" in cell for cell in cells)


# --- defect 7: CRLF and other tricks in next= ----------------------------------------------------------------------

HOSTILE_NEXT = ["/%0d%0aX:1", "/%0aSet-Cookie:%20a=b", "/\\evil.example", "\\\\evil.example", "/%5Cevil.example",
                "/%09/evil.example", "/%00", "//evil.example", "https://evil.example/", "javascript:alert(1)",
                "%20//evil.example", "/%E2%80%AE/x", "evil.example"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_goes_home_instead_of_somewhere_else(client, target):
    response = client.get(f"/sprache/de?next={target}")
    assert response.status_code == 302
    assert response.location == "/"


def test_the_language_switch_goes_back_to_a_page_of_this_site(client):
    response = client.get("/sprache/en?next=/n/ankommen/%3Fa%3D1")
    assert (response.status_code, response.location) == (302, "/n/ankommen/?a=1")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_with_a_hostile_next_lands_in_the_workspace(browser, coordinator, target):
    page = browser.get("/anmelden").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = browser.client.post(f"/anmelden?next={target}", data={
        "csrf_token": token, "email": coordinator.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.location == "/manage/"


# --- defect 10: the CSV type, and names searched kept out of access logs -----------------------------------------

def test_csv_export_names_its_charset_once(signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    response = signed_in.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_the_development_server_logs_requests_without_their_query_or_private_links(app, caplog):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            with pytest.raises(urllib.error.HTTPError):  # not logged in: 302 to the login page, not followed
                opener = urllib.request.build_opener(_NoRedirect)
                opener.open(f"http://127.0.0.1:{server.server_port}/manage/personen?q=Erika+Mustermann")
            with pytest.raises(urllib.error.HTTPError):  # no such link: 404
                opener.open(f"http://127.0.0.1:{server.server_port}/anmeldung/GeheimerSchluessel123")
            _wait_for(lambda: "/manage/personen" in caplog.text and "/anmeldung/" in caplog.text)
    finally:
        server.shutdown()
    assert "/manage/personen" in caplog.text and "/anmeldung/[link]" in caplog.text
    assert "Mustermann" not in caplog.text and "q=" not in caplog.text and "GeheimerSchluessel" not in caplog.text


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None,
                    reason="gunicorn not installed")
def test_gunicorn_access_log_keeps_neither_the_query_nor_the_referrer_nor_private_links(tmp_path, _tables):
    port = _free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "DATABASE_URL": _tables, "SECRET_KEY": "x" * 32, "RATELIMIT_ENABLED": "0"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--access-logfile", str(log), "app:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/manage/personen?q=Erika+Mustermann"
        opener = urllib.request.build_opener(_NoRedirect)
        deadline = time.monotonic() + 30
        while True:
            try:
                opener.open(urllib.request.Request(url, headers={
                    "Referer": f"http://127.0.0.1:{port}/manage/organisationen?q=Jobcenter+Musterstadt"}))
            except urllib.error.HTTPError:
                break  # the 302 to the login page: served and logged
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        for secret in ("/anmeldung/GeheimerSchluessel123", "/kalender/GeheimerSchluessel456.ics"):
            with pytest.raises(urllib.error.HTTPError):  # no such link: 404, and a line in the log
                opener.open(f"http://127.0.0.1:{port}{secret}")
        _wait_for(lambda: log.exists() and "/kalender/" in log.read_text())
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    logged = log.read_text()
    assert "GET /manage/personen HTTP/1.1" in logged and " 302 " in logged
    assert "Mustermann" not in logged and "Musterstadt" not in logged and "q=" not in logged
    assert "GeheimerSchluessel" not in logged and "GET /kalender/[link].ics HTTP/1.1" in logged


@pytest.mark.parametrize("path, data", [
    ("wuensche", {"action": "add", "exhibitor_id": "99999999999999999999"}),
    ("wuensche", {"action": "up", "exhibitor_id": "2147483648"}),
    ("termine", {"exhibitor_id": "99999999999999999999", "slot": "99999999999999999999"}),
])
def test_a_visitor_sending_a_huge_id_gets_no_error_page(browser, network, path, data):
    event = factories.create_fair_event(network)
    factories.create_visitor(event, token="besuch-link")
    db.session.commit()
    response = browser.submit(f"/anmeldung/besuch-link/messe/{path}", data, form_url="/anmeldung/besuch-link/messe")
    assert response.status_code < 500


HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", [
    f"/manage/personen?network={HUGE}", f"/manage/personen?organisation={HUGE}",
    f"/manage/organisationen?network={HUGE}", f"/manage/veranstaltungen?network={HUGE}",
    f"/manage/kommunen/neu?network={HUGE}", f"/manage/personen/neu?network={HUGE}",
    "/manage/veranstaltungen/{event}/anmeldungen?kommune=" + HUGE,
])
def test_a_workspace_filter_with_a_huge_id_is_ignored_not_an_error(signed_in, network, path):
    event = factories.create_event(network)
    db.session.commit()
    assert signed_in.get(path.format(event=event.id)).status_code < 500


def test_a_check_in_with_a_huge_registration_id_is_no_error(signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    response = signed_in.submit(f"/manage/checkin/{event.id}", {"registration_id": HUGE})
    assert response.status_code < 500


# --- numbers beyond the databases' integers on the last pages that read them themselves ---------------------------

BEYOND = "99999999999999999999"


def test_the_access_list_shows_an_empty_page_for_a_page_number_beyond_the_databases_integers(browser):
    admin = factories.create_user(email="admin@example.org", role="admin")
    db.session.commit()
    browser.login(admin)
    response = browser.get(f"/manage/zugaenge?page={BEYOND}")
    assert response.status_code == 200 and "admin@example.org" not in response.get_data(as_text=True)
    assert "admin@example.org" in browser.get("/manage/zugaenge").get_data(as_text=True)


def test_a_fair_outcome_for_ids_beyond_the_databases_integers_is_refused_and_nothing_recorded(signed_in, network):
    fair, exhibitor, visitor = factories.create_fair_with_exhibitor_and_visitor(network)
    url = f"/manage/veranstaltungen/{fair.id}/messe/ergebnisse"
    for ids in ({"exhibitor_id": BEYOND, "registration_id": visitor.id},
                {"exhibitor_id": exhibitor.id, "registration_id": BEYOND}):
        assert signed_in.submit(url, {**ids, "outcome": "Stelle"}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(FairOutcome)) == 0
