"""An event as an iCalendar file, times in Europe/Berlin. Pure: plain objects in, bytes out."""
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar, Event as VEvent, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

from ..common.timing import local

PRODID = "-//netzwerk//Netzwerktreffen//DE"
TZID = "Europe/Berlin"


def event_calendar(event, method: str | None = None, url: str | None = None) -> bytes:
    """A VCALENDAR with one VEVENT; METHOD REQUEST invites (or updates), CANCEL removes the entry."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method.upper())
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(berlin_timezone())
    calendar.add_component(_vevent(event, method, url))
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


def location_line(event) -> str:
    """Venue name and address on one line, as calendar apps show LOCATION."""
    parts = [event.venue_name or ""] + (event.venue_address or "").splitlines()
    return ", ".join(part.strip() for part in parts if part and part.strip())


def _vevent(event, method: str | None, url: str | None) -> VEvent:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    cancelled = (method or "").upper() == "CANCEL" or event.status == "cancelled"
    vevent = VEvent()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence or 0)
    vevent.add("dtstamp", now)
    vevent.add("created", _utc(event.created_at) or now)
    vevent.add("last-modified", _utc(event.updated_at) or now)
    start, end = _bounds(event)
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", event.title)
    if location := location_line(event):
        vevent.add("location", location)
    if event.description:
        vevent.add("description", event.description)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    network = getattr(event, "network", None)
    if network is not None and network.contact_email:
        organizer = vCalAddress(f"mailto:{network.contact_email}")
        organizer.params["cn"] = vText(network.name)
        vevent.add("organizer", organizer)
    if url:
        vevent.add("url", url)
    if event.kind:
        vevent.add("categories", [event.kind])
    return vevent


def _bounds(event) -> tuple[date | datetime, date | datetime]:
    """Berlin wall-clock times with TZID, or dates (VALUE=DATE, exclusive end) for all-day events."""
    if event.all_day:
        return local(event.starts_at).date(), local(event.ends_at).date()
    return local(event.starts_at), local(event.ends_at)


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(timezone.utc).replace(microsecond=0) if moment else None

