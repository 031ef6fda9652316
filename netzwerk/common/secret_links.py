"""Finding the row a secret link belongs to: only the SHA-256 of a token is stored, and the stored hash is compared
in constant time, so neither the database nor the timing of the answer gives a token away."""
import hmac

from sqlalchemy import select

from ..extensions import db
from .tokens import hash_token

MAX_TOKEN_LENGTH = 100  # longer is never one of ours: refused before hashing


def row_by_token(model, token: str, *, column: str = "token_hash", options=()):
    """The row of `model` whose `column` holds the token's hash, or None (also for an empty or oversized token)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    wanted = hash_token(token)
    row = db.session.scalar(select(model).where(getattr(model, column) == wanted).options(*options))
    if row is None or not hmac.compare_digest(getattr(row, column), wanted):
        return None
    return row
