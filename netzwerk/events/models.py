import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..common.translations import Translatable
from ..extensions import db
from ..networks.models import Network
from ..people.models import Person


class EventKind(LabelledEnum):
    NETZWERKTREFFEN = "Netzwerktreffen", _l("Netzwerktreffen")
    LERNNETZWERKTREFFEN = "Lernnetzwerktreffen", _l("Lernnetzwerktreffen")
    FACHKONFERENZ = "Fachkonferenz", _l("Fachkonferenz")
    MIGRATIONSMESSE = "Migrationsmesse", _l("Migrationsmesse")
    SONSTIGES = "Sonstiges", _l("Sonstiges")


class EventStatus(LabelledEnum):
    DRAFT = "draft", _l("Entwurf")
    PUBLISHED = "published", _l("Veröffentlicht")
    CANCELLED = "cancelled", _l("Abgesagt")


class EventFormat(LabelledEnum):
    """Where people take part: at the venue, in an online room, or either (hybrid: places counted per mode)."""

    ONSITE = "onsite", _l("vor Ort")
    ONLINE = "online", _l("online")
    HYBRID = "hybrid", _l("hybrid")


# Which ways of taking part (registrations.models.Attendance values) an event of each format offers.
FORMAT_MODES = {EventFormat.ONSITE: ("onsite",), EventFormat.ONLINE: ("online",),
                EventFormat.HYBRID: ("onsite", "online")}


# An event's online room: a change of only these concerns only those who take part online.
ROOM_FIELDS = frozenset({"online_url", "online_dial_in"})


def total_places(format: str, capacity: int | None, online_capacity: int | None) -> int | None:
    """All places of the modes an event of this format offers; None when any of them is unlimited."""
    limits = [online_capacity if mode == "online" else capacity
              for mode in FORMAT_MODES.get(format, FORMAT_MODES[EventFormat.ONSITE])]
    return None if None in limits else sum(limits)


# What the public (pages, files, feeds) sees; drafts never leave the workspace.
PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


class AgendaKind(LabelledEnum):
    """What a Programmpunkt is."""

    BEGRUESSUNG = "Begrüßung", _l("Begrüßung")
    IMPULSREFERAT = "Impulsreferat", _l("Impulsreferat")
    VORTRAG = "Vortrag", _l("Vortrag")
    FILM = "Film", _l("Film")
    TISCHGRUPPEN = "Tischgruppen", _l("Tischgruppen")
    ROLLENSPIEL = "Rollenspiel", _l("Rollenspiel")
    PODIUM = "Podium", _l("Podium")
    PAUSE = "Pause", _l("Pause")
    SONSTIGES = "Sonstiges", _l("Sonstiges")


def new_uid() -> str:
    return f"{uuid.uuid4()}@netzwerk"


class Event(Timestamps, Translatable, db.Model):
    """A network meeting, conference or Migrationsmesse (title and description in several languages)."""

    __table_args__ = (one_of("kind", EventKind), one_of("status", EventStatus), one_of("format", EventFormat))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # All-day events have dates but no times; calendars show them as whole days.
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    capacity: Mapped[int | None] = mapped_column(Integer)  # places on site
    # Online and hybrid meetings: the room's link and dial-in are shown only to confirmed participants who take
    # part online (registrations/online.py), never on public pages or feeds.
    format: Mapped[str] = mapped_column(String(10), default=EventFormat.ONSITE, server_default="onsite")
    online_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    online_dial_in: Mapped[str] = mapped_column(String(300), default="", server_default="")
    online_capacity: Mapped[int | None] = mapped_column(Integer)  # places online
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.DRAFT, index=True)
    # Registration settings (issue: registrations).
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    ask_accessibility: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    ask_dietary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Only people with a personal invitation link may register (netzwerk.invitations).
    invitation_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    topics: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")  # ranked on the form when set
    # Registrations are anonymised this many days after the event ended (`flask purge`).
    retention_days: Mapped[int] = mapped_column(Integer, default=365, server_default="365")
    # Badges: the role band colours, and what the back of a folded or double-sided badge shows.
    badge_colours: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    badge_back: Mapped[str] = mapped_column(String(10), default="none", server_default="none")  # none|agenda|text
    badge_back_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # iCal identity: the UID never changes, SEQUENCE rises with every change clients must see.
    uid: Mapped[str] = mapped_column(String(120), unique=True, default=new_uid)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # A date of a series (netzwerk.series); otherwise None.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id", ondelete="SET NULL"), index=True)

    network: Mapped[Network] = relationship()
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(AgendaItem.starts_at, AgendaItem.id)",
    )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def modes(self) -> tuple[str, ...]:
        """The ways of taking part this event offers (Attendance values)."""
        return FORMAT_MODES.get(self.format, FORMAT_MODES[EventFormat.ONSITE])

    @property
    def is_hybrid(self) -> bool:
        return self.format == EventFormat.HYBRID

    def capacity_for(self, mode: str) -> int | None:
        """The places of one way of taking part (None: unlimited)."""
        return self.online_capacity if mode == "online" else self.capacity

    def __repr__(self) -> str:
        return f"<Event {self.title}>"


agenda_speaker = Table(
    "agenda_speaker",
    db.metadata,
    Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id"), primary_key=True),
)


class AgendaItem(Timestamps, Translatable, db.Model):
    """A Programmpunkt: greeting, keynote, film, table groups, role play, ... (title and description in several
    languages)."""

    __table_args__ = (one_of("kind", AgendaKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    speaker_text: Mapped[str] = mapped_column(String(300), default="")
    room: Mapped[str] = mapped_column(String(120), default="")
    # Its own online room (e.g. a breakout room), shown like the event's only to confirmed online participants.
    online_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    online_dial_in: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="")
    uid: Mapped[str] = mapped_column(String(120), unique=True, default=new_uid)

    event: Mapped[Event] = relationship(back_populates="agenda_items")
    speakers: Mapped[list[Person]] = relationship(secondary=agenda_speaker, order_by=Person.family_name)

    @property
    def speaker_names(self) -> str:
        return speaker_line([person.full_name for person in self.speakers], self.speaker_text)


def speaker_line(names: list[str], speaker_text: str) -> str:
    """Speakers as one line: the linked people (by family name), then the free text."""
    return ", ".join(names + [speaker_text] if speaker_text else names)
