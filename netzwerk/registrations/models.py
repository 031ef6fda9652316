from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..events.models import Event
from ..extensions import db
from ..kommunen.models import Kommune
from ..organisations.models import Organisation, OrganisationType
from ..people.models import Person


class RegistrationState(LabelledEnum):
    PENDING = "pending", _l("Wartet auf Freigabe")
    CONFIRMED = "confirmed", _l("Bestätigt")
    WAITLISTED = "waitlisted", _l("Warteliste")
    CANCELLED = "cancelled", _l("Storniert")
    ATTENDED = "attended", _l("Anwesend")


HOLDS_PLACE = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)


class Attendance(LabelledEnum):
    """How someone takes part: chosen on the form of a hybrid event, else given by the event's format
    (events.models.FORMAT_MODES). Places and waiting lists are counted per mode."""

    ONSITE = "onsite", _l("vor Ort")
    ONLINE = "online", _l("online")


class BadgeRole(LabelledEnum):
    """A registration's role on its badge: the coloured band. Colours are set per event (Event.badge_colours)."""

    PARTICIPANT = "participant", _l("Teilnehmende")
    SPEAKER = "speaker", _l("Referent:in")
    TEAM = "team", _l("Team")
    EXHIBITOR = "exhibitor", _l("Aussteller")
    VISITOR = "visitor", _l("Besucher:in")


class QuestionKind(LabelledEnum):
    SHORT_TEXT = "short_text", _l("Kurzer Text")
    LONG_TEXT = "long_text", _l("Langer Text")
    SINGLE_CHOICE = "single_choice", _l("Einfachauswahl")
    MULTIPLE_CHOICE = "multiple_choice", _l("Mehrfachauswahl")
    YES_NO = "yes_no", _l("Ja/Nein")


class Question(db.Model):
    """An event's own question on its registration form."""

    __table_args__ = (one_of("kind", QuestionKind),)

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

    __table_args__ = (UniqueConstraint("event_id", "email"), one_of("state", RegistrationState),
                      one_of("organisation_type", OrganisationType, blank=True), one_of("badge_role", BadgeRole),
                      one_of("attendance", Attendance),
                      # The network dashboard counts per event by state, Kommune and organisation type from this
                      # index alone.
                      Index("ix_registration_event_figures", "event_id", "state", "kommune_id", "organisation_type"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    attendance: Mapped[str] = mapped_column(String(10), default=Attendance.ONSITE, server_default="onsite")
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
    # Asked on the form: may the person be photographed (None: not asked); shown on the badge and the lists.
    photo_consent: Mapped[bool | None] = mapped_column(Boolean)
    photo_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
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
    badge_role: Mapped[str] = mapped_column(String(20), default=BadgeRole.PARTICIPANT, server_default="participant")
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
