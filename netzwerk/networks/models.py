from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ..common.columns import Timestamps, UTCDateTime
from ..common.timing import utcnow
from ..common.translations import Translatable
from ..extensions import db


class Network(Timestamps, Translatable, db.Model):
    """A learning network: a programme with member Kommunen and their partners; `translations` holds the privacy
    text in other languages."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    # Shown beside the consent checkbox; the version rises with every change and is stored with each consent.
    privacy_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    privacy_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Printed on badges; PNG or SVG, checked and size-limited on upload (networks.logo).
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # The signature on certificates of attendance (Teilnahmebescheinigung); checked like the logo.
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    signature_type: Mapped[str] = mapped_column(String(20), default="", server_default="")
    signatory: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Moves with every change its calendar feed shows (netzwerk.calendar.freshness): the feed's validator.
    calendar_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, server_default=func.now())

    def __repr__(self) -> str:
        return f"<Network {self.slug}>"
