"""Calendars from plain data: Berlin times with a VTIMEZONE, whole days as dates, text that survives escaping."""
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
import vobject
from icalendar import Calendar

from netzwerk.calendar.ical import CalendarEvent, FeedInfo, build_calendar
from netzwerk.common.timing import all_day_bounds, to_instant

pytestmark = pytest.mark.db_independent  # no database: checked in the SQLite run of `make test` only


def an_event(**overrides) -> CalendarEvent:
    day = date(2026, 3, 12)
    entry = CalendarEvent(
        uid="4b1f@netzwerk", sequence=3, categories=("Netzwerktreffen",), summary="Netzwerktreffen Gütersloh",
        description="Austausch der Kommunen.", status="CONFIRMED",
        starts_at=to_instant(day, time(10)), ends_at=to_instant(day, time(16)),
        location="Tagungszentrum, Carl-Bertelsmann-Str. 1, 33311 Gütersloh",
        created=datetime(2026, 1, 5, 9, tzinfo=UTC), last_modified=datetime(2026, 2, 1, 9, tzinfo=UTC),
        organizer_email="kontakt@ankommen.example", organizer_name="Ankommen in Deutschland",
    )
    return replace(entry, **overrides)


def event_calendar(entry: CalendarEvent, method=None, url=None, feed=None) -> bytes:
    return build_calendar([replace(entry, url=url)], method=method, feed=feed)


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
    assert vevent.decoded("DTEND").astimezone(UTC) == datetime(2026, 3, 12, 15, tzinfo=UTC)
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
    assert b"TZID" not in raw.split(b"BEGIN:VEVENT")[1]
    assert b"DTSTART;VALUE=DATE:20260504" in raw
    assert b"DTEND;VALUE=DATE:20260506" in raw


def test_cancelled_event_or_cancel_method_marks_the_entry_cancelled():
    assert parsed(an_event(), method="CANCEL")[1]["STATUS"] == "CANCELLED"
    assert parsed(an_event(status="CANCELLED"), method="REQUEST")[1]["STATUS"] == "CANCELLED"
    calendar, _ = parsed(an_event(), method=None)
    assert "METHOD" not in calendar


def test_summary_with_punctuation_newlines_and_arabic_round_trips():
    title = "Treffen, Teil 1; Austausch\nلقاء الشبكة"
    description = "Zeile eins\nZeile zwei, mit Komma; und Semikolon\\ Backslash"
    _, vevent = parsed(an_event(summary=title, description=description))
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["DESCRIPTION"]) == description


def test_long_lines_are_folded_at_75_octets():
    raw = event_calendar(an_event(description="ä" * 200))
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_organizer_left_out_when_the_network_has_no_contact_address():
    _, vevent = parsed(an_event(organizer_email=""))
    assert "ORGANIZER" not in vevent


def test_feed_names_itself_and_asks_clients_to_refresh_hourly():
    raw = event_calendar(an_event(), feed=FeedInfo("Ankommen; Netzwerk, Treffen"))
    calendar = Calendar.from_ical(raw)
    assert vobject.readOne(raw.decode()).contents["x-wr-calname"][0].value == "Ankommen; Netzwerk, Treffen"
    assert b"X-WR-CALNAME:Ankommen\\; Netzwerk\\, Treffen\r\n" in raw  # TEXT, escaped
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in raw
    assert "METHOD" not in calendar


def test_geo_and_tentative_status_and_open_ended_entry():
    _, vevent = parsed(an_event(geo=(51.9065, 8.3787), status="TENTATIVE", ends_at=None))
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (51.9065, 8.3787)
    assert vevent["STATUS"] == "TENTATIVE"
    assert "DTEND" not in vevent


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        event_calendar(an_event(status="maybe"))
