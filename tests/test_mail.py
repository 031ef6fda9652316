"""Mails through the outbox: rendered in the registrant's language, delivered over real SMTP (aiosmtpd on
loopback) with retries, never twice; and the coordinators' Postausgang page."""
import email
import email.policy
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import select

from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.mail import sender
from netzwerk.mail.commands import send_mail
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.outbox import attached_calendar, queue_event_change_mails, queue_registration_mail
from netzwerk.mail.sender import backoff, deliver_due
from netzwerk.registrations.services import approve, cancel, register, reject

from . import factories


class Collector:
    """An SMTP server's handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


class SMTPServer:
    def __init__(self):
        self.handler = Collector()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.handler.messages


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    server.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
                      MAIL_USERNAME=None, MAIL_DEFAULT_SENDER="Ankommen <noreply@netzwerk.example>")
    yield server
    server.stop()


@pytest.fixture
def event(app):
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen",
                                       contact_email="kontakt@ankommen.example")
    event = factories.create_event(network, capacity=10, title="Netzwerktreffen Gütersloh")
    db.session.commit()
    return event


def registered(app, event, n, locale="de"):
    with app.test_request_context():
        outcome = register(event.id, factories.registrant(n), locale=locale)
    db.session.commit()
    return outcome.registration


def mails(**where):
    stmt = select(OutboxMail).order_by(OutboxMail.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(OutboxMail, name) == value)
    return db.session.scalars(stmt).all()


def parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    invites = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    return text, html, invites


def test_confirmation_arrives_with_text_html_and_calendar_invitation(app, smtp, event):
    registration = registered(app, event, 1)

    assert deliver_due() == (1, 0)

    [message] = smtp.messages
    assert message["To"] == "p1@example.org"
    assert message["Subject"] == "Anmeldung bestätigt: Netzwerktreffen Gütersloh"
    text, html, [invite] = parts(message)
    assert "Vorname1 Nachname1" in text and "Tagungszentrum" in text
    assert "http://localhost/anmeldung/" in text  # the personal link
    assert "<a href=" in html
    assert invite.get_filename() == "invite.ics"
    assert invite.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(invite.get_content())
    vevent = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert (vevent["UID"], vevent["SEQUENCE"]) == (event.uid, event.sequence)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    [mail] = mails(registration_id=registration.id)
    assert (mail.status, mail.attempts) == ("sent", 1) and mail.sent_at is not None


def test_english_registrant_gets_an_english_mail(app, smtp, event):
    registered(app, event, 1, locale="en")
    deliver_due()
    [message] = smtp.messages
    assert message["Subject"] == "Registration confirmed: Netzwerktreffen Gütersloh"
    text, _, _ = parts(message)
    assert "Your registration is confirmed" in text


def test_smtp_outage_loses_nothing_and_sends_exactly_once_when_back(app, smtp, event):
    registration = registered(app, event, 1)
    smtp.stop()

    assert deliver_due() == (0, 1)

    [mail] = mails(registration_id=registration.id)
    assert (mail.status, mail.attempts) == ("pending", 1)
    assert mail.next_attempt_at > utcnow()
    assert mail.last_error
    assert deliver_due() == (0, 0)  # not due yet: no hammering

    smtp.start()
    mail.next_attempt_at = utcnow() - timedelta(seconds=1)  # time passes
    db.session.commit()
    assert deliver_due() == (1, 0)
    assert deliver_due() == (0, 0)

    assert len(smtp.messages) == 1
    db.session.refresh(mail)
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 2, "")


def test_a_mail_another_sender_is_sending_is_skipped_not_sent_twice(app, smtp, event):
    registration = registered(app, event, 1)
    [mail] = mails(registration_id=registration.id)
    mail.status, mail.claimed_by, mail.claimed_at = "sending", "other-host:1:abcd", utcnow()  # another sender's
    db.session.commit()
    assert deliver_due() == (0, 0)
    mail.claimed_at = utcnow() - sender.CLAIM_TIMEOUT - timedelta(seconds=1)  # that sender died long ago
    db.session.commit()
    assert deliver_due() == (1, 0)
    assert len(smtp.messages) == 1


def test_backoff_doubles_up_to_an_hour_and_gives_up_after_ten_attempts(app, smtp, event):
    assert [backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    registration = registered(app, event, 1)
    smtp.stop()
    [mail] = mails(registration_id=registration.id)
    for _ in range(10):
        mail.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        deliver_due()
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("failed", 10)


def test_without_a_mail_server_mails_stay_in_the_outbox(app, event):
    app.config["MAIL_SERVER"] = ""
    registered(app, event, 1)
    assert deliver_due() == (0, 0)
    [mail] = mails()
    assert (mail.status, mail.attempts) == ("pending", 0)


def test_send_mail_command_delivers_the_outbox(app, smtp, event, runner):
    registered(app, event, 1)
    registered(app, event, 2)
    result = runner.invoke(send_mail)
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    assert len(smtp.messages) == 2


def test_send_mail_command_says_when_no_server_is_configured(app, runner):
    app.config["MAIL_SERVER"] = ""
    result = runner.invoke(send_mail)
    assert result.exit_code == 0 and "No MAIL_SERVER" in result.output


@pytest.mark.own_app  # adds a route and the sender hooks
def test_mails_committed_in_a_request_are_sent_after_the_response(app, smtp, event):
    sender.init_app(app)
    registration = registered(app, event, 1)
    db.session.execute(OutboxMail.__table__.delete())
    db.session.commit()

    @app.get("/_test/resend/<int:registration_id>")
    def resend(registration_id):
        queue_registration_mail(db.session.get(type(registration), registration_id), "link", token="abc")
        db.session.commit()
        return "ok"

    response = app.test_client().get(f"/_test/resend/{registration.id}")
    response.close()

    assert [message["Subject"] for message in smtp.messages] == [
        "Ihr persönlicher Link zur Anmeldung: Netzwerktreffen Gütersloh"]
    db.session.expire_all()
    assert [mail.status for mail in mails()] == ["sent"]


@pytest.mark.own_app  # adds a route and the sender hooks
def test_mails_of_a_rolled_back_request_are_neither_kept_nor_sent(app, smtp, event):
    sender.init_app(app)
    registration = registered(app, event, 1)
    db.session.execute(OutboxMail.__table__.delete())
    db.session.commit()

    @app.get("/_test/rollback/<int:registration_id>")
    def rolled_back(registration_id):
        queue_registration_mail(db.session.get(type(registration), registration_id), "link", token="abc")
        db.session.flush()
        db.session.rollback()
        return "ok"

    app.test_client().get(f"/_test/rollback/{registration.id}").close()
    assert smtp.messages == [] and mails() == []


def test_waitlist_pending_and_decision_mails_say_what_happened(app, event):
    event.capacity = 1
    event.requires_approval = False
    db.session.commit()
    registered(app, event, 1)
    waiting = registered(app, event, 2)
    [waitlisted] = mails(registration_id=waiting.id)
    assert waitlisted.subject.startswith("Warteliste:") and not attached_calendar(waitlisted)

    with app.test_request_context():
        reject(waiting, "Leider nur für Kommunen des Netzwerks.")
    db.session.commit()
    rejected = mails(registration_id=waiting.id, kind="rejected")[0]
    assert "Leider nur für Kommunen des Netzwerks." in rejected.body_text
    assert "Leider nur für Kommunen des Netzwerks." in rejected.body_html


def test_approval_mail_without_a_link_points_to_the_earlier_one(app, event):
    event.requires_approval = True
    db.session.commit()
    registration = registered(app, event, 1)
    assert mails(registration_id=registration.id)[0].kind == "pending"
    with app.test_request_context():
        approve(registration, "Willkommen!")
    db.session.commit()
    [approved] = mails(registration_id=registration.id, kind="approved")
    assert approved.ics_method == "REQUEST" and "Willkommen!" in approved.body_text
    assert "ersten Mail" in approved.body_text


def test_cancelling_sends_a_calendar_cancellation_and_the_moved_up_person_an_invitation(app, event):
    event.capacity = 1
    db.session.commit()
    first = registered(app, event, 1)
    second = registered(app, event, 2)
    with app.test_request_context():
        cancel(first)
    db.session.commit()
    [cancelled] = mails(registration_id=first.id, kind="cancelled")
    assert cancelled.ics_method == "CANCEL"
    assert Calendar.from_ical(attached_calendar(cancelled)).walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    [moved_up] = mails(registration_id=second.id, kind="moved_up")
    assert moved_up.ics_method == "REQUEST"


def test_event_change_mails_reach_active_registrants_but_not_cancelled_ones(app, event):
    active = [registered(app, event, n) for n in range(3)]
    gone = registered(app, event, 9)
    with app.test_request_context():
        cancel(gone)
    db.session.commit()
    event.venue_name, event.sequence = "Rathaus", event.sequence + 1

    with app.test_request_context():
        queued = queue_event_change_mails(event)
    db.session.commit()

    assert sorted(mail.to_address for mail in queued) == sorted(r.email for r in active)
    changed = mails(kind="event_changed")
    assert len(changed) == 3 and all("Rathaus" in mail.body_text for mail in changed)
    vevent = Calendar.from_ical(attached_calendar(changed[0])).walk("VEVENT")[0]
    assert vevent["SEQUENCE"] == event.sequence and vevent["LOCATION"].startswith("Rathaus")


def test_cancelled_event_sends_calendar_cancellations(app, event):
    registered(app, event, 1)
    event.status, event.sequence = "cancelled", event.sequence + 1
    queue_event_change_mails(event)  # outside a request too: links are built on PUBLIC_URL
    db.session.commit()
    [mail] = mails(kind="event_cancelled")
    assert mail.subject == "Abgesagt: Netzwerktreffen Gütersloh" and mail.ics_method == "CANCEL"
    calendar = Calendar.from_ical(attached_calendar(mail))
    assert calendar["METHOD"] == "CANCEL" and calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


# --- Postausgang ----------------------------------------------------------------------------------------

@pytest.fixture
def two_networks_mails(app, coordinator):
    other_network = factories.create_network(name="Anderes Netz", slug="anderes")
    other_event = factories.create_event(other_network, title="Fremdes Treffen")
    own_network = coordinator.networks[0]
    own_event = factories.create_event(own_network, title="Eigenes Treffen")
    db.session.commit()
    own = [registered(app, own_event, n) for n in range(3)]
    foreign = registered(app, other_event, 7)
    return own, foreign


def test_postausgang_lists_only_the_coordinators_networks(app, browser, coordinator, two_networks_mails):
    browser.login(coordinator)
    page = browser.get("/manage/postausgang").get_data(as_text=True)
    assert page.count("Eigenes Treffen") == 3
    assert "Fremdes Treffen" not in page


def test_postausgang_detail_shows_the_text_and_refuses_other_networks(app, browser, coordinator, two_networks_mails):
    own, foreign = two_networks_mails
    own_mail = mails(registration_id=own[0].id)[0]
    foreign_mail = mails(registration_id=foreign.id)[0]
    browser.login(coordinator)
    response = browser.get(f"/manage/postausgang/{own_mail.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Vorname0 Nachname0" in page and "invite.ics" in page
    assert browser.get(f"/manage/postausgang/{foreign_mail.id}").status_code == 403
    assert browser.get("/manage/postausgang/999999").status_code == 404


def test_admin_sees_every_networks_mails(app, browser, admin, two_networks_mails):
    browser.login(admin)
    page = browser.get("/manage/postausgang").get_data(as_text=True)
    assert "Eigenes Treffen" in page and "Fremdes Treffen" in page


def test_postausgang_filters_by_status(app, browser, coordinator, two_networks_mails):
    own, _ = two_networks_mails
    first = mails(registration_id=own[0].id)[0]
    first.status = "failed"
    db.session.commit()
    browser.login(coordinator)
    page = browser.get("/manage/postausgang?status=failed").get_data(as_text=True)
    assert page.count("Eigenes Treffen") == 1


def test_postausgang_list_runs_a_constant_number_of_queries(app, browser, coordinator, two_networks_mails,
                                                             count_queries):
    browser.login(coordinator)
    db.session.expire_all()  # both requests load the logged-in user afresh
    with count_queries() as few:
        browser.get("/manage/postausgang")
    own_event = two_networks_mails[0][0].event
    for n in range(10, 30):
        registered(app, own_event, n)
    db.session.expire_all()
    with count_queries() as many:
        page = browser.get("/manage/postausgang").get_data(as_text=True)
    assert page.count("Eigenes Treffen") == 23
    assert many.n == few.n


def test_postausgang_needs_a_coordinator(app, client):
    assert client.get("/manage/postausgang").status_code in (302, 401)
