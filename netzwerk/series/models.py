"""Event series: a rule of dates (monthly on the last Wednesday, weekly on Tuesdays, ...) whose dates are ordinary
events linked to the series, and the people who subscribed to every date."""
from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..common.translations import Translatable
from ..events.models import EventKind
from ..extensions import db
from ..networks.models import Network


class SeriesFrequency(LabelledEnum):
    WEEKLY = "weekly", _l("Wöchentlich")
    MONTHLY = "monthly", _l("Monatlich")


class EventSeries(Timestamps, Translatable, db.Model):
    """The rule and the shared settings of a series; each date is an Event with series_id (changed or cancelled on
    its own like any event)."""

    __table_args__ = (one_of("kind", EventKind), one_of("frequency", SeriesFrequency))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), default=EventKind.SONSTIGES)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(10))
    interval: Mapped[int] = mapped_column(Integer, default=1)  # every n weeks or months
    weekday: Mapped[int] = mapped_column(Integer)  # 0 Monday ... 6 Sunday
    # Monthly: the 1st to 4th such weekday of the month, or -1 for the last; None for weekly series.
    week_of_month: Mapped[int | None] = mapped_column(Integer)
    start_time: Mapped[time] = mapped_column(Time)  # Europe/Berlin wall clock
    end_time: Mapped[time] = mapped_column(Time)

    network: Mapped[Network] = relationship()

    def __repr__(self) -> str:
        return f"<EventSeries {self.title}>"


class SeriesSubscription(Timestamps, db.Model):
    """Someone registered for every upcoming date, and every date added later (series.services.add_dates)."""

    __table_args__ = (UniqueConstraint("series_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("event_series.id", ondelete="CASCADE"), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(10), default="de")
    consent_version: Mapped[int | None] = mapped_column(Integer)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Only the SHA-256 of the unsubscribe token; the token exists only in the mailed link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)

    series: Mapped[EventSeries] = relationship()
