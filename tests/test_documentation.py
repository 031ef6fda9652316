"""Documentation of an event: materials with hostile uploads refused, public or participants-only, notes of the
table groups by the host's link, all of it on the archive page and in a PDF."""
import io

from flask import g
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from netzwerk.documentation.models import Material, TableNote
from netzwerk.extensions import db
from netzwerk.feedback.models import FeedbackAnswer, FeedbackSurvey
from netzwerk.tables.models import GroupTable

from . import factories
from .conftest import csrf_from

MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _png_with_exif() -> bytes:
    image = Image.new("RGB", (30, 20), "#1d4e89")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam GPS 51.9,8.4"
    output = io.BytesIO()
    image.save(output, format="PNG", exif=exif)
    return output.getvalue() + b"<script>alert(1)</script>"


def _upload(browser, event, title, data, filename, visibility="public"):
    page = f"/manage/veranstaltungen/{event.id}/dokumentation"
    return browser.submit(page, {"title": title, "visibility": visibility, "file": (io.BytesIO(data), filename)},
                          content_type="multipart/form-data")


def _materials() -> int:
    return db.session.scalar(select(func.count()).select_from(Material))


def test_images_are_reencoded_and_a_pdf_is_kept_public_on_the_archive(signed_in, client, network):
    event = factories.create_event(network)
    db.session.commit()
    assert _upload(signed_in, event, "Foto vom Plenum", _png_with_exif(), "plenum.png").status_code == 302
    assert _upload(signed_in, event, "Folien Impuls", MINIMAL_PDF, "folien.txt").status_code == 302
    photo = db.session.scalar(select(Material).where(Material.title == "Foto vom Plenum"))
    assert photo.media_type == "image/png" and b"SecretCam" not in photo.data and b"<script>" not in photo.data
    assert Image.open(io.BytesIO(photo.data)).size == (30, 20)
    slides = db.session.scalar(select(Material).where(Material.title == "Folien Impuls"))
    assert slides.media_type == "application/pdf" and slides.filename == "folien-impuls.pdf"
    archive = client.get(f"/n/{network.slug}/{event.id}").get_data(as_text=True)
    assert "Foto vom Plenum" in archive and "Folien Impuls" in archive
    served = client.get(f"/n/{network.slug}/{event.id}/material/{slides.id}")
    assert served.status_code == 200 and served.data == MINIMAL_PDF
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_hostile_uploads_are_refused_with_a_clear_message_and_nothing_is_stored(signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    html_as_png = b"<html><body><script>alert(1)</script></body></html>"
    refused = _upload(signed_in, event, "Bild", html_as_png, "bild.png")
    assert refused.status_code == 422 and "wird nicht angenommen" in refused.get_data(as_text=True)
    svg_with_script = (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
                       b'<rect width="1" height="1"/></svg>')
    refused = _upload(signed_in, event, "Grafik", svg_with_script, "grafik.svg")
    assert refused.status_code == 422 and "Skripte" in refused.get_data(as_text=True)
    oversized = b"%PDF-1.4\n" + b"0" * (8 * 1024 * 1024 + 10)
    refused = _upload(signed_in, event, "Riesig", oversized, "riesig.pdf")
    assert refused.status_code == 422 and "höchstens 8 MB" in refused.get_data(as_text=True)
    beyond_request_limit = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    refused = _upload(signed_in, event, "Noch größer", beyond_request_limit, "x.pdf")
    assert refused.status_code == 413 and "zu groß" in refused.get_data(as_text=True)
    png_header_then_html = b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>"
    assert _upload(signed_in, event, "Kaputt", png_header_then_html, "kaputt.png").status_code == 422
    assert _materials() == 0


def test_svg_is_only_ever_a_download(signed_in, client, network):
    event = factories.create_event(network)
    db.session.commit()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    assert _upload(signed_in, event, "Logo", svg, "logo.svg").status_code == 302
    material = db.session.scalar(select(Material))
    served = client.get(f"/n/{network.slug}/{event.id}/material/{material.id}")
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]


def test_participants_only_material_opens_only_through_a_registration_of_that_event(signed_in, client, network):
    event = factories.create_event(network)
    other_event = factories.create_event(network)
    factories.create_registration(event, state="attended", token="t-in")
    factories.create_registration(event, state="cancelled", token="t-cancelled")
    factories.create_registration(other_event, state="attended", token="t-other")
    db.session.commit()
    assert _upload(signed_in, event, "Interne Folien", MINIMAL_PDF, "intern.pdf", "participants").status_code == 302
    material = db.session.scalar(select(Material))
    assert material.visibility == "participants"
    archive = client.get(f"/n/{network.slug}/{event.id}").get_data(as_text=True)
    assert "Interne Folien" in archive and f"/material/{material.id}" not in archive
    assert client.get(f"/n/{network.slug}/{event.id}/material/{material.id}").status_code == 404
    assert f"/anmeldung/t-in/material/{material.id}" in client.get("/anmeldung/t-in").get_data(as_text=True)
    assert client.get(f"/anmeldung/t-in/material/{material.id}").data == MINIMAL_PDF
    assert client.get(f"/anmeldung/t-cancelled/material/{material.id}").status_code == 404
    assert client.get(f"/anmeldung/t-other/material/{material.id}").status_code == 404
    assert signed_in.get(f"/manage/veranstaltungen/{event.id}/dokumentation/{material.id}").data == MINIMAL_PDF


def test_film_link_and_table_host_notes_reach_the_archive_and_the_pdf(signed_in, client, network):
    kommune = factories.create_kommune(name="Düren")
    event = factories.create_event(network, title="Netzwerktreffen Düren")
    factories.create_agenda_item(event, title="Impulsreferat Ausbildung")
    host = factories.create_registration(event, state="attended", kommune=kommune, organisation_type="Jobcenter")
    factories.create_registration(event, state="attended", kommune=kommune, organisation_type="IHK")
    table = GroupTable(event_id=event.id, label="3", capacity=6, topics={}, host_registration_id=host.id)
    db.session.add(table)
    survey = FeedbackSurvey(event_id=event.id, questions=[{"key": "overall", "kind": "rating", "template": "overall"},
                                                          {"key": "highlights", "kind": "text",
                                                           "template": "highlights"}])
    db.session.add(survey)
    db.session.flush()
    db.session.add(FeedbackAnswer(survey_id=survey.id, ratings={"overall": 4}, texts={"highlights": "Der Film"},
                                  submitted_on=event.starts_at.date()))
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/dokumentation"
    assert signed_in.submit(page, {"title": "Film zum Treffen", "url": "https://video.example.org/treffen",
                                   "visibility": "public"}).status_code == 302
    assert signed_in.submit(page, {"title": "Ohne alles", "visibility": "public"}).status_code == 422
    assert signed_in.submit(page, {"title": "Böse", "url": "javascript:alert(1)",
                                   "visibility": "public"}).status_code == 422
    shown = signed_in.submit(f"/manage/veranstaltungen/{event.id}/tischnotizen/{table.id}/link", form_url=page)
    link = shown.get_data(as_text=True).split("<code>")[1].split("</code>")[0]
    path = link.split("localhost", 1)[1]
    g.pop("csrf_token", None)
    host_browser = client
    form = host_browser.get(path)
    assert form.status_code == 200
    saved = host_browser.post(path, data={"csrf_token": csrf_from(form.get_data(as_text=True)),
                                          "text": "Highlight: Praktikumsbörse gemeinsam mit der IHK"})
    assert saved.status_code == 302
    assert db.session.scalar(select(TableNote.text)) == "Highlight: Praktikumsbörse gemeinsam mit der IHK"
    assert db.session.scalar(select(TableNote.token_hash)) not in link
    assert host_browser.get("/tischnotiz/" + "x" * 43).status_code == 404

    archive = client.get(f"/n/{network.slug}/{event.id}").get_data(as_text=True)
    assert "Film zum Treffen" in archive and "Praktikumsbörse gemeinsam mit der IHK" in archive
    film = db.session.scalar(select(Material).where(Material.kind == "link"))
    assert client.get(f"/n/{network.slug}/{event.id}/material/{film.id}").headers["Location"] == \
        "https://video.example.org/treffen"

    g.pop("csrf_token", None)
    pdf = signed_in.get(f"/manage/veranstaltungen/{event.id}/dokumentation.pdf")
    assert pdf.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for expected in ("Dokumentation", "Impulsreferat Ausbildung", "Düren", "Jobcenter", "IHK",
                     "Praktikumsbörse gemeinsam mit der IHK", "Durchschnitt 4.0", "Der Film", "Film zum Treffen",
                     "https://video.example.org/treffen"):
        assert expected in text, expected


def test_archive_page_runs_the_same_queries_for_few_and_many_materials_and_notes(client, network, count_queries):
    event = factories.create_event(network)
    db.session.commit()
    url = f"/n/{network.slug}/{event.id}"

    def add(count, start):
        for n in range(start, start + count):
            host = factories.create_registration(event, state="attended")
            table = GroupTable(event_id=event.id, label=str(n), capacity=6, topics={}, host_registration_id=host.id)
            db.session.add(table)
            db.session.flush()
            db.session.add(TableNote(event_id=event.id, table_id=table.id, text=f"Notiz {n}"))
            db.session.add(Material(event_id=event.id, kind="link", title=f"Film {n}", url="https://example.org/f"))
        db.session.commit()

    add(2, 0)
    db.session.expunge_all()
    with count_queries() as few:
        assert client.get(url).status_code == 200
    add(20, 2)
    db.session.expunge_all()
    with count_queries() as many:
        text = client.get(url).get_data(as_text=True)
    assert "Notiz 21" in text and "Film 21" in text
    assert many.n == few.n


def test_a_double_click_on_add_stores_a_file_or_link_once(signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    for _click in range(2):
        response = _upload(signed_in, event, "Folien Impuls", MINIMAL_PDF, "folien.pdf")
        assert response.status_code == 302
    assert "„Folien Impuls“ wurde gerade schon hinzugefügt." in signed_in.get(response.location).get_data(as_text=True)
    assert _materials() == 1
    _upload(signed_in, event, "Folien Impuls", MINIMAL_PDF.replace(b"1.4", b"1.7"), "folien.pdf")  # a new version
    assert _materials() == 2
    page = f"/manage/veranstaltungen/{event.id}/dokumentation"
    for _click in range(2):
        signed_in.submit(page, {"title": "Film", "visibility": "public", "url": "https://video.example.org/film"})
    assert _materials() == 3
