"""A coordinator prints badges and lists of an event; a participant fetches their own badge."""
import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from netzwerk.badges import services as badge_services
from netzwerk.badges.models import PrintJob
from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.registrations.models import BadgeRole
from netzwerk.registrations.tokens import issue_token

from . import factories
from .test_registration_admin import add_registration


def png(width=40, height=20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1f5f8b").save(buffer, "PNG")
    return buffer.getvalue()


PNG_LOGO = png()


def text_of(pdf: bytes) -> str:
    """The PDF's text with line breaks as spaces: a long name may wrap onto two lines of its badge."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def event(network):
    event = factories.create_event(network, title="Lernnetzwerktreffen Herford")
    db.session.commit()
    return event


def badges_url(event):
    return f"/manage/veranstaltungen/{event.id}/namensschilder"


def print_badges(browser, event, **choices):
    data = {"layout": "a4-2x4-90x55", "sides": "front", "states": ["confirmed", "attended"], "order": "name",
            "page": "A4", **choices}
    return browser.submit(badges_url(event), data)


def test_badges_of_confirmed_and_attended_people_only_sorted_by_name(signed_in, event):
    add_registration(event, 1, given_name="Zeynep", family_name="Yılmaz")
    add_registration(event, 2, given_name="Olena", family_name="Kovalenko", state="attended")
    add_registration(event, 3, given_name="Warte", family_name="Liste", state="waitlisted")
    add_registration(event, 4, given_name="Jürgen", family_name="Groß")
    db.session.commit()

    response = print_badges(signed_in, event)
    assert response.status_code == 200 and response.content_type == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = text_of(response.data)
    assert "Liste" not in text
    assert text.index("Groß") < text.index("Kovalenko") < text.index("Yılmaz")
    assert pages_of(response.data) == 1


def test_badges_filtered_by_kommune_and_role(signed_in, network, event):
    herford, minden = factories.create_kommune(name="Herford"), factories.create_kommune(name="Minden")
    for kommune in (herford, minden):
        factories.create_membership(network, kommune)
    add_registration(event, 1, family_name="Ausherford", kommune=herford)
    add_registration(event, 2, family_name="Ausminden", kommune=minden)
    add_registration(event, 3, family_name="Redner", kommune=herford, badge_role="speaker")
    db.session.commit()

    text = text_of(print_badges(signed_in, event, kommune_id=herford.id).data)
    assert "Ausherford" in text and "Redner" in text and "Ausminden" not in text
    text = text_of(print_badges(signed_in, event, role="speaker").data)
    assert "Redner" in text and "Referent:in" in text and "Ausherford" not in text


def test_no_matching_registration_is_said_next_to_the_choice(signed_in, event):
    add_registration(event, 1, state="pending")
    db.session.commit()
    response = print_badges(signed_in, event)
    assert response.status_code == 422
    assert "Keine bestätigte Anmeldung passt zu dieser Auswahl." in response.get_data(as_text=True)


def test_custom_layout_that_does_not_fit_is_refused_with_the_excess(signed_in, event):
    add_registration(event, 1)
    db.session.commit()
    response = print_badges(signed_in, event, layout="custom", badge_width="100", badge_height="60", columns="3",
                            rows="4", gap="0")
    assert response.status_code == 422
    assert "90 mm zu breit" in response.get_data(as_text=True)


def test_custom_layout_without_sizes_asks_for_them(signed_in, event):
    response = print_badges(signed_in, event, layout="custom")
    assert response.status_code == 422
    assert "Für ein eigenes Format bitte angeben." in response.get_data(as_text=True)


def test_single_badge_only_for_a_confirmed_registration(signed_in, event):
    confirmed = add_registration(event, 1, given_name="Amina", family_name="Haddad")
    waiting = add_registration(event, 2, state="waitlisted")
    db.session.commit()
    base = f"/manage/veranstaltungen/{event.id}/anmeldungen"

    response = signed_in.get(f"{base}/{confirmed.id}/namensschild.pdf")
    assert response.status_code == 200 and "Haddad" in text_of(response.data)
    refused = signed_in.get(f"{base}/{waiting.id}/namensschild.pdf")
    assert refused.status_code == 409
    assert "nur für bestätigte Anmeldungen" in refused.get_data(as_text=True)
    assert signed_in.get(f"{base}/{confirmed.id}/namensschild.pdf?layout=riesig").status_code == 400


def test_participant_fetches_own_badge_and_nobody_elses(client, event):
    own = add_registration(event, 1, given_name="Eigene", family_name="Person")
    pending = add_registration(event, 2, state="pending")
    own_token, pending_token = issue_token(own), issue_token(pending)
    db.session.commit()

    response = client.get(f"/anmeldung/{own_token}/namensschild.pdf")
    assert response.status_code == 200
    assert "Eigene Person" in text_of(response.data) and "Nachname2" not in text_of(response.data)
    assert client.get(f"/anmeldung/{pending_token}/namensschild.pdf").status_code == 409
    assert client.get("/anmeldung/erfunden/namensschild.pdf").status_code == 404


def test_large_batch_runs_in_the_background_and_reports_progress(signed_in, event, monkeypatch):
    monkeypatch.setattr(badge_services, "INLINE_LIMIT", 3)
    for n in range(9):
        add_registration(event, n)
    db.session.commit()

    response = print_badges(signed_in, event)
    assert response.status_code == 302
    job_url = response.headers["Location"]
    waiting = signed_in.get(job_url).get_data(as_text=True)
    # It refreshes itself by script (no meta refresh, which takes control from the reader: WCAG 2.2.1).
    assert 'data-refresh-every="2"' in waiting and 'http-equiv="refresh"' not in waiting
    assert re.search(r'<progress [^>]*max="9" value="0"', waiting)

    assert badge_services.run_queued_jobs() == 1
    job = db.session.scalar(db.select(PrintJob))
    assert job.status == "done" and job.done == 9
    finished = signed_in.get(job_url).get_data(as_text=True)
    assert "data-refresh-every" not in finished and "PDF herunterladen" in finished
    pdf = signed_in.get(f"{job_url}/datei.pdf")
    assert pdf.status_code == 200 and pages_of(pdf.data) == 2  # 8 per sheet and a partial second sheet


def _worker_dies_while_rendering(minutes_ago: int) -> PrintJob:
    """A worker takes the job and is killed (a deploy, out of memory): the job stays running, untouched since."""
    job = badge_services.claim_next_job()
    db.session.execute(db.update(PrintJob).where(PrintJob.id == job.id)
                       .values(updated_at=utcnow() - timedelta(minutes=minutes_ago)))
    db.session.commit()
    return job


def test_a_batch_whose_worker_died_is_rendered_by_the_next_worker(signed_in, event, monkeypatch, runner):
    monkeypatch.setattr(badge_services, "INLINE_LIMIT", 3)
    for n in range(5):
        add_registration(event, n)
    db.session.commit()
    job_url = print_badges(signed_in, event).headers["Location"]
    _worker_dies_while_rendering(minutes_ago=2)
    assert badge_services.claim_next_job() is None  # still rendering, as far as anyone can tell
    db.session.execute(db.update(PrintJob).values(updated_at=utcnow() - timedelta(minutes=11)))
    db.session.commit()

    assert "1 print job(s) done." in runner.invoke(args=["print-worker"]).output
    finished = signed_in.get(job_url).get_data(as_text=True)
    assert "PDF herunterladen" in finished
    assert pages_of(signed_in.get(f"{job_url}/datei.pdf").data) == 1
    job = db.session.scalar(db.select(PrintJob))
    assert job.attempts == 2 and job.done == 5


def test_a_batch_that_kills_every_worker_fails_after_three_tries(signed_in, event, monkeypatch):
    monkeypatch.setattr(badge_services, "INLINE_LIMIT", 3)
    for n in range(5):
        add_registration(event, n)
    db.session.commit()
    job_url = print_badges(signed_in, event).headers["Location"]
    for _ in range(badge_services.MAX_ATTEMPTS):
        _worker_dies_while_rendering(minutes_ago=11)

    assert badge_services.claim_next_job() is None
    page = signed_in.get(job_url).get_data(as_text=True)
    assert "fehlgeschlagen" in page and "data-refresh-every" not in page  # the page stops waiting


def test_participant_list_has_metadata_names_and_page_numbers(signed_in, network, event):
    for n in range(40):
        add_registration(event, n)
    db.session.commit()
    response = signed_in.get(f"/manage/veranstaltungen/{event.id}/druck/teilnahmeliste.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.metadata.author == network.name and "Lernnetzwerktreffen Herford" in reader.metadata.title
    text = text_of(response.data)
    assert "Nachname39" in text and "Unterschrift" in text and "Seite 1 von" in text
    assert signed_in.get(f"/manage/veranstaltungen/{event.id}/druck/unbekannt.pdf").status_code == 404


def test_badge_settings_save_colours_and_refuse_bad_ones(signed_in, event):
    data = {"back": "text", "back_text": "WLAN: netzwerk / Passwort: treffen2026",
            **{f"colour_{role}": "#123456" for role in BadgeRole}}
    response = signed_in.submit(f"{badges_url(event)}/einstellungen", data, form_url=badges_url(event))
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.badge_colours["speaker"] == "#123456" and event.badge_back == "text"

    bad = signed_in.submit(f"{badges_url(event)}/einstellungen", {**data, "colour_team": "rot"},
                           form_url=badges_url(event))
    assert bad.status_code == 422 and "Bitte eine Farbe wie #1f5f8b angeben." in bad.get_data(as_text=True)


def test_network_logo_upload_is_checked(signed_in, network):
    url = f"/manage/netzwerke/{network.id}/bearbeiten"
    fields = {"name": network.name, "slug": network.slug}
    ok = signed_in.submit(url, {**fields, "logo": (io.BytesIO(PNG_LOGO), "logo.png")},
                          content_type="multipart/form-data")
    assert ok.status_code == 302
    served = signed_in.get(f"/manage/netzwerke/{network.id}/logo")
    assert served.data == PNG_LOGO and "default-src 'none'" in served.headers["Content-Security-Policy"]

    not_an_image = signed_in.submit(url, {**fields, "logo": (io.BytesIO(b"hello"), "logo.png")},
                                    content_type="multipart/form-data")
    assert not_an_image.status_code == 422 and "PNG- oder SVG-Datei" in not_an_image.get_data(as_text=True)
    too_big = signed_in.submit(url, {**fields, "logo": (io.BytesIO(PNG_LOGO + b"0" * 600_000), "logo.png")},
                               content_type="multipart/form-data")
    assert too_big.status_code == 422 and "höchstens 512 KB" in too_big.get_data(as_text=True)
    db.session.refresh(network)
    assert network.logo == PNG_LOGO  # the refused uploads changed nothing
