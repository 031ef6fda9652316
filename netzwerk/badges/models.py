"""Background print jobs: large badge batches render in a worker, the page shows their progress."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..events.models import Event
from ..extensions import db


class PrintJobStatus(LabelledEnum):
    QUEUED = "queued", _l("Wartet")
    RUNNING = "running", _l("Wird erstellt")
    DONE = "done", _l("Fertig")
    FAILED = "failed", _l("Fehlgeschlagen")


class PrintJob(Timestamps, db.Model):
    """A batch of badges asked for by a coordinator; the worker fills in progress and, at the end, the PDF."""

    __table_args__ = (one_of("status", PrintJobStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default=PrintJobStatus.QUEUED, index=True)
    # What to print: registration ids in print order, layout and options, as the form gave them.
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    locale: Mapped[str] = mapped_column(String(10), default="de")
    filename: Mapped[str] = mapped_column(String(200), default="")
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    error: Mapped[str] = mapped_column(Text, default="")
    # How often a worker took the job: one that died while rendering leaves it running, and it is taken again.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()

    @property
    def percent(self) -> int:
        return 100 if self.status == PrintJobStatus.DONE else int(100 * self.done / self.total) if self.total else 0
