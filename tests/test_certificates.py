"""Teilnahmebescheinigungen: checked-in participants get a PDF with name, event, date, duration and agenda, the
network's logo and signature, in their language; coordinators print them all at once."""
import io
import re
from datetime import timedelta

from pypdf import PdfReader

from netzwerk.badges.models import PrintJob
from netzwerk.badges.services import run_queued_jobs
from netzwerk.extensions import db

from . import factories

LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="40" height="10" '
        b'fill="#1d4e89"/></svg>')


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _event(network):
    network.logo, network.logo_type = LOGO, "image/svg+xml"
    network.signature, network.signature_type = LOGO, "image/svg+xml"
    network.signatory = "Maria Koordinatorin"
    event = factories.create_event(network, title="Lernnetzwerktreffen Bielefeld",
                                   translations={"title": {"ar": "لقاء شبكة التعلم في بيليفيلد"}})
    factories.create_agenda_item(event, title="Begrüßung", translations={"title": {"ar": "الترحيب"}})
    return event


def test_own_certificate_in_german_has_name_event_date_duration_agenda(client, network):
    event = _event(network)
    factories.create_registration(event, state="attended", token="t-dana", given_name="Dana", family_name="Deutsch")
    db.session.commit()
    page = client.get("/anmeldung/t-dana").get_data(as_text=True)
    assert "Teilnahmebescheinigung (PDF)" in page
    response = client.get("/anmeldung/t-dana/teilnahmebescheinigung.pdf")
    assert response.status_code == 200 and response.content_type == "application/pdf"
    [text] = _text(response.data)
    for expected in ("Teilnahmebescheinigung", "Dana Deutsch", "Lernnetzwerktreffen Bielefeld", "Dauer: 6 Stunden",
                     "Begrüßung", "Maria Koordinatorin", "Programm"):
        assert expected in text, expected


def test_own_certificate_in_arabic_is_shaped_text(client, network):
    event = _event(network)
    factories.create_registration(event, state="attended", token="t-amal", given_name="أمل", family_name="عربي",
                                  locale="ar")
    db.session.commit()
    response = client.get("/anmeldung/t-amal/teilnahmebescheinigung.pdf")
    assert response.status_code == 200
    [text] = _text(response.data)
    assert "شهادة حضور" in text and "لقاء شبكة التعلم في بيليفيلد" in text and "الترحيب" in text
    assert "Teilnahmebescheinigung" not in text


def test_half_hours_are_written_with_the_languages_decimal_sign(client, network):
    event = _event(network)
    event.ends_at = event.starts_at + timedelta(hours=5, minutes=30)
    factories.create_registration(event, state="attended", token="t-de", given_name="Dana", family_name="Deutsch")
    factories.create_registration(event, state="attended", token="t-en", given_name="Erin", family_name="English",
                                  locale="en")
    db.session.commit()
    [german] = _text(client.get("/anmeldung/t-de/teilnahmebescheinigung.pdf").data)
    [english] = _text(client.get("/anmeldung/t-en/teilnahmebescheinigung.pdf").data)
    assert "Dauer: 5,5 Stunden" in german
    assert "Duration: 5.5 hours" in english


def test_no_certificate_before_check_in(client, network):
    event = _event(network)
    factories.create_registration(event, state="confirmed", token="t-nora")
    db.session.commit()
    assert "Teilnahmebescheinigung (PDF)" not in client.get("/anmeldung/t-nora").get_data(as_text=True)
    refused = client.get("/anmeldung/t-nora/teilnahmebescheinigung.pdf")
    assert refused.status_code == 409 and "eingecheckt" in refused.get_data(as_text=True)
    assert client.get("/anmeldung/unknown/teilnahmebescheinigung.pdf").status_code == 404


def test_coordinator_prints_everyone_checked_in_in_one_pdf_each_page_in_its_language(signed_in, network):
    event = _event(network)
    factories.create_registration(event, state="attended", given_name="Dana", family_name="Deutsch")
    factories.create_registration(event, state="attended", given_name="Amal", family_name="Arabi", locale="ar")
    factories.create_registration(event, state="confirmed", given_name="Nora", family_name="Nichtda")
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/teilnahmebescheinigungen"
    assert "2 Bescheinigungen als PDF" in signed_in.get(page).get_data(as_text=True)
    response = signed_in.submit(f"{page}.pdf", form_url=page)
    assert response.status_code == 200
    texts = _text(response.data)
    assert len(texts) == 2
    arabic, german = texts  # by family name: Arabi, Deutsch
    assert "Amal Arabi" in arabic and "شهادة حضور" in arabic
    assert "Dana Deutsch" in german and "Teilnahmebescheinigung" in german
    assert not any("Nichtda" in text for text in texts)


def test_large_batches_go_to_the_print_worker(signed_in, network, monkeypatch):
    from netzwerk.certificates import services

    monkeypatch.setattr(services, "INLINE_LIMIT", 1)
    event = _event(network)
    for n in range(3):
        factories.create_registration(event, state="attended", given_name="Person", family_name=f"Nummer{n}")
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/teilnahmebescheinigungen"
    response = signed_in.submit(f"{page}.pdf", form_url=page)
    assert response.status_code == 302 and "/druckauftraege/" in response.headers["Location"]
    waiting = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Druckauftrag: 3 Bescheinigungen" in waiting and "Schild" not in waiting  # not "3 Schilder"
    assert run_queued_jobs() == 1
    job = db.session.query(PrintJob).one()
    db.session.refresh(job)
    assert job.status == "done", job.error
    texts = _text(signed_in.get(f"/manage/druckauftraege/{job.id}/datei.pdf").data)
    assert len(texts) == 3 and "Person Nummer2" in texts[2]


def _network_form(network, **extra):
    return {"name": network.name, "slug": network.slug, **extra}


def test_signature_upload_has_the_logo_checks_and_is_served_safely(signed_in, network):
    url = f"/manage/netzwerke/{network.id}/bearbeiten"
    script_svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
    refused = signed_in.submit(url, _network_form(network, signature=(io.BytesIO(script_svg), "sig.svg")),
                               content_type="multipart/form-data")
    assert refused.status_code == 422 and "Skripte" in refused.get_data(as_text=True)
    html_as_png = b"<html><script>alert(1)</script></html>"
    refused = signed_in.submit(url, _network_form(network, signature=(io.BytesIO(html_as_png), "sig.png")),
                               content_type="multipart/form-data")
    assert refused.status_code == 422 and "Unterschrift als PNG- oder SVG-Datei" in refused.get_data(as_text=True)
    too_big = b"\x89PNG\r\n\x1a\n" + b"0" * (513 * 1024)
    refused = signed_in.submit(url, _network_form(network, signature=(io.BytesIO(too_big), "sig.png")),
                               content_type="multipart/form-data")
    assert refused.status_code == 422 and "höchstens 512 KB" in refused.get_data(as_text=True)
    db.session.refresh(network)
    assert network.signature is None and network.signature_type == ""
    saved = signed_in.submit(url, _network_form(network, signatory="Maria Koordinatorin",
                                                signature=(io.BytesIO(LOGO), "sig.svg")),
                             content_type="multipart/form-data")
    assert saved.status_code == 302
    db.session.refresh(network)
    assert network.signature == LOGO and network.signatory == "Maria Koordinatorin"
    served = signed_in.get(f"/manage/netzwerke/{network.id}/unterschrift")
    assert served.data == LOGO and "default-src 'none'" in served.headers["Content-Security-Policy"]


def test_a_certificate_of_someone_who_took_part_online_names_no_venue(client, network):
    """At a hybrid meeting an online participant was never at the Tagungszentrum: their certificate says online."""
    event = _event(network)
    event.format, event.online_capacity = "hybrid", 10
    factories.create_registration(event, state="attended", token="t-onsite", given_name="Dana", family_name="Vorort")
    factories.create_registration(event, state="attended", token="t-online", given_name="Olek", family_name="Online",
                                  attendance="online", locale="uk")
    db.session.commit()
    [there] = _text(client.get("/anmeldung/t-onsite/teilnahmebescheinigung.pdf").data)
    [online] = _text(client.get("/anmeldung/t-online/teilnahmebescheinigung.pdf").data)
    assert "Tagungszentrum" in there and "Online" not in there
    assert "Tagungszentrum" not in online and "Онлайн (відеоконференція)" in online


def test_the_certificates_page_links_to_where_logo_and_signature_are_uploaded(signed_in, network):
    event = _event(network)
    db.session.commit()
    page = signed_in.get(f"/manage/veranstaltungen/{event.id}/teilnahmebescheinigungen").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Logo und Unterschrift hochladen</a>', page).group(1)
    assert link == f"/manage/netzwerke/{network.id}/bearbeiten#logo"
    assert 'id="logo"' in signed_in.get(link.split("#")[0]).get_data(as_text=True)
