"""Times without seconds and numbers as the page's language writes them (1.500 and 2,5 on German pages)."""
import re
from datetime import date, time, timedelta

from flask import render_template_string
from flask_babel import force_locale

from netzwerk.common.templating import event_period, format_moment, format_number
from netzwerk.common.timing import to_instant
from netzwerk.extensions import db

from . import factories

SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")


def test_dates_with_times_never_show_seconds_in_any_language(app):
    moment = to_instant(date(2026, 3, 3), time(9, 5))
    with app.test_request_context():
        for language in ("de", "en", "ar", "fa", "uk", "tr"):
            with force_locale(language):
                for fmt in ("short", "medium", "long", "full"):
                    assert not SECONDS.search(format_moment(moment, fmt)), (language, fmt)
                several_days = event_period(moment, moment + timedelta(days=1))
                assert not SECONDS.search(several_days) and "09:05" in several_days.replace("9:05", "09:05")
        with force_locale("de"):
            assert format_moment(moment) == "03.03.2026, 09:05"


def test_a_days_date_and_times_are_joined_as_each_language_joins_them(app):
    start = to_instant(date(2026, 12, 31), time(10))
    expected = {"de": "Donnerstag, 31. Dezember 2026, 10:00–15:30",
                "ar": "الخميس، 31 ديسمبر 2026، 10:00 ص–3:30 م",  # the Arabic comma, not a Latin one
                "fa": "پنجشنبه 31 دسامبر 2026، ساعت 10:00–15:30",
                "tr": "31 Aralık 2026 Perşembe 10:00–15:30"}
    with app.test_request_context():
        for language, text in expected.items():
            with force_locale(language):
                assert event_period(start, start + timedelta(hours=5, minutes=30)) == text


def test_registration_page_shows_when_without_seconds_and_places_in_german_numbers(browser, coordinator, network):
    event = factories.create_event(network, capacity=1500)
    registration = factories.create_registration(event)
    db.session.commit()
    browser.login(coordinator)
    listing = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen").get_data(as_text=True)
    assert "1 von 1.500 Plätzen belegt" in listing
    detail = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/{registration.id}").get_data(as_text=True)
    assert "Angemeldet am" in detail and not SECONDS.search(detail)
    browser.get("/sprache/en?next=/manage/")
    english = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen").get_data(as_text=True)
    assert "1 of 1,500 places taken" in english


def test_booth_sizes_use_a_decimal_comma_on_german_pages(browser, coordinator, network):
    event = factories.create_fair_event(network)
    factories.create_booth(event, number="A1", x=2.5, y=10, width=3, depth=2.5)
    db.session.commit()
    browser.login(coordinator)
    page = browser.get(f"/manage/veranstaltungen/{event.id}/messe/hallenplan").get_data(as_text=True)
    assert "2,5 / 10" in page and "3 × 2,5" in page


def test_counts_in_plural_texts_are_written_as_the_page_writes_numbers(app):
    template = "{{ ngettext('%(num)d Schild', '%(num)d Schilder', count) }}"
    with app.test_request_context():
        for language, expected in (("de", "2.500 Schilder"), ("en", "2,500 badges"), ("de", "1 Schild")):
            with force_locale(language):
                count = int(re.sub(r"\D", "", expected))
                assert render_template_string(template, count=count) == expected
        with force_locale("fa"):
            persian = render_template_string(template, count=2500)
            assert format_number(2500) in persian and "2500" not in persian
