"""Mailings: queueing one to 5,000 people, and delivering 5,000 mailing mails to a local SMTP server (aiosmtpd)
against sending 5,000 pre-rendered mails with plain smtplib in the same run.

Printed: the queueing time and its statement count (for 500 and 5,000 recipients: the count must not grow), the
rate of netzwerk's sender (outbox rows claimed one by one, personal and unsubscribe links unsealed and put in,
message built, sent, marked sent) and of the smtplib baseline, and their ratio (goal: at least 0.5).

    .venv/bin/python bench/mailing.py [--people 5000] [--database sqlite|postgresql]
"""
import argparse
import email
import email.policy
import os
import smtplib
import socket
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class Counter:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        email.message_from_bytes(envelope.content, policy=email.policy.default)  # parse, as a real server does
        self.received += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller
    from sqlalchemy import event as sa_event
    from sqlalchemy import text

    from netzwerk import create_app
    from netzwerk.config import TestConfig
    from netzwerk.extensions import db
    from netzwerk.invitations.recipients import Criteria
    from netzwerk.mail.models import OutboxMail
    from netzwerk.mail.sender import deliver_due
    from netzwerk.mailings.audience import network_addressees
    from netzwerk.mailings.services import Draft, queue_mailing
    from tests import factories

    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/bench.sqlite" if args.database == "sqlite" else \
        f"{POSTGRES}{'&' if '?' in POSTGRES else '?'}options=-csearch_path%3Dbench_mailing"
    if args.database == "postgresql":
        from sqlalchemy import create_engine
        admin = create_engine(POSTGRES)
        with admin.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS bench_mailing CASCADE; CREATE SCHEMA bench_mailing"))
        admin.dispose()

    handler, port = Counter(), free_port()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    app = create_app(TestConfig(url))
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="Bench <noreply@bench.example>")
    with app.app_context():
        db.create_all()
        network = factories.create_network(slug="bench")
        for size in (min(500, args.people), args.people):
            db.session.add_all([factories.Person(network_id=network.id, given_name=f"Vorname{n}",
                                                 family_name=f"Gruppe{size}-{n}", email=f"p{size}-{n}@example.org",
                                                 ) for n in range(size)])
        db.session.commit()

        statements = []

        def count(*_args):
            statements.append(1)

        figures = {}
        for size in (min(500, args.people), args.people):
            statements.clear()
            started = time.perf_counter()
            sa_event.listen(db.engine, "before_cursor_execute", count)
            with app.test_request_context():
                chosen = [a for a in network_addressees(network.id, Criteria())
                          if a.family_name.startswith(f"Gruppe{size}-")]
                mailing = queue_mailing(Draft(network, None, "Neues aus dem Netzwerk, {vorname}",
                                              "Guten Tag {name},\n\nhier die Neuigkeiten des Netzwerks.", {}), chosen)
                db.session.commit()
            sa_event.remove(db.engine, "before_cursor_execute", count)
            figures[size] = (time.perf_counter() - started, len(statements), mailing.queued)
        for seconds, n, queued in figures.values():
            print(f"queue a mailing to {queued:5d} people: {seconds:6.2f} s, {n} statements")
        small = min(500, args.people)  # only the large mailing's mails are sent below
        db.session.execute(text(f"DELETE FROM outbox_mail WHERE to_address LIKE 'p{small}-%'"))
        db.session.commit()

        # Baseline: the same number of pre-rendered messages, one SMTP connection, plain smtplib.
        messages = []
        for mail in db.session.query(OutboxMail).limit(args.people):
            message = EmailMessage()
            message["Subject"], message["From"], message["To"] = mail.subject, "noreply@bench.example", mail.to_address
            message.set_content(mail.body_text)
            message.add_alternative(mail.body_html, subtype="html")
            messages.append(message)
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for message in messages:
                smtp.send_message(message)
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        sent = 0
        while True:
            done, failed = deliver_due(limit=1000)
            sent += done
            if done + failed == 0:
                break
        netzwerk = time.perf_counter() - started
        print(f"smtplib, pre-rendered: {len(messages)} mails in {baseline:6.2f} s = {len(messages) / baseline:7.0f}/s")
        print(f"netzwerk sender:       {sent} mails in {netzwerk:6.2f} s = {sent / netzwerk:7.0f}/s")
        print(f"ratio netzwerk/smtplib: {(sent / netzwerk) / (len(messages) / baseline):.2f} (goal >= 0.5); "
              f"server received {handler.received}")
    server.stop()


if __name__ == "__main__":
    main()
