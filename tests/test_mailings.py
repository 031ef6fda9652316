"""Mailings (issue 15, point 3): a coordinator writes to a filtered group of an event or of the network, with
placeholders and saved templates, previews the mail per recipient, sends a test mail to themselves and then the
mailing through the outbox; the mailing's page shows progress and who got what. Every mail can be unsubscribed
with one click, and the next recipient list names who did. Thousands are queued at once, none twice, none lost when
the SMTP server goes down in the middle."""
import re
import time

import pytest
from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.invitations.models import MailOptOut
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.sender import deliver_due
from netzwerk.mailings.audience import EventAudience, event_addressees
from netzwerk.mailings.models import Mailing, MailingRecipient, MailingTemplate, RecipientOutcome
from netzwerk.mailings.services import Draft, queue_mailing
from netzwerk.registrations.tokens import find_by_token

from . import factories
from .test_mail import parts, smtp  # noqa: F401  (smtp: the fixture, a real SMTP server)

UNSUBSCRIBE = re.compile(r"http://localhost/abbestellen/([A-Za-z0-9_-]+)")


@pytest.fixture
def meeting(network):
    """An event with registrants from two Kommunen: confirmed, waitlisted, checked in, one without address."""
    duren, merzig = factories.create_kommune(name="Düren"), factories.create_kommune(name="Merzig")
    factories.create_membership(network, duren)
    factories.create_membership(network, merzig)
    event = factories.create_event(network, title="Netzwerktreffen Düren")
    people = {}
    for name, kommune, state, locale in (("Amal", duren, "confirmed", "ar"), ("Bernd", duren, "waitlisted", "de"),
                                         ("Chris", merzig, "attended", "de"), ("Dana", merzig, "confirmed", "uk")):
        person = factories.create_person(network, given_name=name, family_name="Muster", email=f"{name.lower()}@example.org")
        people[name] = factories.create_registration(event, state=state, person=person, given_name=name,
                                                     family_name="Muster", email=person.email, kommune_id=kommune.id,
                                                     locale=locale, organisation_type="Jobcenter")
    factories.create_registration(event, given_name="Ohne", family_name="Adresse", email="")
    db.session.commit()
    return {"event": event, "registrations": people, "network": network, "duren": duren}


def compose(signed_in, event, action="preview", **data):
    url = f"/manage/veranstaltungen/{event.id}/mailings/neu"
    payload = {"subject": "Neues zu {veranstaltung}", "body": "Liebe:r {vorname} {nachname},\n\nbis bald: {datum}.",
               "action": action, **data}
    return signed_in.submit(url, payload)


def test_preview_per_recipient_names_who_gets_none(signed_in, meeting):
    response = compose(signed_in, meeting["event"], state=["confirmed", "attended"])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Gewählt: 4 Personen. Eine Mail bekommen: 3." in html
    assert "Liebe:r Amal Muster," in html  # the first one shown
    chris = meeting["registrations"]["Chris"]
    html = compose(signed_in, meeting["event"], state=["confirmed", "attended"],
                   preview_for=f"{chris.person_id}-{chris.id}").get_data(as_text=True)
    assert "Liebe:r Chris Muster," in html and "Neues zu Netzwerktreffen Düren" in html
    assert Mailing.query.count() == 0 and OutboxMail.query.count() == 0  # a preview sends nothing

    html = compose(signed_in, meeting["event"]).get_data(as_text=True)
    assert "Ohne E-Mail-Adresse (bekommen keine Mail): 1" in html and "Ohne Adresse" in html


def test_filters_of_an_event_mailing(app, meeting):
    event = meeting["event"]

    def names(**filters):
        return [a.given_name for a in event_addressees(event.id, EventAudience(**filters))]

    assert names(states=["waitlisted"]) == ["Bernd"]
    assert names(kommune_ids=[meeting["duren"].id]) == ["Amal", "Bernd"]
    assert names(checked_in="yes") == ["Chris"]
    assert "Chris" not in names(checked_in="no")
    assert names(organisation_types=["IHK"]) == []


@pytest.mark.parametrize("text, named", [("Hallo {vorname} {telefon}", "{telefon}"),
                                         ("{vorname.__class__}", "{vorname.__class__}"),
                                         ("{vorname!r}", "{vorname!r}"), ("{0}", "{0}")])
def test_unknown_placeholder_is_a_form_error_naming_it(signed_in, meeting, text, named):
    response = compose(signed_in, meeting["event"], body=text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Unbekannter Platzhalter {named}" in html.replace("&#39;", "'")


def test_an_unmatched_brace_is_a_form_error(signed_in, meeting):
    response = compose(signed_in, meeting["event"], body="Hallo {vorname")
    assert response.status_code == 422 and "geschweifte Klammer" in response.get_data(as_text=True)


def test_network_mailing_has_no_event_placeholders(signed_in, network):
    factories.create_person(network)
    db.session.commit()
    response = signed_in.submit(f"/manage/netzwerke/{network.id}/mailings/neu",
                                {"subject": "Hallo", "body": "Am {datum}", "action": "preview"})
    assert response.status_code == 422 and "Unbekannter Platzhalter {datum}" in response.get_data(as_text=True)


def test_test_mail_goes_to_the_coordinator_only(app, smtp, signed_in, coordinator, meeting):  # noqa: F811
    compose(signed_in, meeting["event"], action="test", body="Hallo {vorname}, hier Ihr Link: {link}")
    assert deliver_due() == (1, 0)
    [message] = smtp.messages
    assert message["To"] == coordinator.email and message["Subject"].startswith("[Test] Neues zu")
    text = parts(message)[0]
    assert "Hallo Amal" in text and "[persönlicher Link]" in text and "/anmeldung/" not in text
    assert Mailing.query.count() == 0


def test_send_records_who_got_what_in_their_language_and_shows_progress(app, smtp, signed_in, meeting):  # noqa: F811
    preview = compose(signed_in, meeting["event"]).get_data(as_text=True)
    assert "An 4 Personen senden" in preview
    response = compose(signed_in, meeting["event"], action="send", confirm="4",
                       body="Liebe:r {vorname},\n\nIhr Link: {link}")
    assert response.status_code == 302
    mailing = Mailing.query.one()
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-refresh-every" in page or "Gesendet: <strong>4</strong>" in page

    deliver_due()
    by_address = {message["To"]: message for message in smtp.messages}
    assert set(by_address) == {"amal@example.org", "bernd@example.org", "chris@example.org", "dana@example.org"}
    arabic_text, arabic_html, _ = parts(by_address["amal@example.org"])
    assert "Liebe:r Amal" in arabic_text and 'dir="rtl"' in arabic_html
    token = re.search(r"http://localhost/anmeldung/([A-Za-z0-9_-]+)", arabic_text).group(1)
    assert find_by_token(token).id == meeting["registrations"]["Amal"].id  # a working personal link
    assert UNSUBSCRIBE.search(arabic_text)
    assert all(not mail.secret_link for mail in OutboxMail.query.all())  # forgotten once sent

    page = signed_in.get(f"/manage/mailings/{mailing.id}").get_data(as_text=True)
    assert "Gesendet: <strong>4</strong>" in page and "data-refresh-every" not in page
    assert "Ohne E-Mail-Adresse: <strong>1</strong>" in page and "keine Mail: ohne E-Mail-Adresse" in page
    assert "amal@example.org" in page and "gesendet" in page


def test_a_changed_list_is_not_sent_unconfirmed(signed_in, meeting):
    response = compose(signed_in, meeting["event"], action="send", confirm="3")
    assert response.status_code == 409 and Mailing.query.count() == 0


def test_unsubscribe_in_one_click_and_the_next_list_names_them(app, browser, signed_in, coordinator, meeting):
    compose(signed_in, meeting["event"], action="send", confirm="4")
    signed_in.logout()
    mail = OutboxMail.query.filter_by(to_address="dana@example.org").one()
    token = UNSUBSCRIBE.search(body_as_sent(mail)).group(1)
    page = browser.get(f"/abbestellen/{token}")
    assert page.status_code == 200 and 'lang="uk"' in page.get_data(as_text=True)  # in the mail's language
    assert MailOptOut.query.count() == 0  # a GET changes nothing
    assert browser.client.post(f"/abbestellen/{token}").status_code == 400  # no CSRF token
    assert browser.submit(f"/abbestellen/{token}").status_code == 302
    assert MailOptOut.query.one().person_id == meeting["registrations"]["Dana"].person_id

    browser.login(coordinator)
    html = compose(browser, meeting["event"]).get_data(as_text=True)
    assert "Haben abbestellt (bekommen keine Mail): 1" in html and "Eine Mail bekommen: 3." in html
    compose(browser, meeting["event"], action="send", confirm="3")
    second = Mailing.query.order_by(Mailing.id.desc()).first()
    outcomes = {r.email: r.outcome for r in MailingRecipient.query.filter_by(mailing_id=second.id)}
    assert outcomes["dana@example.org"] == RecipientOutcome.OPTED_OUT and outcomes[""] == RecipientOutcome.NO_EMAIL


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 500, "%00", "'%20OR%201=1--"])
def test_bad_unsubscribe_links_are_a_404(client, meeting, token):
    assert client.get(f"/abbestellen/{token}").status_code == 404


def test_saved_templates_fill_the_form(signed_in, network, meeting):
    url = f"/manage/netzwerke/{network.id}/mailing-vorlagen/neu"
    bad = signed_in.submit(url, {"name": "Nachbericht", "subject": "Danke", "body": "Hallo {unbekannt}"})
    assert bad.status_code == 422 and "Unbekannter Platzhalter {unbekannt}" in bad.get_data(as_text=True)
    assert signed_in.submit(url, {"name": "Nachbericht", "subject": "Danke, {vorname}",
                                  "body": "Die Doku zu {veranstaltung}"}).status_code == 302
    template = MailingTemplate.query.one()
    html = signed_in.get(f"/manage/veranstaltungen/{meeting['event'].id}/mailings/neu?vorlage={template.id}")
    assert "Die Doku zu {veranstaltung}" in html.get_data(as_text=True)


def test_two_thousand_recipients_are_queued_at_once_in_constant_statements(app, network, count_queries):
    event = factories.create_event(network)
    db.session.commit()

    def queue(n):
        people = [factories.Person(network_id=network.id, given_name="Gast", family_name=f"N{n}-{i}",
                                   email=f"gast{n}-{i}@example.org") for i in range(n)]
        db.session.add_all(people)
        db.session.commit()
        from netzwerk.invitations.recipients import Criteria
        from netzwerk.mailings.audience import network_addressees
        started = time.perf_counter()
        with app.test_request_context(), count_queries() as counted:
            addressees = [a for a in network_addressees(network.id, Criteria()) if a.family_name.startswith(f"N{n}-")]
            mailing = queue_mailing(Draft(network, None, "Hallo {vorname}", "Text für {name}", {}), addressees)
            db.session.commit()
        return mailing, counted, time.perf_counter() - started

    small, few, _ = queue(20)
    big, many, elapsed = queue(2000)
    assert (small.queued, big.queued) == (20, 2000)
    assert many.n == few.n, "\n".join(s[:80] for s in many.statements)
    assert elapsed < 10  # typically under a second; generous for a loaded test machine
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "mailing")) == 2020
    del event


def test_no_mail_lost_or_twice_when_smtp_goes_down_in_the_middle(app, smtp, network):  # noqa: F811
    event = factories.create_event(network)
    for n in range(30):
        factories.create_registration(event, email=f"m{n}@example.org", person=factories.create_person(network))
    db.session.commit()
    with app.test_request_context():
        queue_mailing(Draft(network, event, "Hallo", "Hallo {vorname}", {}),
                      event_addressees(event.id, EventAudience()))
        db.session.commit()
    assert deliver_due(limit=10) == (10, 0)
    smtp.stop()  # the server goes away mid-mailing
    sent, failed = deliver_due(limit=5)
    assert sent == 0 and failed >= 1
    assert OutboxMail.query.filter_by(status="sent").count() == 10
    smtp.start()
    db.session.execute(OutboxMail.__table__.update().values(next_attempt_at=OutboxMail.created_at))  # retry now
    db.session.commit()
    deliver_due(limit=100)
    addresses = [message["To"] for message in smtp.messages]
    assert len(addresses) == 30 and len(set(addresses)) == 30
    assert OutboxMail.query.filter_by(status="sent").count() == 30


def test_a_hybrid_events_mailing_can_go_to_those_online_or_on_site(signed_in, network):
    event = factories.create_event(network, title="Fachkonferenz hybrid", format="hybrid",
                                   online_url="https://meet.example.org/fk")
    for name, attendance in (("Olga", "online"), ("Sami", "onsite")):
        factories.create_registration(event, given_name=name, family_name="Muster", attendance=attendance,
                                      email=f"{name.lower()}@example.org")
    db.session.commit()
    assert [a.given_name for a in event_addressees(event.id, EventAudience(attendances=["online"]))] == ["Olga"]
    form = signed_in.get(f"/manage/veranstaltungen/{event.id}/mailings/neu").get_data(as_text=True)
    assert '<fieldset class="mb-3" id="attendance"' in form and 'name="attendance"' in form
    html = compose(signed_in, event, attendance=["onsite"]).get_data(as_text=True)
    assert "Gewählt: 1 Personen. Eine Mail bekommen: 1." in html and "Sami" in html and "Olga" not in html
