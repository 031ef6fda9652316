"""Cloning an event: its set-up moved to a new date, none of its people.

Copied: the event's own settings (texts and translations, place, capacity, registration, badge and print settings),
the agenda, the registration questions, the table set-up (rounds and tables, without hosts or seats), and for a
Migrationsmesse its settings, booth types and booths (all free, without Aussteller). Not copied: registrations,
invitations, check-ins, plans, print jobs. Every time moves by the same wall-clock offset in Europe/Berlin, so a
10:00 start stays 10:00 across a change to or from summer time. The clone starts as a draft."""
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from ..common.timing import BERLIN, local
from ..extensions import db
from .models import AgendaItem, Event, EventStatus, agenda_speaker, new_uid

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
    return clone


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


def _insert_copies(model, rows: list[dict]) -> list[int]:
    """Inserts the rows in one statement and returns their new ids in the same order (ids rise with insertion)."""
    if not rows:
        return []
    db.session.execute(insert(model), rows)
    event_ids = {row["event_id"] for row in rows}
    ids = db.session.scalars(select(model.id).where(model.event_id.in_(event_ids)).order_by(model.id)).all()
    return ids[-len(rows):]


def _copy_agenda(event: Event, clone: Event, shift: _Shift) -> dict[int, int]:
    """The agenda with its speakers; returns old item id -> new item id."""
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id).options(selectinload(AgendaItem.speakers))
        .order_by(AgendaItem.id)
    ).all()
    new_ids = _insert_copies(AgendaItem, [
        _copied_columns(item, {"id", "created_at", "updated_at"}, shift, event_id=clone.id, uid=new_uid())
        for item in items
    ])
    speakers = [{"agenda_item_id": new_id, "person_id": person.id}
                for item, new_id in zip(items, new_ids, strict=True) for person in item.speakers]
    if speakers:
        db.session.execute(insert(agenda_speaker), speakers)
    return {item.id: new_id for item, new_id in zip(items, new_ids, strict=True)}


def _copy_questions(event: Event, clone: Event) -> None:
    from ..registrations.models import Question

    questions = db.session.scalars(select(Question).where(Question.event_id == event.id).order_by(Question.id))
    _insert_copies(Question, [_copied_columns(question, {"id"}, event_id=clone.id) for question in questions])


def _copy_tables(event: Event, clone: Event, items: dict[int, int]) -> None:
    """Rounds and tables with their topics; no hosts (they are registrations), no seats, no plan."""
    from ..tables.models import GroupTable, TableRound

    rounds = db.session.scalars(select(TableRound).where(TableRound.event_id == event.id).order_by(TableRound.id)).all()
    new_ids = _insert_copies(TableRound, [
        _copied_columns(table_round, {"id"}, event_id=clone.id, locked=False,
                        agenda_item_id=items.get(table_round.agenda_item_id))
        for table_round in rounds
    ])
    new_round = {str(old.id): str(new_id) for old, new_id in zip(rounds, new_ids, strict=True)}
    tables = db.session.scalars(select(GroupTable).where(GroupTable.event_id == event.id).order_by(GroupTable.id))
    _insert_copies(GroupTable, [
        _copied_columns(table, {"id"}, event_id=clone.id, host_registration_id=None,
                        topics={new_round[key]: topic for key, topic in (table.topics or {}).items() if key in new_round})
        for table in tables
    ])


def _copy_fair(event: Event, clone: Event, shift: _Shift) -> None:
    """A Messe's settings, booth types and booths (free unless blocked); no Aussteller, no interview schedule."""
    from ..fair.models import Booth, BoothStatus, BoothType, Fair

    fair = db.session.scalar(select(Fair).where(Fair.event_id == event.id))
    if fair is not None:
        db.session.add(Fair(**_copied_columns(
            fair, {"id", "created_at", "updated_at"}, shift, event_id=clone.id, scheduled_at=None, schedule_metrics={},
        )))
    types = db.session.scalars(select(BoothType).where(BoothType.event_id == event.id).order_by(BoothType.id)).all()
    new_ids = _insert_copies(BoothType, [_copied_columns(kind, {"id"}, event_id=clone.id) for kind in types])
    new_type = {old.id: new_id for old, new_id in zip(types, new_ids, strict=True)}
    booths = db.session.scalars(select(Booth).where(Booth.event_id == event.id).order_by(Booth.id))
    _insert_copies(Booth, [
        _copied_columns(booth, {"id"}, event_id=clone.id, booth_type_id=new_type.get(booth.booth_type_id),
                        status=BoothStatus.BLOCKED if booth.status == BoothStatus.BLOCKED else BoothStatus.FREE)
        for booth in booths
    ])
