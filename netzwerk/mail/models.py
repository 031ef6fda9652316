from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..common.timing import utcnow
from ..extensions import db


class OutboxStatus(LabelledEnum):
    """pending -> sending (claimed by one sender) -> sent, or back to pending for a retry, or failed at last."""

    PENDING = "pending", _l("Wartet auf Versand")
    SENDING = "sending", _l("Wird gerade versendet")
    SENT = "sent", _l("Versendet")
    FAILED = "failed", _l("Fehlgeschlagen")


class OutboxMail(Timestamps, db.Model):
    """A mail written in the same transaction as the change it reports; a sender delivers it after commit."""

    __table_args__ = (one_of("status", OutboxStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    # The network of a mail written for no registration (invitations): its coordinators see it in the Postausgang.
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # Bodies hold links.LINK_PLACEHOLDER where a personal (secret) link goes; the link itself is only in
    # secret_link, encrypted, and blanked once the mail is sent or has finally failed.
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    secret_link: Mapped[str] = mapped_column(Text, default="", server_default="")
    ics: Mapped[str] = mapped_column(Text, default="")  # calendar invitation attached as text/calendar
    ics_method: Mapped[str] = mapped_column(String(10), default="")  # REQUEST or CANCEL
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.PENDING, index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(100))  # the sender that took it (host:pid:random)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
