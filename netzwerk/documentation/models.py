"""An event's documentation: materials (files and film links) and the notes of each table group."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps
from ..events.models import Event
from ..extensions import db
from ..tables.models import GroupTable


class Visibility(LabelledEnum):
    PUBLIC = "public", _l("Öffentlich im Archiv")
    PARTICIPANTS = "participants", _l("Nur für Teilnehmende (über ihren persönlichen Link)")


class MaterialKind(LabelledEnum):
    FILE = "file"
    LINK = "link"


class Material(Timestamps, db.Model):
    """Slides, a PDF, an image (re-encoded on upload) or a link to a film; public or for participants only."""

    __table_args__ = (one_of("kind", MaterialKind), one_of("visibility", Visibility))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    visibility: Mapped[str] = mapped_column(String(20), default=Visibility.PUBLIC)
    url: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    media_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    event: Mapped[Event] = relationship()


class TableNote(Timestamps, db.Model):
    """What a table group found (Highlights, Lernerfahrungen, gute Geschichten), written by its host through a
    private link (only its SHA-256 is stored) or by the coordinator."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("group_table.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    table: Mapped[GroupTable] = relationship()
    event: Mapped[Event] = relationship()
