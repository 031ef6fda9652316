"""Mail exactly once and secret links out of the outbox (issue 12, defects 4 and 5).

Two senders, each with its own app and database session, race over one outbox and a real SMTP server
(aiosmtpd): every mail arrives exactly once. Personal links are never stored readable in the outbox nor
shown on the Postausgang page; they go into the mail at send time and are forgotten afterwards.
"""
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from netzwerk import create_app
from netzwerk.common.timing import utcnow
from netzwerk.config import TestConfig
from netzwerk.extensions import db
from netzwerk.fair.booking import queue_exhibitor_mail
from netzwerk.mail import sender
from netzwerk.mail.links import LINK_PLACEHOLDER, body_as_sent, seal
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.sender import deliver_due
from netzwerk.registrations.services import register, reissue_link

from . import factories
from .conftest import run_at_once
from .test_mail import Collector, parts, smtp  # noqa: F401  (smtp: the fixture, a real SMTP server)

MAILS = 100


@pytest.fixture
def event(app):
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen")
    event = factories.create_event(network, capacity=500, title="Netzwerktreffen Gütersloh")
    db.session.commit()
    return event


def registered(app, event, n):
    with app.test_request_context():
        outcome = register(event.id, factories.registrant(n), locale="de")
    db.session.commit()
    return outcome


def outbox(**where):
    stmt = select(OutboxMail).order_by(OutboxMail.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(OutboxMail, name) == value)
    return db.session.scalars(stmt).all()


def a_second_app(app):
    """Another sender: its own app, engine and session on the same database (as another process would be)."""
    other = create_app(TestConfig(app.config["SQLALCHEMY_DATABASE_URI"]))
    other.config.update({key: app.config[key] for key in (
        "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME", "MAIL_DEFAULT_SENDER")})
    return other


# --- exactly once ------------------------------------------------------------------------------------------

def test_two_senders_deliver_each_of_a_hundred_mails_exactly_once(app, smtp, event):
    registration = factories.create_registration(event)
    for n in range(MAILS):
        factories.create_outbox_mail(
            registration, to_address=f"person{n}@example.org", subject=f"Mail {n}",
            body_text=f"Mail {n}\n{LINK_PLACEHOLDER}\n",
            secret_link=seal(f"http://localhost/anmeldung/token-of-mail-{n}"))
    db.session.commit()
    results = run_at_once([a_second_app(app), a_second_app(app)], lambda: deliver_due(limit=2 * MAILS))
    arrived = Counter(message["Subject"] for message in smtp.messages)
    assert len(smtp.messages) == MAILS
    assert arrived == Counter(f"Mail {n}" for n in range(MAILS))  # each exactly once
    assert sum(sent for sent, _ in results) == MAILS and all(failed == 0 for _, failed in results)
    for message in smtp.messages:  # each with its own link, put in at send time
        n = message["Subject"].removeprefix("Mail ")
        assert f"http://localhost/anmeldung/token-of-mail-{n}" in message.get_content().splitlines()
    db.session.expire_all()
    rows = outbox()
    assert {mail.status for mail in rows} == {"sent"}
    assert all(mail.attempts == 1 and mail.secret_link == "" and mail.claimed_by for mail in rows)


def test_a_claimed_mail_is_not_taken_again_until_its_sender_is_presumed_dead(app, smtp, event):
    outcome = registered(app, event, 1)
    [mail] = outbox(registration_id=outcome.registration.id)
    worker = sender.sender_name()
    assert sender.claim_next(worker).id == mail.id
    assert sender.claim_next("another sender") is None  # committed claim: nobody else gets it
    assert deliver_due() == (0, 0) and smtp.messages == []

    mail.claimed_at = utcnow() - sender.CLAIM_TIMEOUT + timedelta(minutes=1)
    db.session.commit()
    assert deliver_due() == (0, 0)  # still within its sender's time

    mail.claimed_at = utcnow() - sender.CLAIM_TIMEOUT - timedelta(minutes=1)
    db.session.commit()
    assert deliver_due() == (1, 0)  # its sender died: the mail is not lost
    assert len(smtp.messages) == 1
    db.session.refresh(mail)
    assert mail.status == "sent" and mail.claimed_by != worker


def test_a_failed_attempt_puts_the_mail_back_in_the_queue_for_a_retry(app, smtp, event):
    outcome = registered(app, event, 1)
    smtp.stop()
    assert deliver_due() == (0, 1)
    [mail] = outbox(registration_id=outcome.registration.id)
    assert (mail.status, mail.attempts) == ("pending", 1) and mail.secret_link  # kept for the retry
    smtp.start()
    mail.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_due() == (1, 0)
    assert outcome.token in parts(smtp.messages[0])[0]


class GoesDownAfter(Collector):
    """Accepts `accepted` messages, then answers the next one "421 shutting down" and the server stops."""

    def __init__(self, smtp_server, accepted: int):
        super().__init__()
        self.smtp_server, self.accepted, self.stopping = smtp_server, accepted, None

    async def handle_DATA(self, server, session, envelope):
        if len(self.messages) < self.accepted:
            return await super().handle_DATA(server, session, envelope)
        if self.stopping is None:  # stopped from another thread: the server's own loop cannot wait for itself
            self.stopping = threading.Thread(target=self.smtp_server.stop)
            self.stopping.start()
        return "421 4.3.2 Service shutting down"


def queued_mailing(event, n):
    registration = factories.create_registration(event)
    for i in range(n):
        factories.create_outbox_mail(registration, to_address=f"person{i}@example.org", subject=f"Mail {i}",
                                     body_text=f"Mail {i}\n{LINK_PLACEHOLDER}\n", secret_link=seal(f"http://localhost/l/{i}"))
    db.session.commit()


def test_an_smtp_outage_in_the_middle_of_a_batch_loses_no_mail_and_sends_none_twice(app, smtp, event):
    queued_mailing(event, 60)
    smtp.stop()
    smtp.handler = GoesDownAfter(smtp, accepted=37)  # after the first mark (MARK_EVERY), within the first batch
    smtp.start()
    assert 25 <= sender.MARK_EVERY < 37 < sender.CANDIDATES

    assert deliver_due(limit=100) == (37, 1)  # the 38th is refused; the round stops there
    smtp.handler.stopping.join()
    db.session.expire_all()
    rows = outbox()
    by_status = Counter(mail.status for mail in rows)
    assert by_status == {"sent": 37, "pending": 23}  # nothing left claimed, nothing lost
    sent = {mail.to_address for mail in rows if mail.status == "sent"}
    assert sent == {message["To"] for message in smtp.messages}  # marked sent = accepted by the server
    [refused] = [mail for mail in rows if mail.attempts == 1 and mail.status == "pending"]
    assert "421" in refused.last_error and refused.next_attempt_at > utcnow() and refused.secret_link
    assert all(mail.claimed_by is None for mail in rows if mail.status == "pending" and mail is not refused)

    smtp.handler = Collector()  # the server is back
    smtp.start()
    assert deliver_due(limit=100) == (22, 0)  # the refused one waits for its backoff
    refused.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_due(limit=100) == (1, 0)
    arrived = [message["To"] for message in smtp.messages] + sorted(sent)
    assert len(arrived) == 60 and len(set(arrived)) == 60  # each of the 60 exactly once over both servers
    db.session.expire_all()
    assert {mail.status for mail in outbox()} == {"sent"}


def test_sending_a_hundred_mails_takes_a_few_statements_per_batch_not_per_mail(app, smtp, event, count_queries):
    queued_mailing(event, 100)
    with count_queries() as counted:
        assert deliver_due(limit=100) == (100, 0)
    assert counted.n <= 20, "\n".join(statement[:80] for statement in counted.statements)
    assert len(smtp.messages) == 100


# --- secret links out of the outbox ------------------------------------------------------------------------

def test_the_outbox_keeps_no_readable_personal_link_but_the_mail_brings_a_working_one(app, smtp, event, client):
    outcome = registered(app, event, 1)
    [mail] = outbox(registration_id=outcome.registration.id)
    stored = " ".join([mail.body_text, mail.body_html, mail.secret_link, mail.subject, mail.ics])
    assert outcome.token not in stored and "/anmeldung/" not in stored
    assert LINK_PLACEHOLDER in mail.body_text and LINK_PLACEHOLDER in mail.body_html

    assert deliver_due() == (1, 0)
    text_part, html_part, _ = parts(smtp.messages[0])
    link = f"http://localhost/anmeldung/{outcome.token}"
    assert link in text_part and f'href="{link}"' in html_part and LINK_PLACEHOLDER not in text_part + html_part
    assert client.get(f"/anmeldung/{outcome.token}").status_code == 200  # the link from the mail works

    db.session.refresh(mail)
    assert mail.status == "sent" and mail.secret_link == ""  # sent: the outbox forgets the link


def test_postausgang_names_the_personal_link_but_never_shows_it(app, browser, coordinator):
    event = factories.create_event(coordinator.networks[0], title="Eigenes Treffen")
    db.session.commit()
    outcome = registered(app, event, 1)
    with app.test_request_context():
        token = reissue_link(outcome.registration)  # "send my link again"
    db.session.commit()
    browser.login(coordinator)
    for mail in outbox(registration_id=outcome.registration.id):
        page = browser.get(f"/manage/postausgang/{mail.id}").get_data(as_text=True)
        assert "[persönlicher Link]" in page
        assert token not in page and outcome.token not in page and "/anmeldung/" not in page
    listing = browser.get("/manage/postausgang").get_data(as_text=True)
    assert token not in listing and "/anmeldung/" not in listing


def test_a_mail_given_up_after_the_last_attempt_forgets_its_link(app, smtp, event):
    outcome = registered(app, event, 1)
    smtp.stop()
    [mail] = outbox(registration_id=outcome.registration.id)
    for _ in range(sender.MAX_ATTEMPTS):
        mail.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        deliver_due()
    db.session.refresh(mail)
    assert (mail.status, mail.secret_link) == ("failed", "")


def test_exhibitor_management_link_is_kept_encrypted_until_sent(app, smtp, client):
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen")
    fair_event = factories.create_fair_event(network, status="published")
    factories.create_fair(fair_event)
    token = "aussteller-geheim-0123456789abcdefghijklmnopqrstu"
    exhibitor = factories.create_exhibitor(fair_event, token=token)
    db.session.flush()
    with app.test_request_context():
        queue_exhibitor_mail(exhibitor, "link", token=token)
    db.session.commit()
    [mail] = outbox(to_address=exhibitor.email)
    assert token not in mail.body_text + mail.secret_link and LINK_PLACEHOLDER in mail.body_text

    assert deliver_due() == (1, 0)
    assert f"http://localhost/messe/aussteller/{token}" in smtp.messages[0].get_content()
    assert client.get(f"/messe/aussteller/{token}").status_code == 200
    db.session.refresh(mail)
    assert mail.secret_link == ""


def test_links_queued_before_a_key_rotation_still_arrive_and_a_lost_key_fails_clearly(app, smtp, event):
    first = registered(app, event, 1)
    second = registered(app, event, 2)
    old_key = app.config["SECRET_KEY"]
    app.config.update(SECRET_KEY="a-new-secret-key", SECRET_KEY_FALLBACKS=[old_key])
    assert deliver_due(ids=[mail.id for mail in outbox(registration_id=first.registration.id)]) == (1, 0)
    assert first.token in parts(smtp.messages[0])[0]

    app.config.update(SECRET_KEY_FALLBACKS=[])  # the old key is gone: the link cannot be put in
    assert deliver_due() == (0, 1)
    [mail] = outbox(registration_id=second.registration.id)
    assert (mail.status, mail.secret_link) == ("failed", "") and "SECRET_KEY" in mail.last_error
    assert len(smtp.messages) == 1


def test_postausgang_shows_a_mail_being_sent(app, browser, coordinator):
    event = factories.create_event(coordinator.networks[0], title="Eigenes Treffen")
    db.session.commit()
    outcome = registered(app, event, 1)
    [mail] = outbox(registration_id=outcome.registration.id)
    assert sender.claim_next("host:1:abcd") is not None
    browser.login(coordinator)
    listing = browser.get("/manage/postausgang?status=sending").get_data(as_text=True)
    assert "Wird gerade versendet" in listing and "Eigenes Treffen" in listing
    assert browser.get("/manage/postausgang?status=pending").get_data(as_text=True).count("Eigenes Treffen") == 0
    detail = browser.get(f"/manage/postausgang/{mail.id}")
    assert detail.status_code == 200 and "Wird gerade versendet" in detail.get_data(as_text=True)


# --- the migration takes links already stored in clear out of the outbox ------------------------------------

def test_upgrade_takes_clear_links_out_of_stored_mails(empty_database_uri):
    legacy = create_app(TestConfig(empty_database_uri))
    runner = legacy.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0009"]).exit_code == 0
    link = "https://netzwerk.example/anmeldung/" + "A" * 43
    columns = ("kind, to_address, subject, body_text, body_html, ics, ics_method, status, attempts, "
               "next_attempt_at, last_error")
    with legacy.app_context(), db.engine.begin() as connection:
        for status in ("pending", "sent"):
            connection.execute(text(
                f"INSERT INTO outbox_mail ({columns}) VALUES ('link', 'a@example.org', 'Ihr Link', :body, :html, "
                f"'', '', :status, 0, :now, '')"),
                {"body": f"Ihr Link:\n{link}\n", "html": f'<a href="{link}">{link}</a>', "status": status,
                 "now": utcnow().replace(tzinfo=None)})
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    with legacy.app_context():
        pending, sent = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
        for mail in (pending, sent):
            assert link not in mail.body_text + mail.body_html + mail.secret_link
            assert mail.body_text == f"Ihr Link:\n{LINK_PLACEHOLDER}\n"
        assert sent.secret_link == "" and pending.secret_link
        assert link in body_as_sent(pending)  # still delivered with its link
        db.session.remove()
        db.engine.dispose()
