"""The event as a calendar file: Berlin times with a VTIMEZONE, whole days as dates, text that survives escaping."""
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

from icalendar import Calendar

from netzwerk.calendar.ical import event_calendar
from netzwerk.common.timing import all_day_bounds, to_instant


def an_event(**overrides):
    day = date(2026, 3, 12)
    values = dict(
        uid="4b1f@netzwerk", sequence=3, kind="Netzwerktreffen", title="Netzwerktreffen Gütersloh",
        description="Austausch der Kommunen.", status="published", all_day=False,
        starts_at=to_instant(day, datetime.min.time().replace(hour=10)),
        ends_at=to_instant(day, datetime.min.time().replace(hour=16)),
        venue_name="Tagungszentrum", venue_address="Carl-Bertelsmann-Str. 1\n33311 Gütersloh",
        created_at=datetime(2026, 1, 5, 9, tzinfo=timezone.utc), updated_at=datetime(2026, 2, 1, 9, tzinfo=timezone.utc),
        network=SimpleNamespace(name="Ankommen in Deutschland", contact_email="kontakt@ankommen.example"),
    )
    return SimpleNamespace(**{**values, **overrides})


def parsed(event, **kwargs):
    calendar = Calendar.from_ical(event_calendar(event, **kwargs))
    return calendar, calendar.walk("VEVENT")[0]


def test_invitation_has_method_uid_sequence_and_berlin_times():
    calendar, vevent = parsed(an_event(), method="REQUEST", url="https://netzwerk.example/n/ankommen/1")
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Berlin"
    assert vevent["UID"] == "4b1f@netzwerk"
    assert vevent["SEQUENCE"] == 3
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 3, 12, 10)
    assert vevent.decoded("DTEND").astimezone(timezone.utc) == datetime(2026, 3, 12, 15, tzinfo=timezone.utc)
    assert vevent["LOCATION"] == "Tagungszentrum, Carl-Bertelsmann-Str. 1, 33311 Gütersloh"
    assert vevent["STATUS"] == "CONFIRMED"
    assert str(vevent["ORGANIZER"]) == "mailto:kontakt@ankommen.example"
    assert vevent["URL"] == "https://netzwerk.example/n/ankommen/1"
    assert vevent["CATEGORIES"].cats == ["Netzwerktreffen"]
    for name in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):
        assert name in vevent


def test_timezone_has_standard_and_daylight_rules():
    calendar, _ = parsed(an_event())
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/Berlin"
    standard, daylight = zone.walk("STANDARD")[0], zone.walk("DAYLIGHT")[0]
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert standard.decoded("TZOFFSETTO") == timedelta(hours=1)
    assert daylight.decoded("TZOFFSETTO") == timedelta(hours=2)


def test_all_day_event_uses_dates_with_exclusive_end():
    starts_at, ends_at = all_day_bounds(date(2026, 5, 4), date(2026, 5, 5))
    raw = event_calendar(an_event(all_day=True, starts_at=starts_at, ends_at=ends_at))
    assert b"DTSTART;VALUE=DATE:20260504" in raw
    assert b"DTEND;VALUE=DATE:20260506" in raw


def test_cancelled_event_or_cancel_method_marks_the_entry_cancelled():
    assert parsed(an_event(), method="CANCEL")[1]["STATUS"] == "CANCELLED"
    assert parsed(an_event(status="cancelled"), method="REQUEST")[1]["STATUS"] == "CANCELLED"
    calendar, _ = parsed(an_event(), method=None)
    assert "METHOD" not in calendar


def test_summary_with_punctuation_newlines_and_arabic_round_trips():
    title = "Treffen, Teil 1; Austausch\nلقاء الشبكة"
    description = "Zeile eins\nZeile zwei, mit Komma; und Semikolon\\ Backslash"
    _, vevent = parsed(an_event(title=title, description=description))
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["DESCRIPTION"]) == description


def test_long_lines_are_folded_at_75_octets():
    raw = event_calendar(an_event(description="ä" * 200))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_organizer_left_out_when_the_network_has_no_contact_address():
    _, vevent = parsed(an_event(network=SimpleNamespace(name="Ohne", contact_email="")))
    assert "ORGANIZER" not in vevent
