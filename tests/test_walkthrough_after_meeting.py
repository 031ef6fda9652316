"""What a coordinator and participants met on the day of a meeting and after it, walked through in a browser on the
demo data: the check-in desk, the feedback survey and its results, documentation and the archive page, certificates
and the network dashboard."""
import io
import re
import shutil
from datetime import timedelta

import pytest
from pypdf import PdfReader

from netzwerk.common.tokens import hash_token
from netzwerk.documentation.models import TableNote
from netzwerk.extensions import db
from netzwerk.feedback import services as feedback
from netzwerk.feedback.models import FeedbackInvitation
from netzwerk.tables.models import GroupTable

from . import factories
from .conftest import CHROMIUM


def _survey_with_invitation(event, registration, token: str):
    survey = feedback.ensure_survey(event)
    feedback.use_template(survey)
    survey.is_open = True
    invitation = FeedbackInvitation(survey_id=survey.id, registration_id=registration.id,
                                    token_hash=hash_token(token), answered=False, reminders=0)
    db.session.add(invitation)
    db.session.commit()
    return survey, invitation


def test_the_results_speak_of_one_answer_in_the_singular(signed_in, network):
    event = factories.create_event(network)
    attendee = factories.create_registration(event, state="attended")
    survey, invitation = _survey_with_invitation(event, attendee, "eine-antwort")
    feedback.submit(invitation, {"overall": 4}, {}, with_name=False)
    db.session.commit()

    page = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen").get_data(as_text=True)
    assert "Durchschnitt 4,0 bei 1 Antwort<" in page.replace("</span>", "<")
    assert "1 Antworten" not in page


def test_material_without_file_or_link_names_the_link_field_in_the_summary_not_an_empty_visibility(signed_in,
                                                                                                 network):
    event = factories.create_event(network)
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/dokumentation"
    response = signed_in.submit(page, {"title": "Präsentation", "url": "", "visibility": "public"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = re.search(r'<div[^>]*class="[^"]*alert-danger.*?</div>', html, re.S).group(0)
    assert "Bitte wählen Sie eine Datei oder geben Sie einen Link an." in summary
    assert "Sichtbarkeit" not in summary
    assert 'value="Präsentation"' in html  # what was typed stays


def test_german_texts_of_the_coordinator_and_the_table_hosts_keep_their_punctuation_on_arabic_pages(
        signed_in, client, network):
    event = factories.create_event(network, title="Netzwerktreffen Düren")
    attendee = factories.create_registration(event, state="attended", locale="ar")
    survey, invitation = _survey_with_invitation(event, attendee, "arabisch")
    feedback.add_question(survey, "text", "Wie fanden Sie den Veranstaltungsort?")
    table = GroupTable(event_id=event.id, label="1", capacity=6, topics={})
    db.session.add(table)
    db.session.flush()
    db.session.add(TableNote(event_id=event.id, table_id=table.id, text="Nächster Schritt: gemeinsame Sprechstunde."))
    db.session.commit()

    survey_page = client.get("/rueckmeldung/arabisch").get_data(as_text=True)
    assert '<span lang="de" dir="ltr">Wie fanden Sie den Veranstaltungsort?</span>' in survey_page
    archive = client.get(f"/n/{network.slug}/{event.id}?lang=ar").get_data(as_text=True)
    assert re.search(r'<p class="pre-line" dir="auto">\s*Nächster Schritt', archive)

    feedback.submit(invitation, {}, {"highlights": "الحوار بين البلديات."}, with_name=False)
    db.session.commit()
    results = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen").get_data(as_text=True)
    assert re.search(r'<li class="pre-line" dir="auto">\s*الحوار بين البلديات', results)  # an Arabic answer, right to left


def test_the_certificate_of_a_one_hour_meeting_says_one_hour_in_the_singular(signed_in, network):
    event = factories.create_event(network, title="Fachaustausch online")
    event.ends_at = event.starts_at + timedelta(hours=1)
    attendee = factories.create_registration(event, state="attended", given_name="Olena", family_name="Koval")
    db.session.commit()

    response = signed_in.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/{attendee.id}/teilnahmebescheinigung.pdf")
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Dauer: 1 Stunde" in text and "1 Stunden" not in text


def test_the_check_in_list_leaves_out_online_only_meetings_that_have_no_entrance(browser, coordinator, network):
    factories.create_event(network, title="Netzwerktreffen hybrid", format="hybrid", online_capacity=30)
    factories.create_event(network, title="Fachaustausch online", format="online", capacity=None, online_capacity=40)
    db.session.commit()
    browser.login(coordinator)
    html = browser.get("/manage/checkin").get_data(as_text=True)
    assert "Netzwerktreffen hybrid" in html
    assert "Fachaustausch online" not in html


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (make test installs it)")
def test_the_archive_pages_agenda_fits_an_arabic_phone_without_hidden_columns(live_url, chromium, network):
    event = factories.create_event(network, title="Lernnetzwerktreffen: Abschluss der Pilotkommunen")
    for minutes, title in ((0, "Begrüßung"), (60, "Tischgruppen: Highlights, Lernerfahrungen und gute Stories"),
                           (135, "Engagierte in der Arbeitsmarktintegration")):
        factories.create_agenda_item(event, title=title, kind="Vortrag",
                                     starts_at=event.starts_at + timedelta(minutes=minutes),
                                     ends_at=event.starts_at + timedelta(minutes=minutes + 75),
                                     description="Rückblick auf die Prozessbegleitung und Wunsch nach weiterer Vernetzung.")
    db.session.commit()
    context = chromium.new_context(locale="ar", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_url}/n/{network.slug}/{event.id}?lang=ar")
    agenda = page.locator("section[aria-labelledby=agenda] .table-responsive")
    assert agenda.evaluate("region => region.scrollWidth <= region.clientWidth")  # nothing cut off at the left
    context.close()


def test_a_dashboard_csv_names_its_charset_once(signed_in, network):
    event = factories.create_event(network)
    factories.create_registration(event, state="attended")
    db.session.commit()
    response = signed_in.get(f"/manage/netzwerke/{network.id}/dashboard/organisationsarten.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
