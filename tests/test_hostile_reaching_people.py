"""The newest ways of reaching people, tried from outside by a careless or hostile user: invitation links,
mailings and their templates, online rooms, "Informiert bleiben", feedback surveys and materials. Each bad input
gets a clear answer and a 4xx, and nothing already stored is lost or overwritten."""
import re
import urllib.request
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from netzwerk.common.timing import utcnow
from netzwerk.documentation.files import checked_material
from netzwerk.documentation.services import add_file
from netzwerk.events.models import AgendaItem, Event
from netzwerk.extensions import db
from netzwerk.feedback.models import FeedbackAnswer, FeedbackSurvey
from netzwerk.invitations.models import Invitation, InvitationState
from netzwerk.mail.models import OutboxMail
from netzwerk.mailings.models import Mailing, MailingTemplate
from netzwerk.registrations.models import Registration
from netzwerk.series.models import SeriesSubscription
from netzwerk.subscriptions.models import SubscriptionState
from netzwerk.subscriptions.services import purge_expired

from . import factories
from .conftest import csrf_from
from .test_documentation import MINIMAL_PDF
from .test_events_routes import event_form
from .test_feedback import _event_with_attendees, _link_of, _open_with_template, _visitor
from .test_invitations import invited, pilot  # noqa: F401  (pilot: the fixture)
from .test_series import _new_series, _series_with_dates
from .test_subscriptions import ankommen, press, submit, subscription, token_mailed_to  # noqa: F401  (ankommen: fixture)

# --- invitation links ----------------------------------------------------------------------------------------------

def test_who_registered_by_the_public_form_is_not_offered_the_form_again_nor_recorded_as_declining(
        browser, signed_in, coordinator, pilot):  # noqa: F811
    token = invited(signed_in, pilot)
    person = pilot["people"]["Düren"]
    factories.create_registration(pilot["event"], person_id=person.id, email=person.email, given_name="Vera",
                                  family_name="Düren")
    db.session.commit()

    page = browser.get(f"/einladung/{token}")
    assert page.status_code == 200 and "Sie sind angemeldet." in page.get_data(as_text=True)
    assert 'name="given_name"' not in page.get_data(as_text=True)
    declining = browser.get(f"/einladung/{token}/absagen")
    assert declining.status_code == 302 and declining.headers["Location"].endswith(f"/einladung/{token}")

    assert Invitation.query.one().state == InvitationState.INVITED  # the overview notes the registration
    signed_in.login(coordinator)
    signed_in.get(f"/manage/veranstaltungen/{pilot['event'].id}/einladungen")
    db.session.expire_all()
    assert Invitation.query.one().state == InvitationState.REGISTERED
    assert Registration.query.one().state == "confirmed"


def test_a_decline_message_of_100_kb_is_refused_beside_the_field_and_nothing_is_recorded(browser, signed_in,
                                                                                          pilot):  # noqa: F811
    token = invited(signed_in, pilot)
    response = browser.submit(f"/einladung/{token}/absagen", {"message": "x" * 100_000})
    assert response.status_code == 422 and 'id="message-error"' in response.get_data(as_text=True)
    invitation = Invitation.query.one()
    assert (invitation.state, invitation.decline_message) == (InvitationState.INVITED, "")


def test_a_double_click_on_remind_reminds_each_person_once(signed_in, coordinator, pilot):  # noqa: F811
    event = pilot["event"]
    invited(signed_in, pilot, "Merzig")
    signed_in.login(coordinator)
    url = f"/manage/veranstaltungen/{event.id}/einladungen"

    signed_in.submit(f"{url}/erinnern", form_url=url)
    again = signed_in.submit(f"{url}/erinnern", form_url=url)

    assert again.status_code == 302
    assert "Eben erst erinnert, nicht noch einmal: Vera Merzig" in signed_in.get(url).get_data(as_text=True)
    assert OutboxMail.query.filter_by(kind="invitation_reminder").count() == 1
    assert Invitation.query.one().reminders == 1


# --- mailings --------------------------------------------------------------------------------------------------------

def test_a_template_number_beyond_the_databases_integers_opens_an_empty_mailing(signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    for url in (f"/manage/veranstaltungen/{event.id}/mailings/neu", f"/manage/netzwerke/{network.id}/mailings/neu"):
        response = signed_in.get(f"{url}?vorlage=99999999999999999999")
        assert response.status_code == 200, url


@pytest.mark.parametrize("body", ["{vorname:>99999999}", "{vorname!s:{name}}", "{vorname[0]}", "Hallo {vorname}}"])
def test_placeholder_tricks_are_form_errors_and_nothing_is_filled_in(signed_in, network, body):
    factories.create_person(network, email="vera@example.org")
    db.session.commit()
    response = signed_in.submit(f"/manage/netzwerke/{network.id}/mailings/neu",
                                {"subject": "Hallo", "body": body, "action": "preview"})
    assert response.status_code == 422 and 'id="body-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_doubled_braces_are_braces_in_the_mail(signed_in, network):
    factories.create_person(network, given_name="Vera", email="vera@example.org")
    db.session.commit()
    response = signed_in.submit(f"/manage/netzwerke/{network.id}/mailings/neu",
                                {"subject": "{{Info}} für {vorname}", "body": "Preise {{netto}} für {vorname}",
                                 "action": "preview"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Preise {netto} für Vera" in html and "{Info} für Vera" in html


def test_a_double_click_on_send_sends_the_mailing_once(signed_in, network):
    for n in range(3):
        factories.create_person(network, given_name=f"Vera{n}", email=f"vera{n}@example.org")
    db.session.commit()
    url = f"/manage/netzwerke/{network.id}/mailings/neu"
    mailing = {"subject": "Einladung", "body": "Hallo {vorname}", "action": "send", "confirm": "3"}

    first = signed_in.submit(url, mailing)
    second = signed_in.submit(url, mailing)  # the second click, or the back button and "senden" again

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert "nicht noch einmal versendet" in signed_in.get(second.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Mailing)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 3
    # Another text, or the same to another choice, is a mailing of its own.
    assert signed_in.submit(url, {**mailing, "body": "Hallo {vorname}, noch etwas"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Mailing)) == 2


def test_a_page_number_beyond_the_databases_integers_shows_an_empty_page_of_the_mailings_record(signed_in, network):
    factories.create_person(network, email="vera@example.org")
    db.session.commit()
    url = f"/manage/netzwerke/{network.id}/mailings/neu"
    sent = signed_in.submit(url, {"subject": "Hallo", "body": "Hallo {vorname}", "action": "send", "confirm": "1"})
    assert sent.status_code == 302
    detail = sent.headers["Location"]
    for page in ("99999999999999999999", "-3", "zwei"):
        assert signed_in.get(f"{detail}?page={page}").status_code == 200, page
        assert signed_in.get(f"/manage/veranstaltungen?page={page}").status_code == 200, page


def test_a_second_template_of_the_same_name_is_refused_and_the_first_is_kept(signed_in, coordinator, network):
    url = f"/manage/netzwerke/{network.id}/mailing-vorlagen/neu"
    assert signed_in.submit(url, {"name": "Nachbericht", "subject": "Danke", "body": "Hallo {vorname}"}).status_code == 302

    again = signed_in.submit(url, {"name": " nachbericht ", "subject": "Anders", "body": "Ganz anders"})

    assert again.status_code == 422
    assert 'id="name-error"' in again.get_data(as_text=True) and "gibt es schon" in again.get_data(as_text=True)
    template = MailingTemplate.query.one()
    assert (template.subject, template.body) == ("Danke", "Hallo {vorname}")
    # Saving the template under its own name is no clash; another network may use the name too.
    edited = signed_in.submit(f"/manage/mailing-vorlagen/{template.id}",
                              {"name": "Nachbericht", "subject": "Danke!", "body": "Hallo {vorname}"})
    assert edited.status_code == 302
    other = factories.create_network(name="Anderes Netzwerk", slug="anderes")
    coordinator.networks.append(other)
    db.session.commit()
    assert signed_in.submit(f"/manage/netzwerke/{other.id}/mailing-vorlagen/neu",
                            {"name": "Nachbericht", "subject": "Danke", "body": "Hallo"}).status_code == 302


# --- online rooms --------------------------------------------------------------------------------------------------

BROKEN_LINKS = ("https://[meet.example.org/raum", "https://meet.example.org:99999/raum",
                "https://meet.example.org:pin/raum")


@pytest.mark.parametrize("link", BROKEN_LINKS)
def test_a_room_link_that_is_no_address_is_refused_beside_the_field_on_every_form(signed_in, network, link):
    event = signed_in.submit("/manage/veranstaltungen/neu", event_form(network, format="online", online_url=link))
    assert event.status_code == 422 and 'id="online_url-error"' in event.get_data(as_text=True)
    series = _new_series(signed_in, network, format="online", online_url=link)
    assert series.status_code == 422 and 'id="online_url-error"' in series.get_data(as_text=True)
    existing = factories.create_event(network, format="online", online_url="https://meet.example.org/alt")
    db.session.commit()
    item = signed_in.submit(f"/manage/veranstaltungen/{existing.id}/programm/neu", {
        "title": "Breakout", "kind": "Tischgruppen", "day": existing.starts_at.date().isoformat(),
        "start_time": "11:00", "online_url": link})
    assert item.status_code == 422 and 'id="online_url-error"' in item.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 0
    assert db.session.scalars(select(Event.online_url)).all() == ["https://meet.example.org/alt"]


def test_html_in_a_dial_in_reaches_the_online_participant_as_text(client, network):
    event = factories.create_event(network, format="online", online_url="https://meet.example.org/raum",
                                   online_dial_in='<script>alert(1)</script>\n<a href="https://evil.example">PIN</a>',
                                   status="published")
    factories.create_registration(event, token="online-teilnahme", attendance="online")
    db.session.commit()
    html = client.get("/anmeldung/online-teilnahme").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert 'href="https://evil.example"' not in html


def test_a_double_click_on_a_new_series_makes_it_once(signed_in, network):
    first = _new_series(signed_in, network)
    second = _new_series(signed_in, network)  # the second click, or the back button and "anlegen" again

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert "nicht noch einmal angelegt" in signed_in.get(second.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Event)) == 6
    # Another title, or another rule, is a series of its own.
    assert _new_series(signed_in, network, title="Sprechstunde").status_code == 302
    assert _new_series(signed_in, network, start_time="09:00", end_time="10:00").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Event)) == 18


def _more_dates_click(signed_in, page: str, count: str) -> dict:
    """What the button of the page as it is now sends (its hidden fields included)."""
    form = signed_in.get(page).get_data(as_text=True)
    return {"csrf_token": csrf_from(form), "count": count, "publish": "y",
            "known": re.search(r'name="known" type="hidden" value="(\d+)"', form).group(1)}


def test_a_double_click_on_more_dates_adds_them_once(signed_in, network):
    series, events = _series_with_dates(network)
    page = f"/manage/reihen/{series.id}"
    click = _more_dates_click(signed_in, page, "2")

    assert signed_in.client.post(page, data=click).status_code == 302
    second = signed_in.client.post(page, data=click)  # the same page's button once more

    assert second.status_code == 409 and 'id="count-error"' in second.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Event).where(Event.series_id == series.id)) == 5
    # The page as it is now knows of the new dates: adding more on purpose works.
    assert signed_in.client.post(page, data=_more_dates_click(signed_in, page, "1")).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Event).where(Event.series_id == series.id)) == 6


# --- "Informiert bleiben" ------------------------------------------------------------------------------------------

def test_typing_an_unsubscribed_address_changes_nothing_on_record_until_the_new_link_is_clicked(
        client, ankommen):  # noqa: F811
    submit(client)
    first = token_mailed_to("leyla@example.org")
    press(client, f"/informiert-bleiben/{first}")
    press(client, f"/informiert-bleiben/{first}/abmelden")
    left = subscription()
    left_at, person_id = left.unsubscribed_at, left.person_id

    submit(client, given_name="Mallory", family_name="Fremd", lang="en")

    kept = subscription()
    assert (kept.full_name, kept.state, kept.locale) == ("Leyla Haddad", SubscriptionState.UNSUBSCRIBED, "de")
    assert (kept.unsubscribed_at, kept.person_id) == (left_at, person_id)
    purge_expired(utcnow() + timedelta(days=8))  # the new link was never clicked: the record stays all the same
    db.session.commit()
    assert subscription() is not None and subscription().state == SubscriptionState.UNSUBSCRIBED

    # The owner of the address asks again and clicks: now they are subscribed again, with a fresh consent.
    submit(client, lang="en")
    mail = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id.desc())).first()
    assert "Bitte bestätigen" not in mail.subject  # in the language of the form
    renewed = token_mailed_to("leyla@example.org")
    press(client, f"/informiert-bleiben/{renewed}")
    back = subscription()
    assert back.state == SubscriptionState.CONFIRMED and back.unsubscribed_at is None
    assert back.person_id == person_id and back.consented_at > left_at


def test_typing_a_series_subscribers_address_keeps_their_names_language_and_consent(browser, network):
    series, _events = _series_with_dates(network)
    page = f"/n/{network.slug}/reihe/{series.id}"
    assert browser.submit(f"{page}?lang=ar", {"given_name": "Amal", "family_name": "Haddad",
                                              "email": "amal@example.org", "consent": "y"}).status_code == 302
    before = db.session.scalar(select(SeriesSubscription))
    consented_at = before.consented_at

    again = browser.submit(f"{page}?lang=de", {"given_name": "Mallory", "family_name": "Fremd",
                                               "email": "AMAL@example.org", "consent": "y"},
                           form_url=f"{page}?lang=de")

    assert again.status_code == 302
    db.session.expire_all()
    kept = db.session.scalar(select(SeriesSubscription))
    assert (kept.given_name, kept.family_name, kept.locale, kept.consented_at) == ("Amal", "Haddad", "ar",
                                                                                   consented_at)
    assert {r.given_name for r in Registration.query.all()} == {"Amal"}
    # A fresh link goes to the address itself, in the subscriber's language.
    newest = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "series_subscription")
                                .order_by(OutboxMail.id.desc())).first()
    assert newest.to_address == "amal@example.org" and "Reihe abonniert" not in newest.subject


# --- feedback surveys ------------------------------------------------------------------------------------------------

def test_a_question_with_answers_cannot_be_removed_so_its_results_stay(signed_in, network):
    event = factories.create_event(network)
    survey = FeedbackSurvey(event_id=event.id, questions=[{"key": "overall", "kind": "rating", "template": "overall"},
                                                          {"key": "extra", "kind": "text", "label": "Noch etwas?"}])
    db.session.add(survey)
    db.session.flush()
    db.session.add(FeedbackAnswer(survey_id=survey.id, ratings={"overall": 5}, texts={},
                                  submitted_on=date.today(), name=""))
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    html = signed_in.get(page).get_data(as_text=True)
    assert 'name="key" value="overall"' not in html and 'name="key" value="extra"' in html

    refused = signed_in.submit(f"{page}/aktion", {"action": "remove", "key": "overall"}, form_url=page)

    assert refused.status_code == 409 and "schon Antworten" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert [q["key"] for q in db.session.scalar(select(FeedbackSurvey)).questions] == ["overall", "extra"]
    assert "rueckmeldungen-" in signed_in.get(f"{page}.csv").headers["Content-Disposition"]
    assert "5" in signed_in.get(f"{page}.csv").get_data(as_text=True).splitlines()[1]
    # A question nobody answered can still go.
    assert signed_in.submit(f"{page}/aktion", {"action": "remove", "key": "extra"}, form_url=page).status_code == 302


def test_no_question_is_removed_while_the_survey_is_open(signed_in, network):
    event = factories.create_event(network)
    db.session.add(FeedbackSurvey(event_id=event.id, is_open=True,
                                  questions=[{"key": "overall", "kind": "rating", "template": "overall"}]))
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    assert signed_in.submit(f"{page}/aktion", {"action": "remove", "key": "overall"}, form_url=page).status_code == 409
    db.session.expire_all()
    assert len(db.session.scalar(select(FeedbackSurvey)).questions) == 1


def test_a_double_click_on_remind_keeps_the_link_the_first_reminder_mailed(app, signed_in, network):
    event, attended_de, *_ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"

    signed_in.submit(f"{page}/aktion", {"action": "remind"}, form_url=page)
    signed_in.submit(f"{page}/aktion", {"action": "remind"}, form_url=page)

    reminders = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "feedback_reminder",
                                                            OutboxMail.to_address == attended_de.email)).all()
    assert len(reminders) == 1
    assert _visitor(app).get(_link_of(reminders[0])).status_code == 200


# --- materials -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["تقرير المؤتمر", "Звіт зустрічі", "Ünïcödé 😀 Bericht"])
def test_a_material_titled_in_any_language_downloads_from_a_real_server(network, live_url, title):
    event = factories.create_event(network)
    material = add_file(event, title, checked_material(MINIMAL_PDF), "public")
    db.session.commit()

    with urllib.request.urlopen(f"{live_url}/n/{network.slug}/{event.id}/material/{material.id}") as response:
        assert response.status == 200 and response.read() == MINIMAL_PDF
        disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('inline; filename="') and ".pdf" in disposition
    assert "filename*=UTF-8''" in disposition
