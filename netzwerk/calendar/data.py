"""Events, agenda items and registrations as plain `CalendarEvent`s for `ical.build_calendar`, with their texts in
the reader's language where given (else the original)."""
from flask_babel import gettext as _

from ..common.timing import local
from ..common.translations import text_in
from .ical import CalendarEvent, build_calendar

# Registrations that do not hold a place (yet): TENTATIVE, and marked in the SUMMARY of the personal feed.
TENTATIVE_STATES = ("pending", "waitlisted")


def location_line(event) -> str:
    """Venue name and address on one line, as calendar apps show LOCATION."""
    parts = [event.venue_name or ""] + (event.venue_address or "").splitlines()
    return ", ".join(part.strip() for part in parts if part and part.strip())


def agenda_text(event) -> str:
    """The agenda as plain text lines: time, title, room, speakers."""
    lines, several_days = [], _several_days(event)
    for item in event.agenda_items:
        start = local(item.starts_at)
        when = start.strftime("%d.%m. %H:%M") if several_days else start.strftime("%H:%M")
        if item.ends_at:
            when += "–" + local(item.ends_at).strftime("%H:%M")
        line = f"{when} {_text(item, 'title')}"
        if item.room:
            line += f" ({_('Raum')}: {item.room})"
        if speakers := item.speaker_names:
            line += f" – {speakers}"
        lines.append(line)
    return "\n".join(lines)


def _several_days(event) -> bool:
    return len({local(item.starts_at).date() for item in event.agenda_items}) > 1


def _text(row, field: str) -> str:
    return text_in(row, field).plain


def event_description(event) -> str:
    description = _text(event, "description").strip()
    parts = [description] if description else []
    if agenda := agenda_text(event):
        parts.append(f"{_('Programm')}:\n{agenda}")
    return "\n\n".join(parts)


def event_entry(event, url: str | None = None, description: bool = True) -> CalendarEvent:
    network = event.network
    return CalendarEvent(
        uid=event.uid, sequence=event.sequence or 0, summary=_text(event, "title"),
        starts_at=event.starts_at, ends_at=event.ends_at, all_day=bool(event.all_day),
        location=location_line(event), description=event_description(event) if description else _text(event, "description"),
        url=url, status="CANCELLED" if event.status == "cancelled" else "CONFIRMED",
        categories=(event.kind,) if event.kind else (),
        organizer_email=network.contact_email or "", organizer_name=network.name,
        created=event.created_at, last_modified=event.updated_at,
        geo=(event.latitude, event.longitude) if event.latitude is not None and event.longitude is not None else None,
    )


def agenda_entries(event, url: str | None = None) -> list[CalendarEvent]:
    """One entry per Programmpunkt, each with its own stable UID; cancelled with its event."""
    status = "CANCELLED" if event.status == "cancelled" else "CONFIRMED"
    entries = []
    for item in event.agenda_items:
        details = [text for text in (item.speaker_names, _text(item, "description")) if text]
        entries.append(CalendarEvent(
            uid=item.uid, sequence=event.sequence or 0, summary=f"{_text(item, 'title')} – {_text(event, 'title')}",
            starts_at=item.starts_at, ends_at=item.ends_at,
            location=", ".join(part for part in (item.room, location_line(event)) if part),
            description="\n".join(details), url=url, status=status, categories=(item.kind,) if item.kind else (),
            created=item.created_at, last_modified=max(item.updated_at, event.updated_at),
        ))
    return entries


def with_online_rooms(entry: CalendarEvent, rooms) -> CalendarEvent:
    """A participant's entry with their online rooms (registrations.online: only for whoever may see them): the
    event's room as LOCATION and CONFERENCE, every room (with its dial-in) at the top of the description."""
    if not rooms:
        return entry
    lines, conferences = [], []
    for room in rooms:
        title = _text(room.item, "title") if room.item is not None else ""
        label = f"{_('Online-Raum')}: {title}" if title else _("Online-Raum")
        if room.url:
            conferences.append((room.url, label))
        lines.append(f"{label}: {room.url}" if room.url else label)
        if room.dial_in:
            lines.append(f"{_('Einwahl per Telefon')}: {room.dial_in.replace(chr(10), ', ')}")
    main = rooms[0] if rooms[0].item is None and rooms[0].url else None
    return CalendarEvent(**{**entry.__dict__, "description": "\n".join([*lines, "", entry.description]).strip(),
                            "conferences": tuple(conferences),
                            "location": main.url if main else entry.location,
                            "geo": None if main else entry.geo})


def registration_entry(registration, url: str | None = None, own_details: list[str] = (),
                       online_rooms=()) -> CalendarEvent:
    """The registrant's own view of the event: waiting list and pending approval marked, cancelled kept.

    own_details (their tables, their interview times) open the description: only this person's own data; so do
    online_rooms, which the caller takes from registrations.online (never for a public file or feed)."""
    event = registration.event
    entry = with_online_rooms(event_entry(event, url), online_rooms)
    if own_details:
        entry = CalendarEvent(**{**entry.__dict__, "description": "\n".join([*own_details, "", entry.description])})
    summary, status = entry.summary, entry.status
    if registration.state == "cancelled":
        summary, status = f"[{_('Storniert')}] {summary}", "CANCELLED"
    elif registration.state in TENTATIVE_STATES and status != "CANCELLED":
        label = _("Warteliste") if registration.state == "waitlisted" else _("Wartet auf Freigabe")
        summary, status = f"[{label}] {summary}", "TENTATIVE"
    changed = max(registration.updated_at, event.updated_at)
    return CalendarEvent(**{**entry.__dict__, "summary": summary, "status": status, "last_modified": changed})


def event_file(event, url: str | None = None, with_agenda: bool = False) -> bytes:
    """A public event's download: the event, and with_agenda each Programmpunkt as its own entry."""
    entries = [event_entry(event, url)] + (agenda_entries(event, url) if with_agenda else [])
    return build_calendar(entries)


def event_calendar(event, method: str | None = None, url: str | None = None, online_rooms=()) -> bytes:
    """One event as an invitation (METHOD REQUEST/CANCEL) or a download (no METHOD); with a participant's
    online_rooms (registrations.online) in the files sent to or fetched by them alone."""
    return build_calendar([with_online_rooms(event_entry(event, url), online_rooms)], method=method)
