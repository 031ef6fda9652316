"""The registration counts of events that are over, cached under a version that the database gives.

Once an event is over its counts change only through corrections, late check-ins and erasure. Every one of them
writes a registration row, which moves its `updated_at` (or, for a deletion, the number of rows), so the version
(the events, their registrations' number and newest `updated_at`) is read in one statement, and the counts are
cached under it: in Redis when configured, else in each process; each process derives the same key from the
database, so no cache is ever told about a change and every app server stays stateless.
"""
import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import func, select

from ..common.timing import utcnow
from ..extensions import cache, db
from ..registrations.models import Registration

Counted = TypeVar("Counted")
CACHE_TIMEOUT = 10 * 60  # a new version is a new key; old entries only wait to expire
# A transaction that wrote earlier may commit after a later one, with an older `updated_at` than the newest seen:
# counts whose newest change is this young are counted afresh and not kept.
SETTLING = timedelta(minutes=1)


def registrations_version(event_ids: list[int]) -> str | None:
    """A key that changes with any registration of these events; None for no events, or while a change may still
    be settling."""
    if not event_ids:
        return None
    number, newest = db.session.connection().execute(
        select(func.count(), func.max(Registration.updated_at)).where(Registration.event_id.in_(event_ids))).one()
    if newest is not None and newest > utcnow() - SETTLING:
        return None
    return hashlib.sha256(repr((sorted(event_ids), number, newest)).encode()).hexdigest()[:32]


def cached(version: str | None, name: str, build: Callable[[], Counted]) -> Counted:
    """build(), from the cache while the version holds; built afresh every time without one."""
    if version is None:
        return build()
    key = f"dashboard:{name}:{version}"
    counted = cache.get(key)
    if counted is None:
        counted = build()
        cache.set(key, counted, timeout=CACHE_TIMEOUT)
    return counted
