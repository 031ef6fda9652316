"""Delivering the outbox over SMTP: retries with backoff, each mail taken by exactly one sender.

A sender claims a mail with one conditional UPDATE (`status 'pending' -> 'sending' WHERE id = … AND status =
'pending'`) and commits the claim before sending: the row count tells whether the mail is its own, on
PostgreSQL and SQLite alike, however many senders run. A mail left in 'sending' by a sender that died goes
back to the queue after CLAIM_TIMEOUT. The personal link goes into the body only here, at send time, and is
forgotten once the mail is sent or has finally failed. With no MAIL_SERVER configured nothing is sent: the
mails stay in the outbox, readable (without their links) on the Postausgang page.
"""
import os
import secrets
import smtplib
import socket
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import and_, event, or_, select, text, update
from sqlalchemy.orm import Session

from ..common.timing import utcnow
from ..extensions import db
from .links import InvalidToken, put_link_in, unseal
from .models import OutboxMail, OutboxStatus
from .outbox import attached_calendar

MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=1)
CLAIM_TIMEOUT = timedelta(minutes=10)  # far beyond one SMTP conversation (MAIL_TIMEOUT): the sender is gone
CANDIDATES = 20  # due mails looked at per claim; a sender that loses one race tries the next


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd failed attempt, at most an hour."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def sender_name() -> str:
    """Who claims: host, process and a random part (two senders in one process are told apart too)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def deliver_due(limit: int = 100, ids: list[int] | None = None) -> tuple[int, int]:
    """Send up to `limit` due mails (only those in `ids` when given); returns (sent, failed attempts)."""
    if not mail_configured():
        return 0, 0
    sent = failed = 0
    worker = sender_name()
    batch: list[OutboxMail] = []
    with SMTPConnection(current_app.config) as smtp:
        for done in range(limit):
            if not batch:
                batch = claim_batch(worker, ids, min(CANDIDATES, limit - done))
                if not batch:
                    break
            mail = batch.pop(0)
            try:
                message = build_message(mail, current_app.config["MAIL_DEFAULT_SENDER"])
            except InvalidToken:  # sealed under a SECRET_KEY that is gone: the link can never be put in
                _give_up(mail, "the personal link cannot be decrypted (SECRET_KEY changed); send the link again")
                db.session.commit()
                failed += 1
                continue
            try:
                smtp.send(message)
            except (smtplib.SMTPException, OSError) as error:
                _record_failure(mail, error)
                db.session.commit()
                failed += 1
                smtp.close()  # the next mail starts on a fresh connection
                continue
            mail.status, mail.sent_at, mail.last_error = OutboxStatus.SENT, utcnow(), ""
            mail.secret_link = ""  # delivered: the outbox no longer holds the link
            mail.attempts += 1
            _commit_without_waiting_for_disk()
            sent += 1
    _release(batch)
    return sent, failed


def _commit_without_waiting_for_disk() -> None:
    """Commit a sent mark without waiting for the disk (PostgreSQL's synchronous_commit off for this transaction,
    as SQLite's synchronous=NORMAL does for all): visible and safe at once for every sender, lost only if the
    database server itself crashes within the next moment, which at worst sends those few mails again. Waiting
    for the disk on each mail made the sender several times slower than SMTP."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    db.session.commit()


def claim_batch(worker: str, ids: list[int] | None = None, size: int = CANDIDATES) -> list[OutboxMail]:
    """Take up to `size` due mails for `worker` with one conditional UPDATE, committed before any is sent: a
    mail another sender took meanwhile fails the condition, so each goes to exactly one sender. [] when none."""
    while True:
        now = utcnow()
        stmt = (select(OutboxMail.id).where(_claimable(now))
                .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(size))
        if ids is not None:
            stmt = stmt.where(OutboxMail.id.in_(ids))
        candidates = db.session.scalars(stmt).all()
        db.session.commit()  # end the read before claiming
        if not candidates:
            return []
        db.session.execute(
            update(OutboxMail).where(OutboxMail.id.in_(candidates), _claimable(now))
            .values(status="sending", claimed_by=worker, claimed_at=now, updated_at=now)
            .execution_options(synchronize_session=False))
        db.session.commit()
        mine = db.session.scalars(
            select(OutboxMail).where(OutboxMail.id.in_(candidates), OutboxMail.claimed_by == worker,
                                     OutboxMail.status == "sending")
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id).execution_options(populate_existing=True)).all()
        if mine:
            return list(mine)
        # every candidate went to another sender meanwhile: look again


def _release(mails: list[OutboxMail]) -> None:
    """Mails claimed but not reached (the limit): back to the queue at once rather than after CLAIM_TIMEOUT."""
    if mails:
        db.session.execute(update(OutboxMail).where(OutboxMail.id.in_([mail.id for mail in mails]),
                                                    OutboxMail.status == "sending")
                           .values(status="pending", claimed_by=None, claimed_at=None)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def _claimable(now):
    """Due and waiting, or claimed so long ago that its sender must have died."""
    return or_(
        and_(OutboxMail.status == OutboxStatus.PENDING, OutboxMail.next_attempt_at <= now),
        and_(OutboxMail.status == OutboxStatus.SENDING, OutboxMail.claimed_at < now - CLAIM_TIMEOUT),
    )


def claim_next(worker: str, ids: list[int] | None = None) -> OutboxMail | None:
    """Take the next due mail for `worker`: the claim is committed before the mail is sent, so no other
    sender can take it; None when nothing is due."""
    while True:
        now = utcnow()
        stmt = (select(OutboxMail.id).where(_claimable(now))
                .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(CANDIDATES))
        if ids is not None:
            stmt = stmt.where(OutboxMail.id.in_(ids))
        candidates = db.session.scalars(stmt).all()
        db.session.commit()  # end the read before claiming, each claim is its own short transaction
        if not candidates:
            return None
        for mail_id in candidates:
            claimed = db.session.execute(
                update(OutboxMail).where(OutboxMail.id == mail_id, _claimable(now))
                .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now, updated_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
            db.session.commit()
            if claimed == 1:
                return db.session.get(OutboxMail, mail_id, populate_existing=True)
        # every candidate went to another sender meanwhile: look again


def _record_failure(mail: OutboxMail, error: Exception) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status, mail.secret_link = OutboxStatus.FAILED, ""  # given up: the link is not kept any longer
    else:
        mail.status, mail.next_attempt_at = OutboxStatus.PENDING, utcnow() + backoff(mail.attempts)
    current_app.logger.warning("mail %s to %s not sent (attempt %s): %s", mail.id, mail.to_address,
                               mail.attempts, mail.last_error)


def _give_up(mail: OutboxMail, reason: str) -> None:
    mail.attempts += 1
    mail.status, mail.secret_link, mail.last_error = OutboxStatus.FAILED, "", reason
    current_app.logger.warning("mail %s to %s not sent, given up: %s", mail.id, mail.to_address, reason)


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """Plain text with an HTML alternative, and the calendar invitation as invite.ics (iMIP, RFC 6047); the
    personal link decrypted and put in where the bodies hold its placeholder."""
    link = unseal(mail.secret_link)
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"outbox{mail.id}", domain=_domain(sender))
    message.set_content(put_link_in(mail.body_text, link))
    if mail.body_html:
        message.add_alternative(put_link_in(mail.body_html, link, html=True), subtype="html")
    if calendar := attached_calendar(mail):
        message.add_attachment(calendar, subtype="calendar", filename="invite.ics",
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


def send_after_commit(ids: list[int]) -> None:
    """Mails inserted in bulk (not through the session's objects) are sent after the commit like the others."""
    if ids:
        db.session.info.setdefault(_QUEUED, []).extend(ids)


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
