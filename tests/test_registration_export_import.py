"""A coordinator exports registrations to Excel and CSV and imports a participant list with a preview."""
import csv
import io
import re
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.organisations.models import Organisation
from netzwerk.registrations import importer
from netzwerk.registrations.export import safe_cell, to_csv
from netzwerk.registrations.models import Question, Registration
from netzwerk.registrations.services import register

from . import factories


@pytest.fixture
def event(network):
    event = factories.create_event(network, capacity=50, title="Fachkonferenz Integration")
    db.session.commit()
    return event


@pytest.fixture
def bielefeld(network):
    kommune = factories.create_kommune(name="Bielefeld")
    factories.create_membership(network, kommune)
    db.session.commit()
    return kommune


@pytest.fixture
def registered(app, event, network, bielefeld):
    """Two registrations: one with answers and a name that looks like a formula."""
    organisation = factories.create_organisation(network, name="Jobcenter Bielefeld", type="Jobcenter")
    workshops = Question(event=event, position=1, kind="multiple_choice", label="Workshops", options=["A", "B"])
    db.session.add(workshops)
    db.session.commit()
    with app.test_request_context():
        first = register(event.id, {"given_name": "=SUM(1)", "family_name": "Müller", "email": "mueller@example.org",
                                    "organisation_id": organisation.id, "kommune_id": bielefeld.id,
                                    "answers": {str(workshops.id): ["A", "B"]},
                                    "topic_preferences": ["Sprache", "Arbeit"]}, by_coordinator=True).registration
        register(event.id, {"given_name": "Jana", "family_name": "Öztürk", "email": "jana@example.org"},
                 by_coordinator=True)
    first.created_at = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
    first.notes = "-kommt später"
    db.session.commit()
    return workshops


def test_csv_export_opens_in_german_excel_with_one_column_per_question(browser, coordinator, event, registered):
    browser.login(coordinator)
    response = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:9] == ["Status", "Vorname", "Nachname", "E-Mail", "Funktion", "Organisation", "Organisationsart",
                          "Kommune", "Angemeldet am"]
    assert header[9] == "Workshops" and header[-4:] == ["Barrierefreiheit", "Ernährung", "Themenwünsche", "Notizen"]
    mueller = dict(zip(header, rows[1]))
    assert mueller["Vorname"] == "'=SUM(1)"  # shown as text, never run as a formula
    assert mueller["Nachname"] == "Müller" and mueller["Organisation"] == "Jobcenter Bielefeld"
    assert mueller["Kommune"] == "Bielefeld" and mueller["Status"] == "Bestätigt"
    assert mueller["Workshops"] == "A; B" and mueller["Themenwünsche"] == "Sprache; Arbeit"
    assert mueller["Angemeldet am"] == "02.03.2026 09:30"
    assert mueller["Notizen"] == "'-kommt später"
    assert dict(zip(header, rows[2]))["Nachname"] == "Öztürk"


def test_xlsx_export_reads_back_with_bold_header(browser, coordinator, event, registered):
    browser.login(coordinator)
    response = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][9] == "Workshops" and sheet["A1"].font.bold
    assert rows[1][1] == "'=SUM(1)" and sheet["B2"].data_type == "s"
    assert rows[1][8] == datetime(2026, 3, 2, 9, 30)
    assert rows[1][9] == "A; B" and rows[2][2] == "Öztürk"


def test_export_of_an_unknown_format_is_not_found(browser, coordinator, event):
    browser.login(coordinator)
    assert browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.pdf").status_code == 404


def test_formula_guard_and_lists_in_cells():
    assert [safe_cell(value) for value in ("=1+1", "+49 521", "-x", "@a", "Anna", ["a", "b"], None, 3)] == \
        ["'=1+1", "'+49 521", "'-x", "'@a", "Anna", "a; b", "", 3]
    assert to_csv(["a"], [["x;y"]]).decode("utf-8-sig") == 'a\r\n"x;y"\r\n'


def upload(browser, event, content: bytes, filename: str):
    url = f"/manage/veranstaltungen/{event.id}/anmeldungen/import"
    return browser.submit(url, {"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def confirm(browser, event, preview_html: str, send_mail=True):
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', preview_html).group(1)
    data = {"payload": payload, **({"send_mail": "y"} if send_mail else {})}
    return browser.submit(f"/manage/veranstaltungen/{event.id}/anmeldungen/import/bestaetigen", data,
                          form_url=f"/manage/veranstaltungen/{event.id}/anmeldungen/import")


def registration_count(event):
    return db.session.scalar(select(func.count()).where(Registration.event_id == event.id))


def test_import_with_errors_lists_each_row_and_imports_nothing(browser, coordinator, event, bielefeld):
    content = ("Vorname;Nachname;E-Mail;Organisation;Kommune\r\n"
               "Ali;Kaya;ali@example.org;IHK Bielefeld;Bielefeld\r\n"
               "Eva;Brandt;eva(at)example.org;;Bielefeld\r\n"
               "Tom;Wolf;tom@example.org;;Atlantis\r\n").encode("utf-8-sig")
    browser.login(coordinator)
    response = upload(browser, event, content, "liste.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Zeile 3: „eva(at)example.org“ ist keine gültige E-Mail-Adresse." in html
    assert "Zeile 4: Die Kommune „Atlantis“ ist kein Mitglied dieses Netzwerks." in html
    assert "Es wurde nichts importiert" in html and "Jetzt importieren" not in html
    assert registration_count(event) == 0


def test_clean_file_is_imported_after_the_preview(app, browser, coordinator, network, event, bielefeld):
    with app.test_request_context():
        register(event.id, {"given_name": "Schon", "family_name": "Da", "email": "da@example.org"}, by_coordinator=True)
    db.session.commit()
    content = ("Vorname,Nachname,E-Mail,Organisation,Kommune\r\n"
               "Jürgen,Groß,juergen@example.org,Diakonie Bielefeld,bielefeld\r\n"
               "Ayşe,Demir,AYSE@example.org,,\r\n"
               "Schon,Da,da@example.org,,\r\n").encode("cp1252", errors="replace")
    browser.login(coordinator)
    preview = upload(browser, event, content, "Teilnehmende.CSV")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    assert "Jürgen" in html and "Alle 3 Zeilen sind fehlerfrei." in html and "Jetzt importieren" in html
    assert registration_count(event) == 1  # the preview alone imports nothing

    done = confirm(browser, event, html, send_mail=False)
    assert done.status_code == 302
    assert "2 Personen importiert. 1 war schon angemeldet und wurde übersprungen." in \
        browser.get(done.location).get_data(as_text=True)
    juergen = db.session.scalar(select(Registration).where(Registration.email == "juergen@example.org"))
    assert (juergen.given_name, juergen.family_name, juergen.state) == ("Jürgen", "Groß", "confirmed")
    assert juergen.kommune_id == bielefeld.id and juergen.person.organisation.name == "Diakonie Bielefeld"
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Diakonie Bielefeld")).network_id == network.id
    assert db.session.scalar(select(Registration).where(Registration.email == "ayse@example.org")) is not None
    assert registration_count(event) == 3
    assert db.session.scalar(select(func.count()).where(OutboxMail.registration_id == juergen.id)) == 0


def test_xlsx_import_with_english_headers(browser, coordinator, event):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["given_name", "family_name", "email"])
    sheet.append(["Mia", "Hoffmann", "mia@example.org"])
    sheet.append([None, None, None])
    sheet.append(["Noah", "Klein", "noah@example.org"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    browser.login(coordinator)
    preview = upload(browser, event, buffer.getvalue(), "liste.xlsx")
    assert preview.status_code == 200
    assert confirm(browser, event, preview.get_data(as_text=True)).status_code == 302
    assert registration_count(event) == 2
    assert db.session.scalar(select(func.count()).where(OutboxMail.kind == "confirmed")) == 2


def test_wrong_file_type_and_too_large_files_are_refused_clearly(browser, coordinator, event):
    browser.login(coordinator)
    wrong = upload(browser, event, b"%PDF-1.4 ...", "liste.pdf")
    assert wrong.status_code == 422
    assert "CSV-Datei (.csv) oder eine Excel-Datei (.xlsx)" in wrong.get_data(as_text=True)
    broken = upload(browser, event, b"not a zip", "liste.xlsx")
    assert broken.status_code == 422 and "konnte nicht gelesen werden" in broken.get_data(as_text=True)
    large = b"Vorname;Nachname;E-Mail\r\n" + b"Anna;Beispiel;anna@example.org\r\n" * 70000
    assert len(large) > importer.MAX_BYTES
    too_large = upload(browser, event, large, "liste.csv")
    assert too_large.status_code == 413 and "Die Datei ist zu groß (höchstens 2 MB)." in too_large.get_data(as_text=True)
    missing = upload(browser, event, b"Name;Mail\r\nA;b@example.org\r\n", "liste.csv")
    assert missing.status_code == 422 and "Es fehlen Spalten" in missing.get_data(as_text=True)
    assert registration_count(event) == 0


def test_a_tampered_or_foreign_import_payload_is_refused(browser, coordinator, network, event):
    browser.login(coordinator)
    preview = upload(browser, event, b"Vorname;Nachname;E-Mail\r\nMia;Hoffmann;mia@example.org\r\n", "a.csv")
    html = preview.get_data(as_text=True)
    tampered = html.replace('name="payload" type="hidden" value="', 'name="payload" type="hidden" value="x')
    assert confirm(browser, event, tampered).status_code == 400
    other_event = factories.create_event(network)
    db.session.commit()
    assert confirm(browser, other_event, html).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_importer_reads_semicolons_commas_and_finds_duplicates(app):
    with app.test_request_context():  # messages are in the request's language
        check_importer()


def check_importer():
    table = importer.read_table("a.csv", b"E-Mail,Vorname,Nachname\nx@example.org,A,B\n\nX@example.org,C,D\n")
    assert table == [(2, {"email": "x@example.org", "given_name": "A", "family_name": "B"}),
                     (4, {"email": "X@example.org", "given_name": "C", "family_name": "D"})]
    rows, errors = importer.validate(table, [], set())
    assert [row.email for row in rows] == ["x@example.org", "x@example.org"]
    assert errors == [(4, "Die E-Mail-Adresse steht schon in Zeile 2.")]
    _, errors = importer.validate([(2, {"given_name": "", "family_name": "B", "email": "",
                                        "kommune": "Halle", "organisation_type": "Sekte"})],
                                  [importer.KommuneOption(1, "Halle", "Sachsen-Anhalt"),
                                   importer.KommuneOption(2, "Halle", "Nordrhein-Westfalen")], {"IHK"})
    assert [number for number, _ in errors] == [2, 2, 2, 2]
    assert "mehrdeutig" in errors[2][1] and "Halle (Sachsen-Anhalt)" in errors[2][1]
