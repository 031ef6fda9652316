"""Who sees an online room: only a registration that holds a place and takes part online. Everything that shows a
room to a person (the self-service page, their mails, their calendar file and personal feed, a mailing's
{online_link}) asks here; public pages and feeds never do."""
from dataclasses import dataclass

from .models import HOLDS_PLACE, Attendance


@dataclass(frozen=True)
class OnlineRoom:
    """The event's room (item None) or a Programmpunkt's own (the AgendaItem: its title and time)."""

    url: str
    dial_in: str
    item: object | None = None


def sees_online_room(registration) -> bool:
    return registration.state in HOLDS_PLACE and registration.attendance == Attendance.ONLINE


def online_rooms(registration) -> list[OnlineRoom]:
    """The event's room first, then those of its Programmpunkte in order; none for whoever may not see them."""
    if not sees_online_room(registration):
        return []
    event = registration.event
    rooms = [OnlineRoom(event.online_url, event.online_dial_in)] if event.online_url or event.online_dial_in else []
    rooms += [OnlineRoom(item.online_url, item.online_dial_in, item)
              for item in event.agenda_items if item.online_url or item.online_dial_in]
    return rooms


def online_link(registration) -> str:
    """The event's room link for this registration, or "" (the mailings' {online_link})."""
    return registration.event.online_url if sees_online_room(registration) else ""
