"""A coordinator plans the monthly Fachaustausch as a series; people register for one date or subscribe to all."""
import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from netzwerk.common.timing import local
from netzwerk.events.models import Event
from netzwerk.events.services import set_status
from netzwerk.extensions import db
from netzwerk.mail.links import unseal
from netzwerk.mail.models import OutboxMail
from netzwerk.registrations.models import Registration
from netzwerk.series.models import EventSeries, SeriesSubscription
from netzwerk.series.recurrence import MAX_DATES, Rule, TooManyDates, dates
from netzwerk.series.services import add_dates, next_dates, subscribe

from . import factories

LAST_WEDNESDAY = Rule("monthly", weekday=2, week_of_month=-1)


def test_monthly_on_the_last_wednesday():
    assert dates(LAST_WEDNESDAY, date(2026, 1, 1), count=4) == [
        date(2026, 1, 28), date(2026, 2, 25), date(2026, 3, 25), date(2026, 4, 29)]


def test_weekly_every_second_week_and_the_second_tuesday_until_a_date():
    assert dates(Rule("weekly", weekday=0, interval=2), date(2026, 3, 1), until=date(2026, 4, 1)) == [
        date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 30)]
    assert dates(Rule("monthly", weekday=1, week_of_month=2), date(2026, 5, 1), until=date(2026, 7, 31)) == [
        date(2026, 5, 12), date(2026, 6, 9), date(2026, 7, 14)]


def test_a_rule_with_too_many_dates_is_refused_without_computing_them_all():
    with pytest.raises(TooManyDates):
        dates(Rule("weekly", weekday=3), date(2026, 1, 1), count=10_000)
    assert len(dates(Rule("weekly", weekday=3), date(2026, 1, 1), count=MAX_DATES)) == MAX_DATES


def _new_series(signed_in, network, **overrides):
    data = {"network_id": network.id, "kind": "Sonstiges", "title": "Fachaustausch", "frequency": "monthly",
            "interval": "1", "weekday": "2", "week_of_month": "-1", "start_time": "12:30", "end_time": "13:30",
            "first_date": date.today().isoformat(), "count": "6", "venue_name": "Online", "publish": "y",
            **overrides}
    return signed_in.submit("/manage/reihen/neu", data)


def test_coordinator_creates_a_monthly_series_of_ordinary_events(signed_in, network):
    response = _new_series(signed_in, network)
    assert response.status_code == 302
    series = db.session.scalar(select(EventSeries))
    events = db.session.scalars(select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)).all()
    assert len(events) == 6
    for event in events:
        start, end = local(event.starts_at), local(event.ends_at)
        assert (start.weekday(), start.time(), end.time()) == (2, time(12, 30), time(13, 30))
        assert (start + timedelta(days=7)).month != start.month  # the last Wednesday of its month
        assert (event.title, event.status, event.venue_name) == ("Fachaustausch", "published", "Online")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"count": "10000"}, "mehr als 60 Termine"),
    ({"count": "", "until": (date.today() - timedelta(days=40)).isoformat()}, "keinen Termin"),
    ({"count": ""}, "Enddatum oder die Anzahl"),
    ({"end_time": "12:00"}, "Ende muss nach dem Beginn"),
])
def test_a_series_of_no_or_too_many_dates_gets_a_clear_form_error(signed_in, network, overrides, message):
    response = _new_series(signed_in, network, **overrides)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(EventSeries)) == 0
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def _series_with_dates(network, count=3, publish=True):
    series = factories.create_series(network, venue_name="Online")
    events = add_dates(series, dates(LAST_WEDNESDAY, date.today(), count=count), publish=publish)
    db.session.commit()
    return series, events


def test_series_page_lists_dates_with_registration_counts_in_constant_queries(signed_in, network, count_queries):
    def queries_for(count):
        series, events = _series_with_dates(network, count)
        factories.create_registration(events[0], token=f"t-{series.id}-1")
        factories.create_registration(events[0], token=f"t-{series.id}-2")
        factories.create_registration(events[-1], token=f"t-{series.id}-3", state="cancelled")
        db.session.commit()
        with count_queries() as counted:
            page = signed_in.get(f"/manage/reihen/{series.id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert html.count(f'/manage/veranstaltungen/{events[0].id}/anmeldungen">2<') == 1
        assert html.count('/anmeldungen">0<') == count - 1
        return counted.n

    assert queries_for(2) == queries_for(12)


def test_one_date_is_cancelled_on_its_own_and_refuses_registrations(browser, network):
    series, events = _series_with_dates(network)
    set_status(events[1], "cancelled")
    db.session.commit()
    page = browser.get(f"/n/{network.slug}/{events[1].id}/anmelden")
    assert page.status_code == 409
    assert "abgesagt" in page.get_data(as_text=True)
    other = browser.submit(f"/n/{network.slug}/{events[0].id}/anmelden", {
        "given_name": "Eda", "family_name": "Yilmaz", "email": "eda@example.org", "consent": "y"})
    assert other.status_code == 302
    assert db.session.scalar(select(Registration.event_id)) == events[0].id


def test_public_network_page_shows_a_series_once_with_its_next_dates(client, network):
    series, events = _series_with_dates(network, count=5)
    factories.create_event(network, title="Netzwerktreffen Herbst")
    db.session.commit()
    html = client.get(f"/n/{network.slug}/").get_data(as_text=True)
    assert html.count(f"/n/{network.slug}/reihe/{series.id}") == 1
    assert "Netzwerktreffen Herbst" in html
    shown = [event for event in events if f"/n/{network.slug}/{event.id}\"" in html]
    assert shown == events[:3]
    drafts, _ = _series_with_dates(network, publish=False)
    assert client.get(f"/n/{network.slug}/reihe/{drafts.id}").status_code == 404


def _subscribe(browser, network, series, email="amal@example.org"):
    return browser.submit(f"/n/{network.slug}/reihe/{series.id}", {
        "given_name": "Amal", "family_name": "Haddad", "email": email, "consent": "y"})


def _unsubscribe_link(email):
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "series_subscription",
                                                      OutboxMail.to_address == email))
    return re.sub(r"^https?://[^/]+", "", unseal(mail.secret_link))


def test_subscriber_is_registered_for_every_date_and_for_dates_added_later(browser, network):
    series, events = _series_with_dates(network)
    assert _subscribe(browser, network, series).status_code == 302
    registered = db.session.scalars(select(Registration.event_id).where(Registration.email == "amal@example.org"))
    assert sorted(registered) == sorted(event.id for event in events)
    subscription = db.session.scalar(select(SeriesSubscription))
    assert subscription.consent_version is not None and len(subscription.token_hash) == 64

    later = add_dates(series, next_dates(series, 2), publish=True)
    db.session.commit()
    assert all(local(event.starts_at).date() > local(events[-1].starts_at).date() for event in later)
    for event in later:
        registration = db.session.scalar(select(Registration).where(Registration.event_id == event.id))
        assert (registration.email, registration.state) == ("amal@example.org", "confirmed")


def test_unsubscribing_by_the_private_link_cancels_the_upcoming_dates(browser, network):
    series, events = _series_with_dates(network)
    _subscribe(browser, network, series)
    link = _unsubscribe_link("amal@example.org")
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 random bits
    assert db.session.scalar(select(SeriesSubscription.token_hash)) != token
    assert browser.get("/reihe/abbestellen/" + "x" * 43).status_code == 404

    page = browser.get(link)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    done = browser.submit(link)
    assert done.status_code == 200 and "Stornierte Anmeldungen: 3" in done.get_data(as_text=True)
    states = db.session.scalars(select(Registration.state).where(Registration.email == "amal@example.org")).all()
    assert states == ["cancelled"] * 3
    assert db.session.scalar(select(func.count()).select_from(SeriesSubscription)) == 0
    assert browser.get(link).status_code == 404


def test_subscribing_again_renews_the_link_without_a_second_subscription(app, network):
    series, events = _series_with_dates(network)
    data = {"given_name": "Amal", "family_name": "Haddad", "email": "Amal@Example.org", "consent": True}
    _, first = subscribe(series, data)
    _, second = subscribe(series, data)
    db.session.commit()
    assert first != second
    assert db.session.scalar(select(func.count()).select_from(SeriesSubscription)) == 1
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 3


def test_an_online_series_gives_every_date_its_room_and_online_places(signed_in, network):
    response = _new_series(signed_in, network, format="online", online_url="https://meet.example.org/fachaustausch",
                           online_dial_in="+49 30 1234567, PIN 4711", online_capacity="40", capacity="")
    assert response.status_code == 302
    events = db.session.scalars(select(Event).order_by(Event.starts_at)).all()
    assert len(events) == 6
    assert {(event.format, event.online_url, event.online_capacity) for event in events} == {
        ("online", "https://meet.example.org/fachaustausch", 40)}
    series = db.session.scalar(select(EventSeries))
    [later] = add_dates(series, next_dates(series, 1), publish=True)
    assert (later.format, later.online_url) == ("online", "https://meet.example.org/fachaustausch")


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"format": "online", "online_url": "javascript:alert(1)"}, "online_url", "https://"),
    ({"format": "onsite", "online_url": "https://meet.example.org/x"}, "online_url", "Online- oder Hybrid"),
    ({"format": "irgendwie"}, "format", "gültige"),
])
def test_a_bad_room_or_format_is_refused_beside_its_field(signed_in, network, overrides, field, message):
    response = _new_series(signed_in, network, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
