"""Secret self-service tokens (256 random bits; only their SHA-256 is stored) and check-in codes."""
import hmac
import secrets

from sqlalchemy import select

from ..common.tokens import hash_token
from ..extensions import db
from .models import Registration

CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are also typed by hand


def issue_token(registration: Registration) -> str:
    """A fresh token for the registration; the previous link stops working."""
    token = secrets.token_urlsafe(32)
    registration.token_hash = hash_token(token)
    return token


def find_by_token(token: str) -> Registration | None:
    """The registration the token belongs to, or None; the stored hash is compared in constant time."""
    if not token or len(token) > 100:
        return None
    wanted = hash_token(token)
    registration = db.session.scalar(select(Registration).where(Registration.token_hash == wanted))
    if registration is None or not hmac.compare_digest(registration.token_hash, wanted):
        return None
    return registration


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(10))
