"""What features keep about a person besides registrations (invitations, mailings received, subscriptions).

Privacy (the DSGVO export, erasure and purge) cannot import those features (some of them sit above it): each
registers its records here in its init_app, and privacy reaches them all. The callables take a people.Person."""
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class PersonalRecords:
    key: str  # the records' name in the export
    label: LazyString  # how the erasure page names them
    export: Callable[..., list[dict]]  # person -> records as plain JSON-ready data
    erase: Callable[..., object]  # person -> None  # deletes them, or strips what names the person where counts must stay
    # Strips the traces of registrations being anonymised (erasure and purge), when the records point at them.
    forget_registrations: Callable[[list[int]], object] | None = None
    # Strips what concerns events past their retention period (the daily purge), when the records belong to events.
    forget_events: Callable[[list[int]], object] | None = None


def iso(moment) -> str | None:
    """A moment as the export writes it (ISO 8601), None when there is none."""
    return moment.isoformat() if moment else None


_sources: dict[str, PersonalRecords] = {}


def add_personal_records(records: PersonalRecords) -> None:
    _sources[records.key] = records


def personal_records() -> list[PersonalRecords]:
    return list(_sources.values())
