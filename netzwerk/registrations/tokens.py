"""Secret self-service tokens (256 random bits; only their SHA-256 is stored) and check-in codes."""
import secrets

from ..common.secret_links import row_by_token
from ..common.tokens import hash_token
from .models import Registration

CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are also typed by hand


def issue_token(registration: Registration) -> str:
    """A fresh token for the registration; the previous link stops working."""
    token = secrets.token_urlsafe(32)
    registration.token_hash = hash_token(token)
    return token


def find_by_token(token: str) -> Registration | None:
    """The registration the token belongs to, or None; the stored hash is compared in constant time."""
    return row_by_token(Registration, token)


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(10))
