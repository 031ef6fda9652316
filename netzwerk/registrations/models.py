from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..common.columns import Timestamps, UTCDateTime
from ..events.models import Event
from ..extensions import db
from ..kommunen.models import Kommune
from ..organisations.models import Organisation
from ..people.models import Person

# Registration states (German words in the UI via common.choices.REGISTRATION_STATES).
PENDING, CONFIRMED, WAITLISTED, CANCELLED, ATTENDED = "pending", "confirmed", "waitlisted", "cancelled", "attended"
HOLDS_PLACE = (CONFIRMED, ATTENDED)

QUESTION_KINDS = ("short_text", "long_text", "single_choice", "multiple_choice", "yes_no")


class Question(db.Model):
    """An event's own question on its registration form."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(300))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[list[str]] = mapped_column(JSON, default=list)

    event: Mapped[Event] = relationship()


class Registration(Timestamps, db.Model):
    """One person's registration for one event, with its state and private self-service token."""

    __table_args__ = (
        UniqueConstraint("event_id", "email"),
        # The network dashboard counts per event by state, Kommune and organisation type from this index alone.
        Index("ix_registration_event_figures", "event_id", "state", "kommune_id", "organisation_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    # Snapshot of who registered: kept per event, blanked when a person is erased (DSGVO).
    given_name: Mapped[str] = mapped_column(String(120), default="")
    family_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommune.id"), index=True)
    # What was entered for this registration. The person record changes only when the person acts through their
    # private link or a coordinator accepts the difference (services.accept_entered_details).
    function: Mapped[str] = mapped_column(String(200), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    # An organisation not (yet) in the network's list: a coordinator creates it by accepting the entered details.
    organisation_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    organisation_type: Mapped[str] = mapped_column(String(60), default="")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    dietary_needs: Mapped[str] = mapped_column(String(300), default="")
    topic_preferences: Mapped[list[str]] = mapped_column(JSON, default=list)
    locale: Mapped[str] = mapped_column(String(10), default="de")
    consent_version: Mapped[int | None] = mapped_column(Integer)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Only a SHA-256 of the self-service token is stored; the token itself exists only in the mailed link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Printed as QR on the badge; identifies the registration at check-in and nothing else.
    checkin_code: Mapped[str] = mapped_column(String(16), unique=True)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decision_message: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The coloured band on the badge (choices.BADGE_ROLES).
    badge_role: Mapped[str] = mapped_column(String(20), default="participant", server_default="participant")
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    person: Mapped[Person | None] = relationship()
    kommune: Mapped[Kommune | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    checked_in_by: Mapped[User | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def organisation_label(self) -> str:
        """The organisation as entered: one of the network's, or the name of a new one."""
        return self.organisation.name if self.organisation is not None else self.organisation_name

    @property
    def differs_from_person(self) -> bool:
        """Whether what was entered differs from the stored person (needs only `person` loaded, for lists)."""
        person = self.person
        if person is None:
            return False
        return (self.given_name != person.given_name or self.family_name != person.family_name
                or bool(self.function) and self.function != person.function
                or bool(self.phone) and self.phone != person.phone
                or bool(self.organisation_name)
                or self.organisation_id is not None and self.organisation_id != person.organisation_id)
