"""What differs between PostgreSQL and SQLite: the SQLite connection settings SQLAlchemy cannot express in the
URL, an INSERT that can upsert on both, and names in the order people expect."""
import sqlite3
import unicodedata
from functools import lru_cache

from sqlalchemy import Table, event, func, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.sql.elements import ColumnElement

_configured = False

# Names sort by their letters whatever their case and accents ("adams", "Böhm", "Brandt", "Çelik", "Zimmer"): a
# collation chosen in the query, so the database sorts before it limits. SQLite gets it from Python on every
# connection; PostgreSQL has it from ICU (Unicode's root order) when built with ICU, as the usual packages are.
SQLITE_NAME_COLLATION = "netzwerk_names"
POSTGRES_NAME_COLLATION = "und-x-icu"
_postgres_collations: dict[str, bool] = {}
# SQLite's own lower() knows only A–Z ("Öztürk", "Шевченко" keep their capital): searches use Python's.
SQLITE_LOWER = "netzwerk_lower"


def dialect_insert(dialect: Dialect, table: Table):
    """An INSERT that offers .on_conflict_do_update() (an atomic upsert) on PostgreSQL and SQLite alike."""
    return (postgresql if dialect.name == "postgresql" else sqlite).insert(table)


def configure_sqlite_pragmas() -> None:
    """Foreign keys on (SQLite leaves them off), WAL so readers never wait for the writer."""
    global _configured
    if _configured:
        return
    _configured = True

    @event.listens_for(Engine, "connect")
    def _on_connect(dbapi_connection, _record):
        if isinstance(dbapi_connection, sqlite3.Connection):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL syncs at checkpoints instead of every commit (SQLite's recommendation): a crash of
            # the app loses nothing, a power cut at most the latest commits. The mail sender commits each claim and
            # each sent mail; with a sync per commit it waited on the disk more than on SMTP.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")  # writers queue for the lock rather than fail
            cursor.close()
            dbapi_connection.create_collation(SQLITE_NAME_COLLATION, compare_names)
            dbapi_connection.create_function(SQLITE_LOWER, 1, _lower, deterministic=True)


@lru_cache(maxsize=4096)
def name_key(name: str) -> tuple[str, str]:
    """Letters without accents, case folded ("Böhm" -> "bohm", "Straße" -> "strasse"); the name itself decides
    between names equal so, for a stable order."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return letters.casefold(), name or ""


def compare_names(left: str, right: str) -> int:
    left_key, right_key = name_key(left), name_key(right)
    return (left_key > right_key) - (left_key < right_key)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def lowered(column, connection: Connection) -> ColumnElement:
    """lower(column) for every alphabet, as Python's str.lower() lowers what is searched for."""
    return getattr(func, SQLITE_LOWER)(column) if connection.dialect.name == "sqlite" else func.lower(column)


def in_name_order(column, connection: Connection) -> ColumnElement:
    """The column for ORDER BY, sorting names as people expect (see SQLITE_NAME_COLLATION); without ICU on
    PostgreSQL at least case-insensitive."""
    if connection.dialect.name == "sqlite":
        return column.collate(SQLITE_NAME_COLLATION)
    url = str(connection.engine.url)
    if url not in _postgres_collations:
        _postgres_collations[url] = connection.scalar(
            text("SELECT count(*) FROM pg_collation WHERE collname = :name"), {"name": POSTGRES_NAME_COLLATION}) > 0
    return column.collate(POSTGRES_NAME_COLLATION) if _postgres_collations[url] else func.lower(column)
