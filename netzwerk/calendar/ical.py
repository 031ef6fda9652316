"""iCalendar (RFC 5545) files from plain data, times in Europe/Berlin. Pure: no request, no database.

`netzwerk.calendar.data` turns events, agenda items and registrations into `CalendarEvent`s; this module only
serialises them (the icalendar library escapes text, folds lines at 75 octets and ends them with CRLF).
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import (
    Calendar,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDDDTypes,
    vDuration,
    vText,
    vUri,
)
from icalendar import Event as VEvent

from ..common.timing import local

PRODID = "-//netzwerk//Netzwerktreffen//DE"
TZID = "Europe/Berlin"
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT. Times are timezone-aware instants; all-day events end at midnight after their last day."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime | None = None
    all_day: bool = False
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str | None = None
    status: str = "CONFIRMED"
    categories: tuple[str, ...] = ()
    organizer_email: str = ""
    organizer_name: str = ""
    created: datetime | None = None
    last_modified: datetime | None = None
    geo: tuple[float, float] | None = None
    # Online rooms as RFC 7986 CONFERENCE properties: (link, label). Only in a participant's own files and feed.
    conferences: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FeedInfo:
    """What subscribed calendars show and how often they look again."""

    name: str
    refresh: timedelta = timedelta(hours=1)


def build_calendar(events: Iterable[CalendarEvent], method: str | None = None, feed: FeedInfo | None = None,
                   stamp: datetime | None = None) -> bytes:
    """A VCALENDAR with the Berlin VTIMEZONE; METHOD REQUEST invites (or updates), CANCEL removes the entry."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method.upper())
    if feed is not None:
        calendar.add("x-wr-calname", vText(feed.name))  # TEXT: commas and semicolons escaped
        calendar.add("refresh-interval", feed.refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(feed.refresh))
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(berlin_timezone())
    stamp = vDDDTypes(_utc(stamp) or datetime.now(UTC).replace(microsecond=0))
    cancel = (method or "").upper() == "CANCEL"
    organizers: dict[tuple[str, str], vCalAddress] = {}  # one per network, shared by all its entries
    for entry in events:
        calendar.add_component(_vevent(entry, stamp, cancel, organizers))
    return calendar.to_ical()


def berlin_timezone() -> Timezone:
    """Europe/Berlin by its EU rule (last Sunday of March and October), which every client understands."""
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", datetime(1981, 3, 29, 2, 0))
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime(1996, 10, 27, 3, 0))
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone.add_component(standard)
    zone.add_component(daylight)
    return zone


def _vevent(entry: CalendarEvent, stamp: vDDDTypes, cancel: bool, organizers: dict) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", entry.uid)
    vevent.add("sequence", entry.sequence or 0)
    vevent.add("dtstamp", stamp)
    vevent.add("created", _utc(entry.created) or stamp.dt)
    vevent.add("last-modified", _utc(entry.last_modified) or stamp.dt)
    start, end = _bounds(entry)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", entry.summary)
    if entry.location:
        vevent.add("location", entry.location)
    if entry.geo is not None:
        vevent.add("geo", entry.geo)
    if entry.description:
        vevent.add("description", entry.description)
    status = "CANCELLED" if cancel else entry.status.upper()
    if status not in STATUSES:
        raise ValueError(f"unknown VEVENT status {entry.status!r}")
    vevent.add("status", status)
    vevent.add("transp", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    if entry.organizer_email:
        key = (entry.organizer_email, entry.organizer_name)
        if key not in organizers:
            organizers[key] = vCalAddress(f"mailto:{entry.organizer_email}")
            if entry.organizer_name:
                organizers[key].params["cn"] = vText(entry.organizer_name)
        vevent.add("organizer", organizers[key])
    if entry.url:
        vevent.add("url", entry.url)
    if entry.categories:
        vevent.add("categories", list(entry.categories))
    for uri, label in entry.conferences:
        parameters = {"VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"]} | ({"LABEL": label} if label else {})
        vevent.add("conference", vUri(uri), parameters=parameters)
    return vevent


def _bounds(entry: CalendarEvent) -> tuple[date | datetime, date | datetime | None]:
    """Berlin wall-clock times with TZID, or dates (VALUE=DATE, exclusive end) for all-day events."""
    if entry.all_day:
        end = local(entry.ends_at).date() if entry.ends_at else local(entry.starts_at).date() + timedelta(days=1)
        return local(entry.starts_at).date(), end
    return local(entry.starts_at), local(entry.ends_at) if entry.ends_at else None


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC).replace(microsecond=0) if moment else None
