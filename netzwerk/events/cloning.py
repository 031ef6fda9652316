"""Cloning an event: its set-up moved to a new date, none of its people.

Copied: the event's own settings (texts and translations, place, capacity, registration, badge and print settings),
the agenda, the registration questions, the table set-up (rounds and tables, without hosts or seats), and for a
Migrationsmesse its settings, booth types and booths (all free, without Aussteller), and whatever features registered
with `when_cloned` copy (mailings: the reminder rules, which count from the event and so move with it). Not copied:
registrations,
invitations, check-ins, plans, print jobs. Every time moves by the same wall-clock offset in Europe/Berlin, so a
10:00 start stays 10:00 across a change to or from summer time. The clone starts as a draft."""
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import selectinload

from ..common.timing import BERLIN, local
from ..extensions import db
from .models import AgendaItem, Event, EventStatus, agenda_speaker, new_uid

# The rows of higher features (questions, table groups, the Messe) are copied through their tables by name, so that
# events imports none of those features (tests/test_layout.py: dependencies point one way).
FREE_BOOTH, BLOCKED_BOOTH = "free", "blocked"  # fair.models.BoothStatus
# What other features copy of an event, registered in their init_app (events imports none of them): action(event, clone)
# after the clone and its own rows are flushed.
_when_cloned: list[Callable[[Event, Event], object]] = []
# Event columns that are the event's identity or history, never its set-up.
_NOT_COPIED = {"id", "uid", "sequence", "status", "created_at", "updated_at", "series_id"}


def clone_event(event: Event, starts_at: datetime, title: str, *, user=None) -> Event:
    """A draft copy of `event` beginning at `starts_at` (aware); flushed, not committed."""
    shift = _Shift(event.starts_at, starts_at)
    clone = Event(**_copied_columns(event, _NOT_COPIED, shift, status=EventStatus.DRAFT, title=title))
    db.session.add(clone)
    items = _copy_agenda(event, clone, shift)
    db.session.flush()
    _copy_questions(event, clone)
    _copy_tables(event, clone, items)
    _copy_fair(event, clone, shift)
    db.session.flush()
    for action in _when_cloned:
        action(event, clone)
    db.session.flush()
    return clone


def when_cloned(action: Callable[[Event, Event], object]) -> None:
    if action not in _when_cloned:
        _when_cloned.append(action)


class _Shift:
    """Moves instants by the wall-clock difference between two starts."""

    def __init__(self, old_start: datetime, new_start: datetime):
        self.delta = _wall(new_start) - _wall(old_start)

    def __call__(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        return (_wall(moment) + self.delta).replace(tzinfo=BERLIN)


def _wall(moment: datetime) -> datetime:
    return local(moment).replace(tzinfo=None)


def _copied_columns(row, skip: set[str], shift: _Shift | None = None, **replace) -> dict:
    values = {}
    for column in row.__table__.columns:
        if column.key in skip or column.key in replace:
            continue
        value = getattr(row, column.key)
        if shift is not None and isinstance(value, datetime):
            value = shift(value)
        elif isinstance(value, (dict, list)):
            value = _deep_copy(value)
        values[column.key] = value
    return {**values, **replace}


def _deep_copy(value):
    if isinstance(value, dict):
        return {key: _deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy(item) for item in value]
    return value


def _copy_agenda(event: Event, clone: Event, shift: _Shift) -> dict[int, int]:
    """The agenda with its speakers; returns old item id -> new item id."""
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id).options(selectinload(AgendaItem.speakers))
        .order_by(AgendaItem.id)
    ).all()
    new_ids = _insert_rows(AgendaItem.__table__, [
        _copied_columns(item, {"id", "created_at", "updated_at"}, shift, event_id=clone.id, uid=new_uid())
        for item in items
    ])
    speakers = [{"agenda_item_id": new_id, "person_id": person.id}
                for item, new_id in zip(items, new_ids, strict=True) for person in item.speakers]
    if speakers:
        db.session.execute(insert(agenda_speaker), speakers)
    return {item.id: new_id for item, new_id in zip(items, new_ids, strict=True)}


def _rows(table_name: str, event_id: int) -> tuple[Table, list[dict]]:
    table = db.metadata.tables[table_name]
    rows = db.session.execute(select(table).where(table.c.event_id == event_id).order_by(table.c.id)).mappings().all()
    return table, [dict(row) for row in rows]


def _insert_rows(table: Table, rows: list[dict]) -> list[int]:
    """Inserts the rows in one statement and returns their new ids in the same order (ids rise with insertion)."""
    if not rows:
        return []
    db.session.execute(insert(table), rows)
    event_ids = {row["event_id"] for row in rows}
    ids = db.session.scalars(select(table.c.id).where(table.c.event_id.in_(event_ids)).order_by(table.c.id)).all()
    return ids[-len(rows):]


def _copies(rows: list[dict], clone: Event, shift: _Shift | None = None, **replace) -> list[dict]:
    copied = []
    for row in rows:
        values = {key: (shift(value) if shift is not None and isinstance(value, datetime) else _deep_copy(value))
                  for key, value in row.items() if key not in ("id", "created_at", "updated_at")}
        copied.append({**values, "event_id": clone.id, **{key: make(row) for key, make in replace.items()}})
    return copied


def _copy_questions(event: Event, clone: Event) -> None:
    table, rows = _rows("question", event.id)
    _insert_rows(table, _copies(rows, clone))


def _copy_tables(event: Event, clone: Event, items: dict[int, int]) -> None:
    """Rounds and tables with their topics; no hosts (they are registrations), no seats, no plan."""
    rounds_table, rounds = _rows("table_round", event.id)
    new_ids = _insert_rows(rounds_table, _copies(rounds, clone, locked=lambda row: False,
                                                 agenda_item_id=lambda row: items.get(row["agenda_item_id"])))
    new_round = {str(old["id"]): str(new_id) for old, new_id in zip(rounds, new_ids, strict=True)}
    tables_table, tables = _rows("group_table", event.id)
    _insert_rows(tables_table, _copies(
        tables, clone, host_registration_id=lambda row: None,
        topics=lambda row: {new_round[key]: topic for key, topic in (row["topics"] or {}).items() if key in new_round},
    ))


def _copy_fair(event: Event, clone: Event, shift: _Shift) -> None:
    """A Messe's settings, booth types and booths (free unless blocked); no Aussteller, no interview schedule."""
    fair_table, fairs = _rows("fair", event.id)
    _insert_rows(fair_table, _copies(fairs, clone, shift, scheduled_at=lambda row: None,
                                     schedule_metrics=lambda row: {}))
    types_table, types = _rows("booth_type", event.id)
    new_ids = _insert_rows(types_table, _copies(types, clone))
    new_type = {old["id"]: new_id for old, new_id in zip(types, new_ids, strict=True)}
    booths_table, booths = _rows("booth", event.id)
    _insert_rows(booths_table, _copies(
        booths, clone, booth_type_id=lambda row: new_type.get(row["booth_type_id"]),
        status=lambda row: BLOCKED_BOOTH if row["status"] == BLOCKED_BOOTH else FREE_BOOTH,
    ))
