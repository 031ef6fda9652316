"""Delivering the outbox over SMTP: retries with backoff, each mail taken by exactly one sender.

A sender claims a batch of mails with one conditional UPDATE (`status 'pending' -> 'sending' WHERE id IN (…) AND
status = 'pending'`) and commits the claim before sending: the rows it then finds under its name are its own, on
PostgreSQL and SQLite alike, however many senders run. It sends the batch over one SMTP connection and marks the
mails the server accepted as sent with one UPDATE every MARK_EVERY mails or MARK_AFTER seconds (a commit per mail
made the database, not SMTP, the limit). A mail is marked sent only after the server accepted it; one the server
refused goes back to the queue with backoff, and when the connection itself fails the rest of the batch goes back
untouched, so nothing is lost. The trade-off: a sender that dies between the server's acceptance and the mark leaves
those mails (at most MARK_EVERY, accepted within MARK_AFTER seconds) in 'sending', and like every mail of a sender
that died they are taken again after CLAIM_TIMEOUT, so they arrive twice; a commit per mail would shrink that window
to one mail at a quarter of the speed on PostgreSQL. The personal link goes into the body only here, at send time,
and is forgotten once the mail is sent or has finally failed. With no MAIL_SERVER configured nothing is sent: the
mails stay in the outbox, readable (without their links) on the Postausgang page.
"""
import os
import secrets
import smtplib
import socket
import time
from datetime import timedelta
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import and_, event, or_, select, text, update
from sqlalchemy.orm import Session

from ..common.one_click import HEADER_VALUE as ONE_CLICK
from ..common.timing import utcnow
from ..extensions import db
from .links import InvalidToken, put_link_in, unseal, unsubscribe_link
from .models import OutboxMail, OutboxStatus
from .outbox import attached_calendar

MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=1)
CLAIM_TIMEOUT = timedelta(minutes=10)  # far beyond one SMTP conversation (MAIL_TIMEOUT): the sender is gone
CANDIDATES = 50  # due mails claimed at once; a sender that loses some to another takes the rest
MARK_EVERY = 25  # accepted mails marked sent in one UPDATE ...
MARK_AFTER = 0.5  # ... or after this many seconds, whichever comes first: what a crash may send twice
# Errors of the connection (the server is gone or refuses us; also a 421 reply): the rest of the batch goes back to
# the queue. Other SMTP errors concern one message (a refused recipient): the next one is tried.
CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError,
                     smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError, OSError)

# What a sender reads of a mail when it claims it: sending it needs no further look into the database.
CLAIMED_COLUMNS = (OutboxMail.id, OutboxMail.registration_id, OutboxMail.to_address, OutboxMail.subject,
                   OutboxMail.body_text, OutboxMail.body_html, OutboxMail.secret_link, OutboxMail.ics,
                   OutboxMail.ics_method, OutboxMail.attempts)


class _HeaderClasses(HeaderRegistry):
    """The standard registry makes a new class each time a header is set or read (a fifth of building and sending a
    message went there): one class per header name, made once."""

    def __init__(self):
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._made:
            self._made[key] = super().__getitem__(name)
        return self._made[key]


POLICY = default_policy.clone(header_factory=_HeaderClasses())  # EmailMessage's own policy, its header classes kept


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
    worker = sender_name()
    run = _Run(current_app.config["MAIL_DEFAULT_SENDER"])
    with SMTPConnection(current_app.config) as smtp:
        while run.handled < limit and not run.connection_lost:
            batch = claim_batch(worker, ids, min(CANDIDATES, limit - run.handled))
            if not batch:
                break
            run.send(smtp, batch)
    return run.sent, run.failed


class _Run:
    """One round of sending: the mails the server accepted wait in `accepted` until they are marked sent."""

    def __init__(self, from_address: str):
        self.from_address = from_address
        self.sent = self.failed = self.handled = 0
        self.connection_lost = False
        self.accepted: list[int] = []
        self.first_accepted_at = 0.0

    def send(self, smtp: "SMTPConnection", batch: list) -> None:
        waiting = list(batch)
        try:
            while waiting and not self.connection_lost:
                mail = waiting.pop(0)
                self.handled += 1
                self._send_one(smtp, mail)
        finally:  # even when something unforeseen ends the round: accepted ones marked, unreached ones released
            self._mark_sent()
            _release([mail.id for mail in waiting])

    def _send_one(self, smtp: "SMTPConnection", mail) -> None:
        try:
            message = build_message(mail, self.from_address)
        except InvalidToken:  # sealed under a SECRET_KEY that is gone: the link can never be put in
            _give_up(mail, "the personal link cannot be decrypted (SECRET_KEY changed); send the link again")
            self.failed += 1
            return
        try:
            smtp.send(message)
        except (smtplib.SMTPException, OSError) as error:
            self._mark_sent()  # what the server took so far, before anything else
            _record_failure(mail, error)
            self.failed += 1
            smtp.close()  # the next mail starts on a fresh connection
            self.connection_lost = _connection_failed(error)
            return
        if not self.accepted:
            self.first_accepted_at = time.monotonic()
        self.accepted.append(mail.id)
        self.sent += 1
        if len(self.accepted) >= MARK_EVERY or time.monotonic() - self.first_accepted_at >= MARK_AFTER:
            self._mark_sent()

    def _mark_sent(self) -> None:
        """One UPDATE for every mail the server accepted since the last mark: sent, its link forgotten."""
        if not self.accepted:
            return
        now = utcnow()
        db.session.execute(
            update(OutboxMail).where(OutboxMail.id.in_(self.accepted))
            .values(status=OutboxStatus.SENT, sent_at=now, last_error="", secret_link="",
                    attempts=OutboxMail.attempts + 1, updated_at=now)
            .execution_options(synchronize_session=False))
        _commit_without_waiting_for_disk()
        self.accepted = []


def _connection_failed(error: Exception) -> bool:
    """The server is gone or closing (421, "service not available"), not only refusing this message."""
    return isinstance(error, CONNECTION_ERRORS) or getattr(error, "smtp_code", None) == 421


def _commit_without_waiting_for_disk() -> None:
    """Commit sent marks without waiting for the disk (PostgreSQL's synchronous_commit off for this transaction,
    as SQLite's synchronous=NORMAL does for all): visible and safe at once for every sender, lost only if the
    database server itself crashes within the next moment, which at worst sends those few mails again."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    db.session.commit()


def claim_batch(worker: str, ids: list[int] | None = None, size: int = CANDIDATES) -> list:
    """Take up to `size` due mails for `worker` with one conditional UPDATE, committed before any is sent: a
    mail another sender took meanwhile fails the condition, so each goes to exactly one sender. Returns the claimed
    mails as plain rows (CLAIMED_COLUMNS), [] when none."""
    while True:
        candidates = _candidates(ids, size)
        if not candidates:
            return []
        now = utcnow()
        db.session.execute(
            update(OutboxMail).where(OutboxMail.id.in_(candidates), _claimable(now))
            .values(status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now, updated_at=now)
            .execution_options(synchronize_session=False))
        db.session.commit()
        mine = db.session.execute(
            select(*CLAIMED_COLUMNS).where(OutboxMail.id.in_(candidates), OutboxMail.claimed_by == worker,
                                           OutboxMail.status == OutboxStatus.SENDING)
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id)).all()
        db.session.commit()  # end the read: sending holds no transaction open
        if mine:
            return list(mine)
        # every candidate went to another sender meanwhile: look again


def claim_next(worker: str, ids: list[int] | None = None) -> OutboxMail | None:
    """Take the next due mail for `worker` (committed before it is sent, so no other sender can take it); None when
    nothing is due."""
    claimed = claim_batch(worker, ids, 1)
    return db.session.get(OutboxMail, claimed[0].id, populate_existing=True) if claimed else None


def _candidates(ids: list[int] | None, size: int) -> list[int]:
    stmt = (select(OutboxMail.id).where(_claimable(utcnow()))
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(size))
    if ids is not None:
        stmt = stmt.where(OutboxMail.id.in_(ids))
    candidates = db.session.scalars(stmt).all()
    db.session.commit()  # end the read before claiming
    return list(candidates)


def _release(ids: list[int]) -> None:
    """Mails claimed but not tried (the connection was lost, or the round ended): back to the queue at once rather
    than after CLAIM_TIMEOUT, without an attempt counted."""
    if ids:
        db.session.execute(update(OutboxMail).where(OutboxMail.id.in_(ids), OutboxMail.status == OutboxStatus.SENDING)
                           .values(status=OutboxStatus.PENDING, claimed_by=None, claimed_at=None)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def _claimable(now):
    """Due and waiting, or claimed so long ago that its sender must have died."""
    return or_(
        and_(OutboxMail.status == OutboxStatus.PENDING, OutboxMail.next_attempt_at <= now),
        and_(OutboxMail.status == OutboxStatus.SENDING, OutboxMail.claimed_at < now - CLAIM_TIMEOUT),
    )


def _record_failure(mail, error: Exception) -> None:
    """Back to the queue with backoff, or given up after MAX_ATTEMPTS; committed at once."""
    attempts = mail.attempts + 1
    last_error = f"{type(error).__name__}: {error}"[:2000]
    if attempts >= MAX_ATTEMPTS:  # given up: the link is not kept any longer
        values = dict(status=OutboxStatus.FAILED, secret_link="")
    else:
        values = dict(status=OutboxStatus.PENDING, next_attempt_at=utcnow() + backoff(attempts))
    _update_one(mail.id, attempts=attempts, last_error=last_error, **values)
    current_app.logger.warning("mail %s to %s not sent (attempt %s): %s", mail.id, mail.to_address, attempts,
                               last_error)


def _give_up(mail, reason: str) -> None:
    _update_one(mail.id, attempts=mail.attempts + 1, status=OutboxStatus.FAILED, secret_link="", last_error=reason)
    current_app.logger.warning("mail %s to %s not sent, given up: %s", mail.id, mail.to_address, reason)


def _update_one(mail_id: int, **values) -> None:
    db.session.execute(update(OutboxMail).where(OutboxMail.id == mail_id).values(updated_at=utcnow(), **values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def build_message(mail, sender: str) -> EmailMessage:
    """`mail`: an OutboxMail or a claimed row of it. Plain text with an HTML alternative, and the calendar
    invitation as invite.ics (iMIP, RFC 6047); the personal link decrypted and put in where the bodies hold its
    placeholder; a sealed unsubscribe link also goes into the List-Unsubscribe header."""
    link = unseal(mail.secret_link)
    message = EmailMessage(policy=POLICY)
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = mail.to_address
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"outbox{mail.id}", domain=_domain(sender))
    if unsubscribe := unsubscribe_link(link):  # mailings and invitations: one click in the mail client (RFC 8058)
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = ONE_CLICK
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
