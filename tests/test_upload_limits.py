"""Hostile uploads: image bombs as logo or hall plan, SVGs with scripts, CSV and XLSX files built to be
expensive or unreadable. Each is refused with a message next to the field and a 4xx, and nothing is stored."""
import base64
import functools
import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from openpyxl import Workbook
from PIL import Image
from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.fair.services import fair_of
from netzwerk.registrations import importer
from netzwerk.registrations.models import Registration

from . import factories

# --- hostile files, built here ------------------------------------------------------------------------------

def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@functools.cache
def png_bomb(width=30000, height=30000) -> bytes:
    """A 1-bit PNG of width × height black pixels, written chunk by chunk: 900 megapixels in about 110 KB."""
    compressor = zlib.compressobj(9)
    rows = (b"\x00" + b"\x00" * ((width + 7) // 8)) * 1000
    stream = b"".join(compressor.compress(rows) for _ in range(height // 1000)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + _chunk(b"IDAT", stream) + _chunk(b"IEND", b""))


def png(width=40, height=20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def svg(body: str, extra_namespaces: str = "") -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {extra_namespaces}'
            f'viewBox="0 0 300 100">{body}</svg>').encode()


def inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + inline("A1", "Vorname") + inline("B1", "Nachname") + inline("C1", "E-Mail") + "</row>"
PERSON_ROW = '<row r="2">' + inline("A2", "Mia") + inline("B2", "Hoffmann") + inline("C2", "mia@example.org") + "</row>"


def xlsx(rows: str = HEADER_ROW + PERSON_ROW, dimension: str = "A1:C2", padding: str = "", prolog: str = "") -> bytes:
    """A real workbook whose first sheet's XML is replaced: any dimension, rows and padding we like."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
             f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData>{padding}</worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = sheet.encode() if member.filename == "xl/worksheets/sheet1.xml" else source.read(member)
            target.writestr(member.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


# --- logo and hall plan -------------------------------------------------------------------------------------

@pytest.fixture
def fair_event(network):
    event = factories.create_fair_event(network)
    db.session.commit()
    return event


def upload_logo(browser, network, data: bytes, filename="logo.png"):
    return browser.submit(f"/manage/netzwerke/{network.id}/bearbeiten",
                          {"name": network.name, "slug": network.slug, "logo": (io.BytesIO(data), filename)},
                          content_type="multipart/form-data")


def upload_hall_plan(browser, event, data: bytes, filename="halle.png"):
    return browser.submit(f"/manage/veranstaltungen/{event.id}/messe/hallenplan",
                          {"hall_width": "37", "hall_depth": "20", "background": (io.BytesIO(data), filename)},
                          content_type="multipart/form-data")


def field_error(response) -> str:
    """The page's text, for messages shown next to a field."""
    return response.get_data(as_text=True)


def test_a_png_of_900_megapixels_is_refused_as_logo_and_the_old_logo_stays(signed_in, network):
    bomb = png_bomb()
    assert len(bomb) < 120 * 1024
    network.logo, network.logo_type = png(), "image/png"
    db.session.commit()
    response = upload_logo(signed_in, network, bomb)
    assert response.status_code == 422
    assert "Das Logo ist zu groß (höchstens 4000 × 4000 Pixel)." in field_error(response)
    db.session.refresh(network)
    assert (network.logo, network.logo_type) == (png(), "image/png")


def test_a_png_of_900_megapixels_is_refused_as_hall_plan(signed_in, fair_event):
    response = upload_hall_plan(signed_in, fair_event, png_bomb())
    assert response.status_code == 422
    assert "Der Hallenplan ist zu groß (höchstens 6000 × 6000 Pixel)." in field_error(response)
    fair = fair_of(fair_event)
    assert fair.background is None and fair.hall_width != 37


@pytest.mark.parametrize("data, message", [
    (png_bomb(12000, 12000), "höchstens 6000 × 6000 Pixel"),  # Pillow only warns between 89 and 179 MP
    (png(60, 60)[:-30], "beschädigt oder unvollständig"),  # cut off
    (png(60, 60)[:16] + b"\x00" * 8 + png(60, 60)[24:], "beschädigt oder unvollständig"),  # 0 × 0 declared
])
def test_large_or_broken_pngs_are_refused_as_hall_plan(signed_in, fair_event, data, message):
    response = upload_hall_plan(signed_in, fair_event, data)
    assert response.status_code == 422 and message in field_error(response)
    assert fair_of(fair_event).background is None


@pytest.mark.parametrize("data", [
    svg('<script>alert(document.cookie)</script>'),
    svg('<rect width="10" height="10" onload="alert(1)"/>'),
    svg('<image xlink:href="https://tracker.example/pixel.png" width="9" height="9"/>'),
    svg('<image href="file:///etc/passwd" width="9" height="9"/>'),
    svg('<foreignObject width="9" height="9"><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>'),
    svg('<style>@import url(https://example.org/a.css);</style>'),
    svg('<rect width="10" height="10" fill="url(https://example.org/a.svg#g)"/>'),
    svg('<a href="javascript:alert(1)"><rect width="10" height="10"/></a>'),
])
def test_svg_logos_with_scripts_or_outside_references_are_refused(signed_in, network, data):
    response = upload_logo(signed_in, network, data, "logo.svg")
    assert response.status_code == 422
    assert "Die SVG-Datei enthält Skripte oder Verweise auf andere Dateien" in field_error(response)
    db.session.refresh(network)
    assert network.logo is None


def test_an_svg_hall_plan_embedding_a_png_bomb_is_refused(signed_in, fair_event):
    data = svg(f'<image href="data:image/png;base64,{base64.b64encode(png_bomb()).decode()}" width="9" height="9"/>')
    response = upload_hall_plan(signed_in, fair_event, data, "halle.svg")
    assert response.status_code == 422 and "höchstens 6000 × 6000 Pixel" in field_error(response)
    assert fair_of(fair_event).background is None


def test_an_svg_logo_with_gradients_and_inner_references_is_still_accepted(signed_in, network):
    data = svg('<defs><linearGradient id="g"><stop offset="0" stop-color="#2da44e"/></linearGradient>'
               '<rect id="r" width="10" height="10"/></defs>'
               '<rect width="300" height="100" fill="url(#g)" style="stroke: url(#g)"/><use xlink:href="#r"/>'
               f'<image href="data:image/png;base64,{base64.b64encode(png()).decode()}" width="40" height="20"/>')
    assert upload_logo(signed_in, network, data, "logo.svg").status_code == 302
    db.session.refresh(network)
    assert (network.logo, network.logo_type) == (data, "image/svg+xml")


# --- registration import ------------------------------------------------------------------------------------

@pytest.fixture
def event(network):
    event = factories.create_event(network, title="Netzwerktreffen Import")
    db.session.commit()
    return event


def upload_list(browser, event, content: bytes, filename: str):
    return browser.submit(f"/manage/veranstaltungen/{event.id}/anmeldungen/import",
                          {"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def registration_count(event) -> int:
    return db.session.scalar(select(func.count()).where(Registration.event_id == event.id))


def refused(response, message: str, status=422) -> bool:
    html = response.get_data(as_text=True)
    return response.status_code == status and message in html and "Jetzt importieren" not in html


def test_a_csv_field_longer_than_pythons_csv_limit_is_refused_with_its_row(signed_in, event):
    content = ("Vorname;Nachname;E-Mail\r\nMia;Hoffmann;mia@example.org\r\n"
               f"Noah;{'x' * 140_000};noah@example.org\r\n").encode()
    response = upload_list(signed_in, event, content, "liste.csv")
    assert refused(response, "Zeile 3: Feld zu lang (höchstens 1000 Zeichen).")
    assert registration_count(event) == 0


def test_an_unclosed_quote_that_swallows_the_file_is_refused(signed_in, event):
    content = ('Vorname;Nachname;E-Mail\r\n"Mia;Hoffmann;mia@example.org\r\n'
               + "Noah;Klein;noah@example.org\r\n" * 6000).encode()
    response = upload_list(signed_in, event, content, "liste.csv")
    assert refused(response, "Zeile 2: Feld zu lang (höchstens 1000 Zeichen).")


def test_a_long_field_below_the_csv_limit_is_refused_too(signed_in, event):
    content = f"Vorname;Nachname;E-Mail;Notiz\r\nMia;Hoffmann;mia@example.org;{'x' * 5000}\r\n".encode()
    assert refused(upload_list(signed_in, event, content, "liste.csv"), "Zeile 2: Feld zu lang")


def test_a_function_longer_than_the_database_column_is_a_row_error(signed_in, event):
    content = f"Vorname;Nachname;E-Mail;Funktion\r\nMia;Hoffmann;mia@example.org;{'y' * 300}\r\n".encode()
    assert refused(upload_list(signed_in, event, content, "liste.csv"), "Zeile 2: Die Funktion ist zu lang.")


def test_control_characters_in_an_imported_name_are_a_row_error(signed_in, event):
    content = b"Vorname;Nachname;E-Mail\r\nMia\x1b[31m;Hoffmann;mia@example.org\r\n"
    assert refused(upload_list(signed_in, event, content, "liste.csv"), "Zeile 2: Die Zeile enthält unsichtbare")


def test_csv_in_an_unknown_encoding_is_refused_and_utf16_is_named(signed_in, event):
    neither = b"Vorname;Nachname;E-Mail\r\nMia;Hoffmann;mia@example.org\r\n" + b"\x81\x8d;\x90;\x9d\r\n"
    assert refused(upload_list(signed_in, event, neither, "liste.csv"), "weder UTF-8 noch Windows-1252")
    utf16 = "Vorname;Nachname;E-Mail\r\nMia;Hoffmann;mia@example.org\r\n".encode("utf-16")
    assert refused(upload_list(signed_in, event, utf16, "liste.csv"), "als UTF-16 gespeichert")
    with_bom = "Vorname;Nachname;E-Mail\r\nJürgen;Groß;juergen@example.org\r\n".encode("utf-8-sig")
    preview = upload_list(signed_in, event, with_bom, "liste.csv")
    assert preview.status_code == 200 and "Jürgen" in preview.get_data(as_text=True)
    assert registration_count(event) == 0


def test_a_csv_of_a_million_blank_lines_is_refused(signed_in, event):
    content = b"Vorname;Nachname;E-Mail\r\nMia;Hoffmann;mia@example.org\r\n" + b"\n" * 1_000_000
    assert refused(upload_list(signed_in, event, content, "liste.csv"), "reicht über Zeile 5000 hinaus")


XFD3000_BOMB = dict(rows=HEADER_ROW + PERSON_ROW + '<row r="3000">' + inline("XFD3000", " ") + "</row>",
                    dimension="A1:XFD3000")


def test_an_xlsx_declaring_a1_to_xfd3000_is_read_as_its_two_rows(signed_in, event):
    content = xlsx(**XFD3000_BOMB)
    assert len(content) < 8000
    tracemalloc.start()
    try:
        preview = upload_list(signed_in, event, content, "liste.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Mia" in html and "Jetzt importieren" in html
    # Reading the declared 3000 × 16384 cells took 350 MB; the rows actually there take a few.
    assert peak < 64 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert registration_count(event) == 0  # the preview stores nothing


def test_an_xlsx_with_a_row_far_below_the_cap_is_refused(signed_in, event):
    far = '<row r="1048576">' + inline("A1048576", "Eve") + inline("B1048576", "X") + \
          inline("C1048576", "eve@example.org") + "</row>"
    content = xlsx(HEADER_ROW + PERSON_ROW + far, dimension="A1:C1048576")
    assert refused(upload_list(signed_in, event, content, "liste.xlsx"), "reicht über Zeile 5000 hinaus")


def test_an_xlsx_that_unpacks_to_30_mb_is_refused_before_it_is_read(signed_in, event):
    content = xlsx(padding="<!--" + " " * (30 * 1024 * 1024) + "-->")
    assert len(content) < 100 * 1024
    assert refused(upload_list(signed_in, event, content, "liste.xlsx"), "entpackt sich auf mehr als 25 MB")
    assert registration_count(event) == 0


def test_an_xlsx_of_a_million_tiny_elements_is_refused(signed_in, event):
    content = xlsx(padding="<x/>" * 1_000_000)
    assert refused(upload_list(signed_in, event, content, "liste.xlsx"), "Die Excel-Datei ist zu umfangreich")


def test_an_xlsx_row_of_5000_cells_is_refused(signed_in, event):
    wide = '<row r="2">' + "<c/>" * 5000 + "</row>"
    content = xlsx(HEADER_ROW + wide)
    assert refused(upload_list(signed_in, event, content, "liste.xlsx"), "mehr als 1000 Zellen")


def test_an_xlsx_cell_of_5000_characters_is_refused_with_its_row(signed_in, event):
    row = '<row r="2">' + inline("A2", "Mia") + inline("B2", "x" * 5000) + inline("C2", "mia@example.org") + "</row>"
    content = xlsx(HEADER_ROW + row)
    assert refused(upload_list(signed_in, event, content, "liste.xlsx"), "Zeile 2: Feld zu lang")


def needing_zip_version(content: bytes, version: int) -> bytes:
    """The package with each central directory entry claiming a zip version Python cannot extract."""
    data = bytearray(content)
    start = data.find(b"PK\x01\x02")
    while start != -1:
        data[start + 6] = version
        start = data.find(b"PK\x01\x02", start + 4)
    return bytes(data)


@pytest.mark.parametrize("content", [
    b"PK\x03\x04 not really a zip",
    needing_zip_version(xlsx(), 135),
    xlsx()[:600],  # cut off
    xlsx(rows=HEADER_ROW + "<row><c><unclosed>"),
    xlsx(prolog='<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>'),
])
def test_broken_xlsx_files_are_refused_clearly(signed_in, event, content):
    response = upload_list(signed_in, event, content, "liste.xlsx")
    assert refused(response, "Die Excel-Datei konnte nicht gelesen werden."), response.get_data(as_text=True)[-3000:]
    assert registration_count(event) == 0


def test_an_old_xls_or_password_protected_file_is_named_as_such(signed_in, event):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert refused(upload_list(signed_in, event, ole, "liste.xlsx"), "mit einem Passwort geschützt")


def test_the_importer_caps_hold_without_a_request(app):
    with app.test_request_context():
        with pytest.raises(importer.ImportFileError, match="Zeile 2: Feld zu lang"):
            importer.read_table("a.csv", f"Vorname,Nachname,E-Mail\nA,{'b' * 200_000},c@example.org\n".encode())
        table = importer.read_table("a.xlsx", xlsx(**XFD3000_BOMB))
    assert table == [(2, {"given_name": "Mia", "family_name": "Hoffmann", "email": "mia@example.org"})]
