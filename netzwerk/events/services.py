"""Events and their agenda. Services flush; the request commits once."""
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, select

from ..common.access import only_managed
from ..common.timing import all_day_bounds, from_local_input, last_day, local, to_instant
from ..common.translations import translation_form_data, translations_from
from ..extensions import db
from ..networks import services as network_pages
from ..people.models import Person
from .models import AgendaItem, Event, EventFormat

TRANSLATED = ("title", "description")  # the texts given in several languages (the forms' translation fields)

# A change to any of these must reach calendars: iCal clients only take updates with a higher SEQUENCE.
SEQUENCED = ("title", "starts_at", "ends_at", "all_day", "venue_name", "venue_address", "status", "format",
             "online_url", "online_dial_in")

# What other features do when an event changes, registered in their init_app (events imports none of them):
# registrations move people up when places are added; mail tells registrants of a new date, place or a cancel.
_when_places_added: list[Callable[[Event], object]] = []
_when_rescheduled: list[Callable[[Event, frozenset[str]], object]] = []
_when_format_changed: list[Callable[[Event], object]] = []


def when_places_added(action: Callable[[Event], object]) -> None:
    if action not in _when_places_added:
        _when_places_added.append(action)


def when_rescheduled(action: Callable[[Event, frozenset[str]], object]) -> None:
    """`action(event, changed)`: `changed` names the SEQUENCED fields that changed."""
    if action not in _when_rescheduled:
        _when_rescheduled.append(action)


def when_format_changed(action: Callable[[Event], object]) -> None:
    if action not in _when_format_changed:
        _when_format_changed.append(action)


def save_event(event: Event | None, data: dict) -> Event:
    if event is None:
        event = Event()
        db.session.add(event)
    before = {name: getattr(event, name) for name in SEQUENCED}
    places_before = (event.capacity, event.online_capacity)
    first, last = data["start_date"], data.get("end_date") or data["start_date"]
    event.all_day = data.get("start_time") is None
    if event.all_day:
        event.starts_at, event.ends_at = all_day_bounds(first, last)
    else:
        event.starts_at, event.ends_at = to_instant(first, data["start_time"]), to_instant(last, data["end_time"])
    for name in ("network_id", "kind", "status"):
        setattr(event, name, data[name])
    for name in ("title", "description", "venue_name", "venue_address"):
        setattr(event, name, (data.get(name) or "").strip())
    event.translations = translations_from(data, TRANSLATED)
    event.latitude = float(data["latitude"]) if data.get("latitude") is not None else None
    event.longitude = float(data["longitude"]) if data.get("longitude") is not None else None
    event.format = data.get("format") or EventFormat.ONSITE
    event.online_url = (data.get("online_url") or "").strip() if event.format != EventFormat.ONSITE else ""
    event.online_dial_in = (data.get("online_dial_in") or "").strip() if event.format != EventFormat.ONSITE else ""
    # Places only of the modes the event offers: an online meeting has no seats, an on-site one no online places.
    event.capacity = data.get("capacity") if "onsite" in event.modes else None
    event.online_capacity = data.get("online_capacity") if "online" in event.modes else None
    event.registration_opens_at = from_local_input(data.get("registration_opens_at"))
    event.registration_closes_at = from_local_input(data.get("registration_closes_at"))
    existed = event.id is not None
    if existed and before["format"] != event.format:
        db.session.flush()
        for action in _when_format_changed:  # registrations follow first, so the change mail shows the room
            action(event)
    changed = frozenset(name for name in SEQUENCED if before[name] != getattr(event, name))
    if existed and changed:
        _changed_for_calendars(event, changed)
    db.session.flush()
    if existed and any(_more_places(old, new) for old, new in
                       zip(places_before, (event.capacity, event.online_capacity), strict=True)):
        for action in _when_places_added:
            action(event)
    return event


def _more_places(before: int | None, after: int | None) -> bool:
    """A limit raised or lifted (None: unlimited)."""
    if after is None:
        return before is not None
    return before is not None and after > before


def _changed_for_calendars(event: Event, changed: frozenset[str]) -> None:
    """A higher SEQUENCE, and the registered actions told (mail: the updated invitation to those registered)."""
    event.sequence = (event.sequence or 0) + 1
    db.session.flush()
    for action in _when_rescheduled:
        action(event, changed)


def event_form_data(event: Event) -> dict:
    """The form's view of a stored event: Berlin dates and times, no times for all-day events."""
    start = local(event.starts_at)
    data = {
        "start_date": start.date(),
        "end_date": last_day(event.ends_at, event.all_day),
        "start_time": None if event.all_day else start.time(),
        "end_time": None if event.all_day else local(event.ends_at).time(),
        "registration_opens_at": event.registration_opens_at and local(event.registration_opens_at).replace(tzinfo=None),
        "registration_closes_at": event.registration_closes_at and local(event.registration_closes_at).replace(tzinfo=None),
        **translation_form_data(event, TRANSLATED),
    }
    return data


def set_status(event: Event, status: str) -> None:
    if event.status != status:
        event.status = status
        _changed_for_calendars(event, frozenset({"status"}))
    db.session.flush()


def event_days(event: Event) -> list[date]:
    first, last = local(event.starts_at).date(), last_day(event.ends_at, event.all_day)
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def save_agenda_item(event: Event, item: AgendaItem | None, data: dict) -> AgendaItem:
    if item is None:
        item = AgendaItem(event=event)
        db.session.add(item)
    day = date.fromisoformat(data["day"])
    item.starts_at = to_instant(day, data["start_time"])
    item.ends_at = to_instant(day, data["end_time"]) if data.get("end_time") else None
    item.kind = data["kind"]
    for name in ("title", "speaker_text", "room", "description", "online_url", "online_dial_in"):
        setattr(item, name, (data.get(name) or "").strip())
    item.translations = translations_from(data, TRANSLATED)
    item.speakers = list(db.session.scalars(
        select(Person).where(Person.id.in_(data.get("speakers") or []), Person.network_id == event.network_id)
    ))
    db.session.flush()
    return item


def show_on_network_pages() -> None:
    network_pages.count_on_network_list("events", Event)
    network_pages.list_events_with(upcoming=upcoming_events, of_network=network_events)


def upcoming_events(user) -> list[Event]:
    """The next ten events of the networks the user manages (the dashboard)."""
    return db.session.scalars(
        only_managed(select(Event), Event.network_id, user)
        .where(Event.ends_at >= func.now())
        .order_by(Event.starts_at)
        .limit(10)
    ).all()


def network_events(network) -> list[Event]:
    return db.session.scalars(select(Event).where(Event.network_id == network.id)
                              .order_by(Event.starts_at.desc())).all()
