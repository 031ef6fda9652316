"""The Migrationsmesse in the database: settings per event, floor plan and booths, Aussteller with their offers,
visitor profiles (visitors are registrations of the fair event), interview wishes and interviews."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..common.translations import Translatable
from ..events.models import Event
from ..extensions import db
from ..registrations.models import Registration


class BoothStatus(LabelledEnum):
    FREE = "free", _l("Frei")
    RESERVED = "reserved", _l("Reserviert")
    CONFIRMED = "confirmed", _l("Belegt")
    BLOCKED = "blocked", _l("Gesperrt")


class ExhibitorState(LabelledEnum):
    REQUESTED = "requested", _l("Angefragt")
    CONFIRMED = "confirmed", _l("Bestätigt")
    WAITLISTED = "waitlisted", _l("Warteliste")
    CANCELLED = "cancelled", _l("Storniert")


class InterviewMode(LabelledEnum):
    """How visitors get interviews."""

    OFF = "off", _l("Keine Gesprächstermine")
    PLANNED = "planned", _l("Wünsche sammeln, die Koordination plant")
    SELF_BOOKING = "self_booking", _l("Besucher:innen buchen freie Zeiten selbst")


class Sector(LabelledEnum):
    LOGISTIK = "Logistik", _l("Logistik")
    HANDWERK = "Handwerk", _l("Handwerk")
    GASTRONOMIE = "Gastronomie", _l("Gastronomie")
    BAU = "Bau", _l("Bau")
    PFLEGE = "Pflege", _l("Pflege")
    HANDEL = "Handel", _l("Handel")
    INDUSTRIE = "Industrie", _l("Industrie")
    IT = "IT", _l("IT")
    OEFFENTLICHER_DIENST = "Öffentlicher Dienst", _l("Öffentlicher Dienst")
    SONSTIGE = "Sonstige", _l("Sonstige")


class OfferType(LabelledEnum):
    PRAKTIKUM = "Praktikum", _l("Praktikum")
    AUSBILDUNG = "Ausbildung", _l("Ausbildung")
    EINSTIEGSQUALIFIZIERUNG = "Einstiegsqualifizierung", _l("Einstiegsqualifizierung")
    STELLE = "Stelle", _l("Stelle")


class GermanLevel(LabelledEnum):
    """CEFR levels in order; NONE as an offer's requirement means no German is needed."""

    NONE = "none", _l("keine Deutschkenntnisse")
    A1 = "A1", _l("A1 (Anfänger)")
    A2 = "A2", _l("A2 (Grundkenntnisse)")
    B1 = "B1", _l("B1 (Mittelstufe)")
    B2 = "B2", _l("B2 (gute Mittelstufe)")
    C1 = "C1", _l("C1 (fortgeschritten)")
    C2 = "C2", _l("C2 (sehr gut)")


class VisitorLanguage(LabelledEnum):
    """Languages visitors speak, by their German names; the forms show each in the page's language."""

    ARABISCH = "Arabisch", _l("Arabisch")
    DARI = "Dari", _l("Dari")
    FARSI = "Farsi", _l("Farsi")
    PASCHTU = "Paschtu", _l("Paschtu")
    KURDISCH = "Kurdisch", _l("Kurdisch")
    TIGRINYA = "Tigrinya", _l("Tigrinya")
    SOMALI = "Somali", _l("Somali")
    UKRAINISCH = "Ukrainisch", _l("Ukrainisch")
    RUSSISCH = "Russisch", _l("Russisch")
    TUERKISCH = "Türkisch", _l("Türkisch")
    ENGLISCH = "Englisch", _l("Englisch")
    FRANZOESISCH = "Französisch", _l("Französisch")
    DEUTSCH = "Deutsch", _l("Deutsch")


class CompanySize(LabelledEnum):
    SMALL = "1-9", _l("1–9 Beschäftigte")
    MEDIUM = "10-49", _l("10–49 Beschäftigte")
    LARGE = "50-249", _l("50–249 Beschäftigte")
    VERY_LARGE = "250+", _l("250 und mehr Beschäftigte")


class Fair(Timestamps, db.Model):
    """The settings of one event of kind Migrationsmesse: booking deadline, hall, interview slots."""

    __table_args__ = (one_of("interview_mode", InterviewMode),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    # Aussteller book and change their offers until then; None: until the fair begins.
    booking_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The hall in metres: the floor plan's grid, one line per metre.
    hall_width: Mapped[float] = mapped_column(Float, default=40)
    hall_depth: Mapped[float] = mapped_column(Float, default=25)
    # An uploaded plan of the hall (PNG or SVG, checked, at most 2 MB) drawn under the booths; in the database
    # because app servers keep no files.
    background: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    background_type: Mapped[str] = mapped_column(String(20), default="")
    interview_mode: Mapped[str] = mapped_column(String(20), default=InterviewMode.OFF)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=10)
    slot_count: Mapped[int] = mapped_column(Integer, default=12)
    first_slot_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: when the fair begins
    max_interviews_per_visitor: Mapped[int] = mapped_column(Integer, default=3)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    schedule_metrics: Mapped[dict] = mapped_column(JSON, default=dict)

    event: Mapped[Event] = relationship()


class BoothType(db.Model):
    """A kind of booth: its size, whether it has power, how many staff badges come with it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    width: Mapped[float] = mapped_column(Float)  # metres
    depth: Mapped[float] = mapped_column(Float)
    has_power: Mapped[bool] = mapped_column(Boolean, default=False)
    staff_badges: Mapped[int] = mapped_column(Integer, default=2)


class Booth(db.Model):
    """A numbered rectangle on the floor plan, in metres from the hall's top left corner."""

    __table_args__ = (UniqueConstraint("event_id", "number"), one_of("status", BoothStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(10))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    width: Mapped[float] = mapped_column(Float)
    depth: Mapped[float] = mapped_column(Float)
    booth_type_id: Mapped[int | None] = mapped_column(ForeignKey("booth_type.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=BoothStatus.FREE)

    booth_type: Mapped[BoothType | None] = relationship()
    # Who holds the booth (read only: Exhibitor.booth_id is what is written).
    exhibitor: Mapped["Exhibitor | None"] = relationship(foreign_keys="Exhibitor.booth_id", uselist=False,
                                                         viewonly=True)


class Exhibitor(Timestamps, db.Model):
    """An Aussteller (employer) with its booking, booth, staff and interview capacity.

    booth_id is unique: two Aussteller can never hold the same booth, whatever the application does.
    """

    __table_args__ = (one_of("sector", Sector), one_of("company_size", CompanySize, blank=True),
                      one_of("state", ExhibitorState))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    company: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(50), default="")
    sector: Mapped[str] = mapped_column(String(40), index=True)
    company_size: Mapped[str] = mapped_column(String(20), default="")
    booth_type_id: Mapped[int | None] = mapped_column(ForeignKey("booth_type.id", ondelete="SET NULL"), index=True)
    preferred_booth_id: Mapped[int | None] = mapped_column(ForeignKey("booth.id", ondelete="SET NULL"), index=True)
    booth_id: Mapped[int | None] = mapped_column(ForeignKey("booth.id", ondelete="SET NULL"), unique=True)
    staff_count: Mapped[int] = mapped_column(Integer, default=1)
    staff_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs_power: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_table: Mapped[bool] = mapped_column(Boolean, default=False)
    remarks: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=ExhibitorState.REQUESTED, index=True)
    # Only a SHA-256 of the management link's token is stored (as for registrations).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(10), default="de")
    # Interviews: how many talk in parallel, and in which slots (None: all).
    interviewers: Mapped[int] = mapped_column(Integer, default=1)
    available_slots: Mapped[list[int] | None] = mapped_column(JSON)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    booth_type: Mapped[BoothType | None] = relationship()
    booth: Mapped[Booth | None] = relationship(foreign_keys=[booth_id])
    preferred_booth: Mapped[Booth | None] = relationship(foreign_keys=[preferred_booth_id])
    offers: Mapped[list["Offer"]] = relationship(back_populates="exhibitor", cascade="all, delete-orphan",
                                                 order_by="(Offer.position, Offer.id)")


OFFER_TRANSLATED = ("title", "description")  # given in several languages on the management link


class Offer(Translatable, db.Model):
    """A Praktikum, Ausbildung, Einstiegsqualifizierung or Stelle, as the Aussteller wrote it (title and description
    in several languages)."""

    __table_args__ = (one_of("kind", OfferType), one_of("german_level", GermanLevel))

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibitor_id: Mapped[int] = mapped_column(ForeignKey("exhibitor.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    german_level: Mapped[str] = mapped_column(String(4), default=GermanLevel.NONE)

    exhibitor: Mapped[Exhibitor] = relationship(back_populates="offers")


class VisitorProfile(db.Model):
    """What a visitor told us beyond the registration: languages, German, interests (one per registration)."""

    __table_args__ = (one_of("german_level", GermanLevel),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), unique=True)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    german_level: Mapped[str] = mapped_column(String(4), default=GermanLevel.NONE)
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    offer_types: Mapped[list[str]] = mapped_column(JSON, default=list)

    registration: Mapped[Registration] = relationship()


class InterviewWish(db.Model):
    """A visitor wants to talk to an Aussteller; rank 1 is the first wish."""

    __table_args__ = (UniqueConstraint("registration_id", "exhibitor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    exhibitor_id: Mapped[int] = mapped_column(ForeignKey("exhibitor.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)

    exhibitor: Mapped[Exhibitor] = relationship()


class Interview(db.Model):
    """A visitor meets an Aussteller's interviewer (seat) in a slot. The unique constraints are the last guard
    against double bookings: one interviewer, one visitor per slot; one visitor in one place at a time."""

    __table_args__ = (
        UniqueConstraint("exhibitor_id", "slot", "seat"),
        UniqueConstraint("registration_id", "slot"),
        UniqueConstraint("registration_id", "exhibitor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    exhibitor_id: Mapped[int] = mapped_column(ForeignKey("exhibitor.id", ondelete="CASCADE"), index=True)
    slot: Mapped[int] = mapped_column(Integer)  # 0 = the first slot
    seat: Mapped[int] = mapped_column(Integer)  # which of the Aussteller's interviewers, 0-based
    source: Mapped[str] = mapped_column(String(20))  # wish, suggestion (scheduler) or self (booked by the visitor)
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration] = relationship()
    exhibitor: Mapped[Exhibitor] = relationship()


class OutcomeKind(LabelledEnum):
    """What came of an interview or contact at the fair; the offer types, and nothing."""

    NICHTS = "nichts", _l("Nichts")
    PRAKTIKUM = "Praktikum", _l("Praktikum")
    EINSTIEGSQUALIFIZIERUNG = "Einstiegsqualifizierung", _l("Einstiegsqualifizierung")
    AUSBILDUNG = "Ausbildung", _l("Ausbildung")
    STELLE = "Stelle", _l("Stelle")


class OutcomeRecorder(LabelledEnum):
    EXHIBITOR = "exhibitor"
    COORDINATOR = "coordinator"


class FairOutcome(Timestamps, db.Model):
    """What came of an Aussteller's interview or contact with a visitor (`OutcomeKind`), recorded after the
    fair by the Aussteller through their link or by the coordination. Erasing the visitor anonymises the
    registration, which stays, so the counts survive."""

    __table_args__ = (UniqueConstraint("exhibitor_id", "registration_id"), one_of("outcome", OutcomeKind),
                      one_of("recorded_by", OutcomeRecorder))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    exhibitor_id: Mapped[int] = mapped_column(ForeignKey("exhibitor.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(40))
    recorded_by: Mapped[str] = mapped_column(String(20))

    exhibitor: Mapped[Exhibitor] = relationship()
    registration: Mapped[Registration] = relationship()
