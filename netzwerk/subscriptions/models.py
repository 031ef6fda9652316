"""Subscriptions to a network's announcements: one per network and address, with the consent given."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..extensions import db
from ..kommunen.models import Kommune
from ..networks.models import Network
from ..organisations.models import OrganisationType
from ..people.models import Person


class SubscriptionState(LabelledEnum):
    """pending (mail with the link sent) -> confirmed (link clicked) -> unsubscribed (one click in any mail)."""

    PENDING = "pending", _l("Unbestätigt")
    CONFIRMED = "confirmed", _l("Bestätigt")
    UNSUBSCRIBED = "unsubscribed", _l("Abgemeldet")


class Subscription(Timestamps, db.Model):
    """Someone who asked to hear of the network's events. Pending ones expire; a confirmed one is linked to a
    Person of the network (made or found by the confirmed address)."""

    __table_args__ = (UniqueConstraint("network_id", "email"), one_of("state", SubscriptionState),
                      one_of("organisation_type", OrganisationType, blank=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))  # stripped and lower case
    locale: Mapped[str] = mapped_column(String(10), default="de")
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommune.id", ondelete="SET NULL"))
    organisation_type: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(20), default=SubscriptionState.PENDING, index=True)
    # The consent as the visitor read it (in their language) and the version of its German original.
    consent_text: Mapped[str] = mapped_column(Text)
    consent_version: Mapped[str] = mapped_column(String(20))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The personal link's secret (confirm, later unsubscribe): only its SHA-256 is stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # of a pending one
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    # The Person was made by confirming (not found): erasing the subscription erases it too.
    person_created: Mapped[bool] = mapped_column(Boolean, default=False)

    network: Mapped[Network] = relationship()
    kommune: Mapped[Kommune | None] = relationship()
    person: Mapped[Person | None] = relationship()

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()
