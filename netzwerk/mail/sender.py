"""Delivering the outbox over SMTP: retries with backoff, never twice what is marked sent.

Each mail is claimed with a row lock (SKIP LOCKED on PostgreSQL, so parallel senders never take the same
mail), sent, and marked sent in its own commit. With no MAIL_SERVER configured nothing is sent: the mails
stay in the outbox, readable on the Postausgang page.
"""
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..common.db import utcnow
from ..extensions import db
from .models import OutboxMail

MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=1)


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd failed attempt, at most an hour."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def deliver_due(limit: int = 100, ids: list[int] | None = None) -> tuple[int, int]:
    """Send up to `limit` due mails (only those in `ids` when given); returns (sent, failed attempts)."""
    if not mail_configured():
        return 0, 0
    sent = failed = 0
    with SMTPConnection(current_app.config) as smtp:
        for _ in range(limit):
            mail = _claim_next(ids)
            if mail is None:
                break
            try:
                smtp.send(build_message(mail, current_app.config["MAIL_DEFAULT_SENDER"]))
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(mail, error)
                db.session.commit()
                failed += 1
                smtp.close()  # the next mail starts on a fresh connection
                continue
            mail.status, mail.sent_at, mail.last_error = "sent", utcnow(), ""
            mail.attempts += 1
            db.session.commit()
            sent += 1
    return sent, failed


def _claim_next(ids: list[int] | None) -> OutboxMail | None:
    stmt = (
        select(OutboxMail)
        .where(OutboxMail.status == "pending", OutboxMail.next_attempt_at <= utcnow())
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(1)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite renders no FOR UPDATE and serialises writes anyway
        .execution_options(populate_existing=True)
    )
    if ids is not None:
        stmt = stmt.where(OutboxMail.id.in_(ids))
    return db.session.scalar(stmt)


def _record_failure(mail: OutboxMail, error: Exception) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status = "failed"
    else:
        mail.next_attempt_at = utcnow() + backoff(mail.attempts)
    current_app.logger.warning("mail %s to %s not sent (attempt %s): %s", mail.id, mail.to_address,
                               mail.attempts, mail.last_error)


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """Plain text with an HTML alternative, and the calendar invitation as invite.ics (iMIP, RFC 6047)."""
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"outbox{mail.id}", domain=_domain(sender))
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    if mail.ics:
        message.add_attachment(mail.ics, subtype="calendar", filename="invite.ics",
                               params={"method": mail.ics_method or "PUBLISH"})
    return message


def _domain(sender: str) -> str:
    address = sender.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] if "@" in address else "localhost"


class SMTPConnection:
    """One SMTP session opened on the first send, reopened after an error, closed at the end."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send(self, message: EmailMessage) -> None:
        if self.smtp is None:
            self.smtp = self._open()
        self.smtp.send_message(message)

    def _open(self) -> smtplib.SMTP:
        config = self.config
        host, port, timeout = config["MAIL_SERVER"], config.get("MAIL_PORT") or 25, config.get("MAIL_TIMEOUT", 10)
        smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
        smtp = smtp_class(host, port, timeout=timeout)
        try:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def close(self) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()
        self.smtp = None


# --- sending right after the request that wrote the mails -------------------------------------------------

_QUEUED = "netzwerk_queued_mail_ids"


def _remember_flushed_mails(session, flush_context) -> None:
    ids = [obj.id for obj in session.new if isinstance(obj, OutboxMail)]
    if ids:
        session.info.setdefault(_QUEUED, []).extend(ids)


def _mails_committed(session) -> None:
    ids = session.info.pop(_QUEUED, None)
    if ids and has_request_context():
        g.setdefault("committed_mail_ids", []).extend(ids)


def _mails_rolled_back(session) -> None:
    session.info.pop(_QUEUED, None)


def init_app(app: Flask) -> None:
    """After a request that committed outbox mails, send them once the response is out (when SMTP is set)."""
    if "netzwerk.mail.sender" in app.extensions:
        return
    app.extensions["netzwerk.mail.sender"] = True
    if not event.contains(Session, "after_flush", _remember_flushed_mails):
        event.listen(Session, "after_flush", _remember_flushed_mails)
        event.listen(Session, "after_commit", _mails_committed)
        event.listen(Session, "after_rollback", _mails_rolled_back)

    @app.before_request
    def forget_other_requests_mails():
        g.pop("committed_mail_ids", None)  # g lives on the app context, which tests share between requests

    @app.after_request
    def send_after_commit(response):
        ids = g.pop("committed_mail_ids", None)
        if ids and app.config.get("MAIL_SERVER"):
            response.call_on_close(lambda: _deliver_quietly(app, ids))
        return response


def _deliver_quietly(app: Flask, ids: list[int]) -> None:
    """The outbox keeps whatever fails; the send-mail command retries it later."""
    with app.app_context():
        try:
            deliver_due(limit=len(ids), ids=ids)
        except Exception:  # noqa: BLE001 - the response is already out; log and leave it to the retry loop
            app.logger.exception("sending mails after the request failed; they stay in the outbox")
        finally:
            db.session.remove()
