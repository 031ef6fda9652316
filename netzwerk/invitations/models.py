"""Invitations to an event (one per person and event), their personal links, and people who want no more mail."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..common.timing import utcnow
from ..events.models import Event
from ..extensions import db
from ..people.models import Person
from ..registrations.models import Registration


class InvitationState(LabelledEnum):
    """An invitation's answer: none yet, registered through its link (or otherwise), or "Ich kann nicht teilnehmen"."""

    INVITED = "invited", _l("Keine Antwort")
    REGISTERED = "registered", _l("Angemeldet")
    DECLINED = "declined", _l("Abgesagt")


class Invitation(Timestamps, db.Model):
    """A personal invitation of one of the network's people to one event; never two for the same person."""

    __table_args__ = (UniqueConstraint("event_id", "person_id"), one_of("state", InvitationState))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # The address the invitation went to: registering through its link proves it, so the form keeps it fixed.
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(10), default="de")
    state: Mapped[str] = mapped_column(String(20), default=InvitationState.INVITED, index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="SET NULL"), index=True)
    decline_message: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    registration: Mapped[Registration | None] = relationship()


class InvitationLink(db.Model):
    """One mailed link to an invitation (the first mail and each reminder have their own, all valid): only the
    SHA-256 of its 256-bit token is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invitation: Mapped[Invitation] = relationship()


class MailOptOut(db.Model):
    """A person who wants no invitations or mailings from their network (one click in any such mail, or noted by a
    coordinator). Recipient lists name them and send them nothing."""

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(20), default="link")  # link | coordinator
