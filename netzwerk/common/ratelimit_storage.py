"""Rate-limit counters in the app's own database, for Flask-Limiter without Redis (`database://`).

Flask-Limiter's `memory://` counts in each process, so `gunicorn -w 4` lets four times the limit through.
The database is what every app process (and every server) already shares: each counter is one row, raised
by one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, on PostgreSQL and SQLite alike), in its
own short transaction beside the request's. It implements the `limits` fixed-window strategy, Flask-Limiter's
default; with REDIS_URL the counters go to Redis instead (config.ratelimit_storage_uri).
"""
import hashlib
import time

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, case, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .dialects import dialect_insert

KEY_LENGTH = 255
PURGE_EVERY_SECONDS = 60


class RateLimitCounter(db.Model):
    """One fixed window of one rate limit (limit, endpoint and client address are in the key)."""

    key: Mapped[str] = mapped_column(String(KEY_LENGTH), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch, as `limits` counts time


def _stored_key(key: str) -> str:
    return key if len(key) <= KEY_LENGTH else hashlib.sha256(key.encode()).hexdigest()


class DatabaseStorage(Storage):
    """`limits` storage on the current app's database engine (a request always has one)."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._purged_at = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        table = RateLimitCounter.__table__
        now = time.time()
        with db.engine.begin() as connection:
            insert = dialect_insert(connection.dialect, table).values(
                key=_stored_key(key), count=amount, expires_at=now + expiry)
            expired = table.c.expires_at <= now
            statement = insert.on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "count": case((expired, amount), else_=table.c.count + amount),
                    "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
                },
            ).returning(table.c.count)
            count = connection.execute(statement).scalar_one()
            if now - self._purged_at > PURGE_EVERY_SECONDS:
                self._purged_at = now
                connection.execute(delete(table).where(table.c.expires_at <= now))
        return count

    def get(self, key: str) -> int:
        table = RateLimitCounter.__table__
        with db.engine.connect() as connection:
            count = connection.scalar(select(table.c.count).where(
                table.c.key == _stored_key(key), table.c.expires_at > time.time()))
        return count or 0

    def get_expiry(self, key: str) -> float:
        table = RateLimitCounter.__table__
        with db.engine.connect() as connection:
            expires_at = connection.scalar(select(table.c.expires_at).where(table.c.key == _stored_key(key)))
        return expires_at or time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.scalar(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter.__table__)).rowcount

    def clear(self, key: str) -> None:
        table = RateLimitCounter.__table__
        with db.engine.begin() as connection:
            connection.execute(delete(table).where(table.c.key == _stored_key(key)))
