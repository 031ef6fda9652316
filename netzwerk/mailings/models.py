"""Scheduled mails (reminder rules of an event and the record of each mail they sent) and mailings (a written mail
to a chosen group, its saved templates, and what went to whom)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..common.timing import utcnow
from ..events.models import Event
from ..extensions import db


class Anchor(LabelledEnum):
    """A rule counts from the event's start or its end ..."""

    START = "start", _l("dem Beginn")
    END = "end", _l("dem Ende")


class Direction(LabelledEnum):
    """... before or after it."""

    BEFORE = "before", _l("vor")
    AFTER = "after", _l("nach")


class Audience(LabelledEnum):
    """Who a rule writes to: registrations in these states (checked in: state attended or a check-in time)."""

    CONFIRMED = "confirmed", _l("Bestätigte")
    ATTENDED = "attended", _l("Eingecheckte (waren da)")
    WAITLISTED = "waitlisted", _l("Warteliste")


class ReminderKind(LabelledEnum):
    """What a rule writes: a reminder (time, place, the way there, own tables and interviews, .ics) or a thank-you."""

    REMINDER = "reminder", _l("Erinnerung mit Zeit, Ort, Anfahrt, eigenen Tischen und Gesprächen, .ics")
    THANKS = "thanks", _l("Dank für die Teilnahme mit Link zur Dokumentation")


class ReminderRule(Timestamps, db.Model):
    """"7 days before the start, to the confirmed: a reminder". Relative to the event, so a new date moves it."""

    __table_args__ = (one_of("direction", Direction), one_of("anchor", Anchor), one_of("audience", Audience),
                      one_of("template", ReminderKind))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    days: Mapped[int] = mapped_column(Integer, default=0)
    hours: Mapped[int] = mapped_column(Integer, default=0)
    direction: Mapped[str] = mapped_column(String(10), default=Direction.BEFORE)
    anchor: Mapped[str] = mapped_column(String(10), default=Anchor.START)
    audience: Mapped[str] = mapped_column(String(20), default=Audience.CONFIRMED)
    template: Mapped[str] = mapped_column(String(20), default=ReminderKind.REMINDER)
    link: Mapped[str] = mapped_column(String(500), default="")  # the thank-you's documentation link
    note: Mapped[str] = mapped_column(Text, default="")  # a few words of the coordinators, put into the mail

    event: Mapped[Event] = relationship()


class ReminderSend(db.Model):
    """One rule's mail to one registration. The unique pair is what makes two workers, or a restarted one, send
    each mail once: a worker writes the mail only for the rows its INSERT actually added."""

    __table_args__ = (UniqueConstraint("rule_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("reminder_rule.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailingTemplate(Timestamps, db.Model):
    """A network's saved text for mailings, with placeholders such as {vorname}."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)


class Mailing(Timestamps, db.Model):
    """A mail written once to a chosen group of a network or of one of its events."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)  # the audience as chosen, for the record
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    queued: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event | None] = relationship()


class RecipientOutcome(LabelledEnum):
    """What became of each chosen recipient: a mail in the outbox, or none and why."""

    QUEUED = "queued"
    NO_EMAIL = "no_email"
    OPTED_OUT = "opted_out"


class MailingRecipient(db.Model):
    """Who a mailing chose and what they got; the mail's progress is its outbox row's status."""

    __table_args__ = (one_of("outcome", RecipientOutcome),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailing.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(250), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(10), default="de")  # the mail's language; its unsubscribe page's too
    outcome: Mapped[str] = mapped_column(String(20), default=RecipientOutcome.QUEUED)
    outbox_mail_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mail.id", ondelete="SET NULL"), index=True)
    # SHA-256 of the mail's 256-bit unsubscribe token; the token itself travels only sealed in the outbox.
    unsubscribe_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    mailing: Mapped[Mailing] = relationship()
