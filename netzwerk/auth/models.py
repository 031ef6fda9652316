from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps, UTCDateTime
from ..common.timing import utcnow
from ..extensions import db
from ..networks.models import Network


def password_hasher() -> PasswordHasher:
    """The app's argon2 hasher, with the parameters its config names (PASSWORD_HASHING), built once per app."""
    hasher = current_app.extensions.get("netzwerk.password_hasher")
    if hasher is None:
        hasher = PasswordHasher.from_parameters(current_app.config["PASSWORD_HASHING"])
        current_app.extensions["netzwerk.password_hasher"] = hasher
    return hasher

network_manager = Table(
    "network_manager",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("network_id", ForeignKey("network.id"), primary_key=True),
)


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administration")
    COORDINATOR = "coordinator", _l("Koordination")
    CHECKIN = "checkin", _l("Check-in")


class User(UserMixin, Timestamps, db.Model):
    """A coordinator account; admins see every network, coordinators the ones they manage."""

    __table_args__ = (one_of("role", Role),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.COORDINATOR)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    networks: Mapped[list[Network]] = relationship(secondary=network_manager, order_by=Network.name)

    # The login this request belongs to (not a column): set at login and when the session cookie is read.
    login_token = None

    def get_id(self) -> str:
        """Flask-Login's alternative id: user and login, so a cookie outlives neither logout nor revocation."""
        return f"{self.id}:{self.login_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def set_password(self, password: str) -> None:
        self.password_hash = password_hasher().hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return password_hasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginSession(db.Model):
    """One login of a user in one browser. Its cookies name it; without its row they open nothing."""

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token in the cookie
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginThrottle(db.Model):
    """Failed logins per e-mail address (keyed by an HMAC, so typed addresses are not stored), and its lock."""

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
