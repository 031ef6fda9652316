from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.columns import Timestamps, UTCDateTime
from ..common.timing import utcnow
from ..extensions import db
from ..networks.models import Network
from ..organisations.models import Organisation


class Person(Timestamps, db.Model):
    """Someone who takes part in a network's events; the same record across many events.

    People belong to one network: each programme office is its own data controller (DSGVO).
    """


    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    function: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    # Free keywords of the programme office ("Steuerungsgruppe", "Referent:in"): invitations select by them.
    tags: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # The personal calendar feed's secret: only its SHA-256 is stored; issued on request, reissuing revokes.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Moves with every change of this person's registrations (netzwerk.calendar.freshness).
    calendar_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, server_default=func.now())

    network: Mapped[Network] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def __repr__(self) -> str:
        return f"<Person {self.full_name}>"
