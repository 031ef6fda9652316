"""What differs between PostgreSQL and SQLite: the SQLite connection settings SQLAlchemy cannot express in the
URL, and an INSERT that can upsert on both."""
import sqlite3

from sqlalchemy import Table, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect, Engine

_configured = False


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
