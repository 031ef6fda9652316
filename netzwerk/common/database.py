"""Engine settings that SQLAlchemy cannot express in the URL."""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

_configured = False


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
            cursor.execute("PRAGMA busy_timeout=30000")  # writers queue for the lock rather than fail
            cursor.close()
