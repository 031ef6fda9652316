"""Table groups of an event: rounds, tables with hosts and topics, the plan and its seats."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.columns import Timestamps, UTCDateTime
from ..events.models import AgendaItem, Event
from ..extensions import db
from ..registrations.models import Registration


class TableRound(db.Model):
    """One exchange round (Tischgruppen-Runde), usually one agenda item of kind Tischgruppen."""

    __table_args__ = (UniqueConstraint("event_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0, 1, 2, ... in the order of the day
    label: Mapped[str] = mapped_column(String(100))
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    # A locked round keeps its seats when the plan is solved again.
    locked: Mapped[bool] = mapped_column(Boolean, default=False)

    event: Mapped[Event] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()


class GroupTable(db.Model):
    """A table (Tisch) with its seats, an optional host who stays all rounds, and a topic per round."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    capacity: Mapped[int] = mapped_column(Integer)
    host_registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="SET NULL"))
    topics: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # round id (as text) -> topic

    host: Mapped[Registration | None] = relationship()

    def topic(self, round_id: int) -> str:
        return (self.topics or {}).get(str(round_id), "")


class TablePlan(Timestamps, db.Model):
    """The event's seating: how it was solved, how good it is, and whether participants see it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    # Who takes part: every confirmed registration, or only those checked in.
    participants: Mapped[str] = mapped_column(String(20), default="confirmed")
    seed: Mapped[int] = mapped_column(Integer, default=0)
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)
    lower_bounds: Mapped[dict] = mapped_column(JSON, default=dict)
    upper_bounds: Mapped[dict] = mapped_column(JSON, default=dict)
    bound_notes: Mapped[dict] = mapped_column(JSON, default=dict)
    moved: Mapped[int | None] = mapped_column(Integer)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()


class Seat(db.Model):
    """A registration at a table in a round."""

    __table_args__ = (UniqueConstraint("round_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("table_round.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("group_table.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)

    round: Mapped[TableRound] = relationship()
    table: Mapped[GroupTable] = relationship()
    registration: Mapped[Registration] = relationship()
