"""Local (Europe/Berlin) wall-clock times from forms to UTC instants and back."""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
# The same action again this soon (a mailing sent, a reminder, a series made, a material added) is a double click
# or the back button, not a wish: each feature skips it and says so.
DOUBLE_CLICK_WINDOW = timedelta(minutes=10)


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The day it is in Berlin, whatever the server's time zone (at 23:30 UTC it is already tomorrow there)."""
    return local(utcnow()).date()


def to_instant(day: date, clock: time | None = None) -> datetime:
    """The instant of a Berlin wall-clock time (midnight when no time is given)."""
    return datetime.combine(day, clock or time(0, 0), tzinfo=BERLIN)


def local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


def local_date_input(moment: datetime | None) -> datetime | None:
    """A stored instant as the naive Berlin time that datetime-local inputs show."""
    return local(moment).replace(tzinfo=None) if moment else None


def from_local_input(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=BERLIN) if value else None


def all_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """All-day events end at midnight after their last day (exclusive end, as iCal counts)."""
    return to_instant(first), to_instant(last + timedelta(days=1))


def last_day(ends_at: datetime, all_day: bool) -> date:
    end = local(ends_at)
    return (end - timedelta(days=1)).date() if all_day else end.date()
