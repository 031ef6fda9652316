"""Calendar files and feeds as calendar apps read them: event file, network feed, personal feed, webcal box.

Every feed is parsed twice, with icalendar and with vobject (which resolves times through the file's own
VTIMEZONE, as Outlook and Thunderbird do), and the two readings are compared.
"""
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import vobject
from icalendar import Calendar

from netzwerk.calendar.routes import public as calendar_routes
from netzwerk.common.timing import utcnow
from netzwerk.events.services import event_form_data, save_event
from netzwerk.extensions import db
from netzwerk.people.services import issue_feed_token

from . import factories

LONG_AGO = datetime(2026, 1, 1, 9, tzinfo=UTC)
NASTY = 'Treffen, Teil 1; Austausch\nلقاء الشبكة <script>alert("x")</script> Größe'


def in_days(days: int, hour: int = 10) -> datetime:
    return factories.at(date.today() + timedelta(days=days), hour)


def readings(raw: bytes):
    """(icalendar calendar, vobject calendar) of the same bytes, after the checks every feed must pass."""
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    ical = Calendar.from_ical(raw)
    zone = ical.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/Berlin"
    for part in ("STANDARD", "DAYLIGHT"):
        assert "RRULE" in zone.walk(part)[0]
    return ical, vobject.readOne(raw.decode())


def same_events(ical, vcal) -> dict:
    """Both parsers agree on every VEVENT; returns them by UID (icalendar's)."""
    ours = {str(vevent["UID"]): vevent for vevent in ical.walk("VEVENT")}
    theirs = {vevent.uid.value: vevent for vevent in getattr(vcal, "vevent_list", [])}
    assert ours.keys() == theirs.keys()
    for uid, vevent in ours.items():
        other = theirs[uid]
        assert str(vevent["SUMMARY"]) == other.summary.value
        assert int(vevent["SEQUENCE"]) == int(other.sequence.value)
        assert str(vevent["STATUS"]) == other.status.value
        assert vevent.decoded("DTSTART") == other.dtstart.value
        if "DTEND" in vevent:
            assert vevent.decoded("DTEND") == other.dtend.value
        for name in ("LOCATION", "DESCRIPTION", "URL"):
            if name in vevent:
                assert str(vevent[name]) == getattr(other, name.lower()).value
    return ours


def calendar_name(ical) -> str:
    """icalendar keeps X- properties unparsed; X-WR-CALNAME is TEXT (escaped commas and semicolons)."""
    return re.sub(r"\\(.)", lambda match: "\n" if match.group(1) in "nN" else match.group(1), str(ical["X-WR-CALNAME"]))


@pytest.fixture
def place(network):
    network.contact_email, network.name = "kontakt@ankommen.example", "Ankommen in Deutschland"
    return network


# --- event file ----------------------------------------------------------------------------------------

def test_event_file_downloads_with_agenda_items_as_own_entries(client, place):
    event = factories.create_event(place, latitude=51.9065, longitude=8.3787, created_at=LONG_AGO,
                                   updated_at=LONG_AGO, kind="Fachkonferenz")
    speaker = factories.create_person(place, given_name="Dana", family_name="Redner")
    keynote = factories.create_agenda_item(event, title="Impulsreferat", kind="Impulsreferat", room="Saal 2",
                                           starts_at=event.starts_at + timedelta(hours=1),
                                           ends_at=event.starts_at + timedelta(hours=2), speakers=[speaker])
    db.session.commit()

    plain = client.get(f"/n/ankommen/{event.id}.ics")
    assert plain.status_code == 200
    assert plain.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert plain.headers["Content-Disposition"].startswith("attachment;")
    [vevent] = same_events(*readings(plain.data)).values()
    assert vevent["UID"] == event.uid
    assert vevent["LOCATION"] == "Tagungszentrum, Carl-Bertelsmann-Str. 1, 33311 Gütersloh"
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (51.9065, 8.3787)
    assert vevent["URL"] == f"http://localhost/n/ankommen/{event.id}"
    assert str(vevent["ORGANIZER"]) == "mailto:kontakt@ankommen.example"
    assert vevent["CATEGORIES"].cats == ["Fachkonferenz"]
    assert vevent["STATUS"] == "CONFIRMED"
    assert "Impulsreferat (Raum: Saal 2) – Dana Redner" in str(vevent["DESCRIPTION"])
    assert vevent.decoded("CREATED") == LONG_AGO and vevent.decoded("LAST-MODIFIED") == LONG_AGO

    with_agenda = same_events(*readings(client.get(f"/n/ankommen/{event.id}.ics?agenda=1").data))
    assert set(with_agenda) == {event.uid, keynote.uid}
    item = with_agenda[keynote.uid]
    assert item.decoded("DTSTART") == keynote.starts_at and item.decoded("DTEND") == keynote.ends_at
    again = same_events(*readings(client.get(f"/n/ankommen/{event.id}.ics?agenda=1").data))
    assert set(again) == set(with_agenda)  # stable UIDs


def test_event_page_links_its_calendar_file_and_drafts_have_none(client, place):
    event = factories.create_event(place)
    draft = factories.create_event(place, status="draft")
    db.session.commit()
    page = client.get(f"/n/ankommen/{event.id}").get_data(as_text=True)
    assert f'href="/n/ankommen/{event.id}.ics"' in page
    assert client.get(f"/n/ankommen/{draft.id}.ics").status_code == 404


def test_all_day_event_over_two_days_is_whole_days(client, place):
    starts_at, ends_at = factories.to_instant(date(2027, 5, 4)), factories.to_instant(date(2027, 5, 6))
    event = factories.create_event(place, all_day=True, starts_at=starts_at, ends_at=ends_at)
    db.session.commit()
    raw = client.get(f"/n/ankommen/{event.id}.ics").data
    assert b"DTSTART;VALUE=DATE:20270504\r\n" in raw and b"DTEND;VALUE=DATE:20270506\r\n" in raw
    [vevent] = same_events(*readings(raw)).values()
    assert vevent.decoded("DTSTART") == date(2027, 5, 4)


def test_events_across_the_daylight_saving_change_have_the_right_instants(client, place):
    spring = factories.create_event(place, title="Frühling", starts_at=factories.at(date(2027, 3, 28), 10),
                                    ends_at=factories.at(date(2027, 3, 28), 12))
    autumn = factories.create_event(place, title="Herbst", starts_at=factories.at(date(2027, 10, 31), 10),
                                    ends_at=factories.at(date(2027, 10, 31), 12))
    db.session.commit()
    ical, vcal = readings(client.get("/n/ankommen/kalender.ics").data)
    events = same_events(ical, vcal)
    by_uid = {vevent.uid.value: vevent for vevent in vcal.vevent_list}
    expected = {spring.uid: datetime(2027, 3, 28, 8, tzinfo=UTC),
                autumn.uid: datetime(2027, 10, 31, 9, tzinfo=UTC)}
    for uid, instant in expected.items():
        assert events[uid]["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert events[uid].decoded("DTSTART").replace(tzinfo=None) == datetime(instant.year, instant.month, instant.day, 10)
        assert events[uid].decoded("DTSTART").astimezone(UTC) == instant
        # vobject builds its time zone from the file's VTIMEZONE rules, not from the system's database
        assert by_uid[uid].dtstart.value.astimezone(UTC) == instant


def test_any_characters_survive_escaping(client, place):
    place.name = "Netzwerk; Köln, Bonn <script>"
    event = factories.create_event(place, title=NASTY, description=NASTY, venue_name="Saal; A, B",
                                   venue_address="Straße 1\n50667 Köln")
    db.session.commit()
    for url in (f"/n/ankommen/{event.id}.ics", "/n/ankommen/kalender.ics"):
        raw = client.get(url).data
        ical, vcal = readings(raw)
        [vevent] = same_events(ical, vcal).values()
        assert str(vevent["SUMMARY"]) == NASTY
        assert str(vevent["DESCRIPTION"]).startswith(NASTY)
        assert str(vevent["LOCATION"]) == "Saal; A, B, Straße 1, 50667 Köln"
    assert calendar_name(ical) == "Netzwerk; Köln, Bonn <script>" == vcal.contents["x-wr-calname"][0].value
    assert "X-WR-CALNAME:Netzwerk\\; Köln\\, Bonn <script>\r\n".encode() in raw


# --- network feed --------------------------------------------------------------------------------------

def test_network_feed_has_upcoming_and_recent_public_events_only(client, place):
    upcoming = factories.create_event(place, title="Demnächst")
    cancelled = factories.create_event(place, title="Abgesagt", status="cancelled")
    recent = factories.create_event(place, title="Vor einem Monat", starts_at=in_days(-30), ends_at=in_days(-30, 16))
    factories.create_event(place, title="Vor drei Monaten", starts_at=in_days(-90), ends_at=in_days(-90, 16))
    factories.create_event(place, title="Entwurf", status="draft")
    factories.create_event(factories.create_network(), title="Anderes Netzwerk")
    db.session.commit()

    response = client.get("/n/ankommen/kalender.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("inline;")
    ical, vcal = readings(response.data)
    events = same_events(ical, vcal)
    assert set(events) == {upcoming.uid, cancelled.uid, recent.uid}
    assert events[cancelled.uid]["STATUS"] == "CANCELLED"
    assert calendar_name(ical) == "Ankommen in Deutschland" == vcal.contents["x-wr-calname"][0].value
    assert ical["X-WR-TIMEZONE"] == "Europe/Berlin"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.data
    assert "METHOD" not in ical


def test_network_feed_filters_by_kind_and_refuses_unknown_kinds(client, place):
    fair = factories.create_event(place, kind="Migrationsmesse", title="Messe")
    factories.create_event(place, kind="Netzwerktreffen")
    db.session.commit()
    ical, vcal = readings(client.get("/n/ankommen/kalender.ics?kind=Migrationsmesse").data)
    assert set(same_events(ical, vcal)) == {fair.uid}
    assert calendar_name(ical) == "Ankommen in Deutschland – Migrationsmesse"
    refused = client.get("/n/ankommen/kalender.ics?kind=Kaffeeklatsch")
    assert refused.status_code == 400 and "Kaffeeklatsch" in refused.get_data(as_text=True)
    assert client.get("/n/unbekannt/kalender.ics").status_code == 404


def test_network_page_offers_the_subscription_without_javascript(client, place):
    page = client.get("/n/ankommen/").get_data(as_text=True)
    assert 'href="webcal://localhost/n/ankommen/kalender.ics"' in page
    assert re.search(r'<label class="form-label" for="network-feed-url">', page)
    assert re.search(r'<input[^>]+id="network-feed-url" value="http://localhost/n/ankommen/kalender.ics" readonly', page)
    for client_name in ("Outlook", "Google", "Apple", "Thunderbird"):
        assert client_name in page
    assert "<script" not in page


def test_changed_event_time_raises_sequence_last_modified_and_etag(app, client, place):
    event = factories.create_event(place, created_at=LONG_AGO, updated_at=LONG_AGO)
    db.session.commit()
    before = client.get("/n/ankommen/kalender.ics")
    [old] = same_events(*readings(before.data)).values()

    data = {**event_form_data(event), "network_id": place.id, "kind": event.kind, "status": event.status,
            "title": event.title, "venue_name": event.venue_name, "venue_address": event.venue_address,
            "start_time": time(11)}
    with app.test_request_context():
        save_event(event, data)
    db.session.commit()

    after = client.get("/n/ankommen/kalender.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    [new] = same_events(*readings(after.data)).values()
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
    assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED")
    assert new.decoded("DTSTART").hour == 11


def test_unchanged_feed_answers_304_without_building(client, place, monkeypatch):
    factories.create_event(place)
    db.session.commit()
    built = []
    build = calendar_routes.network_feed
    monkeypatch.setattr(calendar_routes, "network_feed", lambda *args: built.append(args) or build(*args))

    first = client.get("/n/ankommen/kalender.ics")
    assert first.status_code == 200 and len(built) == 1
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    assert client.get("/n/ankommen/kalender.ics", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/n/ankommen/kalender.ics", headers={"If-Modified-Since": modified}).status_code == 304
    again = client.get("/n/ankommen/kalender.ics")  # a client without validators gets the cached bytes
    assert again.status_code == 200 and again.data == first.data
    assert len(built) == 1


def test_network_feed_costs_the_same_queries_for_10_and_200_events(client, place, count_queries):
    def queries_for(n: int) -> tuple[int, int]:
        for index in range(n):
            event = factories.create_event(place, title=f"Treffen {index}")
            factories.create_agenda_item(event, speakers=[factories.create_person(place)])
        db.session.commit()
        with count_queries() as counted:
            response = client.get("/n/ankommen/kalender.ics?kind=Netzwerktreffen")
        assert response.status_code == 200 and response.data.count(b"BEGIN:VEVENT") == n
        with count_queries() as conditional:
            assert client.get("/n/ankommen/kalender.ics?kind=Netzwerktreffen",
                              headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
        return counted.n, conditional.n

    small = queries_for(10)
    db.session.execute(db.text("DELETE FROM agenda_speaker"))
    db.session.execute(db.text("DELETE FROM agenda_item"))
    db.session.execute(db.text("DELETE FROM event"))
    db.session.commit()
    assert queries_for(200) == small
    assert small[1] <= 2  # network, one aggregate


# --- personal feed -------------------------------------------------------------------------------------

@pytest.fixture
def two_people(place):
    """Alex (the feed's owner) and Kim, registered for partly the same events."""
    alex = factories.create_person(place, given_name="Alex", family_name="Eigen")
    kim = factories.create_person(place, given_name="Kim", family_name="Fremdling")
    return alex, kim


def register(event, person, state="confirmed", **extra):
    return factories.create_registration(event, state=state, person=person, given_name=person.given_name,
                                         family_name=person.family_name, email=person.email, **extra)


def test_personal_feed_holds_exactly_the_persons_registrations_marked_by_state(client, place, two_people):
    alex, kim = two_people
    confirmed = factories.create_event(place, title="Bestätigt")
    waiting = factories.create_event(place, title="Voll")
    pending = factories.create_event(place, title="Mit Freigabe")
    kims_only = factories.create_event(place, title="Nur Kim")
    draft = factories.create_event(place, title="Entwurf", status="draft")
    register(confirmed, alex), register(waiting, alex, "waitlisted"), register(pending, alex, "pending")
    register(draft, alex)
    for event in (confirmed, waiting, kims_only):
        register(event, kim)
    token = issue_feed_token(alex)
    db.session.commit()

    response = client.get(f"/kalender/{token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.headers["Cache-Control"] == "private, no-cache"
    ical, vcal = readings(response.data)
    events = same_events(ical, vcal)
    assert set(events) == {confirmed.uid, waiting.uid, pending.uid}
    assert (events[confirmed.uid]["STATUS"], str(events[confirmed.uid]["SUMMARY"])) == ("CONFIRMED", "Bestätigt")
    assert (events[waiting.uid]["STATUS"], str(events[waiting.uid]["SUMMARY"])) == ("TENTATIVE", "[Warteliste] Voll")
    assert events[pending.uid]["STATUS"] == "TENTATIVE"
    assert str(events[pending.uid]["SUMMARY"]) == "[Wartet auf Freigabe] Mit Freigabe"
    text = response.data.decode()
    for foreign in ("Kim", "Fremdling", kim.email, "Nur Kim"):
        assert foreign not in text


def test_cancelled_registration_stays_cancelled_for_eight_weeks_then_goes(client, place, two_people):
    alex, _ = two_people
    recently = factories.create_event(place, title="Kürzlich storniert")
    long_ago = factories.create_event(place, title="Längst storniert")
    register(recently, alex, "cancelled", cancelled_at=utcnow() - timedelta(weeks=7))
    register(long_ago, alex, "cancelled", cancelled_at=utcnow() - timedelta(weeks=9))
    token = issue_feed_token(alex)
    db.session.commit()
    events = same_events(*readings(client.get(f"/kalender/{token}.ics").data))
    assert set(events) == {recently.uid}
    assert events[recently.uid]["STATUS"] == "CANCELLED"


def test_self_service_page_issues_the_feed_link_and_a_new_one_revokes_it(client, browser, place, two_people):
    alex, _ = two_people
    event = factories.create_event(place)
    register(event, alex, token="alex-selbst")
    db.session.commit()

    page = client.get("/anmeldung/alex-selbst").get_data(as_text=True)
    assert "Kalender-Link erstellen" in page
    first = browser.submit("/anmeldung/alex-selbst/kalender-link", form_url="/anmeldung/alex-selbst")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    feed_url = re.search(r'value="http://localhost(/kalender/[^"]+\.ics)" readonly', first.get_data(as_text=True)).group(1)
    assert 'href="webcal://localhost/kalender/' in first.get_data(as_text=True)
    assert client.get(feed_url).status_code == 200
    assert "Kalender-Link erneuern" in client.get("/anmeldung/alex-selbst").get_data(as_text=True)

    second = browser.submit("/anmeldung/alex-selbst/kalender-link", form_url="/anmeldung/alex-selbst")
    new_url = re.search(r'value="http://localhost(/kalender/[^"]+\.ics)" readonly', second.get_data(as_text=True)).group(1)
    assert new_url != feed_url
    assert client.get(feed_url).status_code == 404
    assert client.get(new_url).status_code == 200
    db.session.refresh(alex)
    assert feed_url.split("/")[-1].removesuffix(".ics") not in (alex.feed_token_hash or "")


def test_coordinator_reissues_a_persons_feed_link(client, browser, coordinator, place, two_people):
    alex, _ = two_people
    old = issue_feed_token(alex)
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/personen/{alex.id}/kalender-link", form_url=f"/manage/personen/{alex.id}/bearbeiten")
    assert response.status_code == 200
    new_url = re.search(r'value="http://localhost(/kalender/[^"]+\.ics)" readonly', response.get_data(as_text=True)).group(1)
    assert client.get(f"/kalender/{old}.ics").status_code == 404
    assert client.get(new_url).status_code == 200


def test_unknown_token_is_404(client, place):
    assert client.get("/kalender/nichts.ics").status_code == 404
    assert client.get(f"/kalender/{'x' * 200}.ics").status_code == 404


def test_personal_feed_answers_304_until_a_registration_changes(client, place, two_people):
    alex, _ = two_people
    registration = register(factories.create_event(place), alex, "waitlisted")
    token = issue_feed_token(alex)
    db.session.commit()
    first = client.get(f"/kalender/{token}.ics")
    etag = first.headers["ETag"]
    assert client.get(f"/kalender/{token}.ics", headers={"If-None-Match": etag}).status_code == 304
    registration.state = "confirmed"
    db.session.commit()
    moved_up = client.get(f"/kalender/{token}.ics", headers={"If-None-Match": etag})
    assert moved_up.status_code == 200
    [vevent] = same_events(*readings(moved_up.data)).values()
    assert vevent["STATUS"] == "CONFIRMED"


# --- validators follow every change the feed shows -----------------------------------------------------

def test_renamed_speaker_changes_the_network_feed(client, place):
    speaker = factories.create_person(place, given_name="Hanna", family_name="Vortrag")
    factories.create_agenda_item(factories.create_event(place), speakers=[speaker])
    db.session.commit()
    before = client.get("/n/ankommen/kalender.ics")
    assert "Hanna Vortrag" in unfolded(before.data)

    speaker.family_name = "Impuls"
    db.session.commit()
    after = client.get("/n/ankommen/kalender.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Hanna Impuls" in unfolded(after.data)


def test_deleted_event_reaches_clients_that_only_send_if_modified_since(client, place):
    event = factories.create_event(place)
    db.session.commit()
    db.session.execute(db.update(type(place)).values(calendar_changed_at=LONG_AGO))
    db.session.commit()
    before = client.get("/n/ankommen/kalender.ics")
    assert before.data.count(b"BEGIN:VEVENT") == 1

    db.session.delete(event)
    db.session.commit()
    after = client.get("/n/ankommen/kalender.ics", headers={"If-Modified-Since": before.headers["Last-Modified"]})
    assert after.status_code == 200 and b"BEGIN:VEVENT" not in after.data


def test_feed_stamps_do_not_count_as_edits_of_the_network(place):
    db.session.commit()
    edited = place.updated_at
    factories.create_event(place)
    db.session.commit()
    db.session.refresh(place)
    assert place.updated_at == edited and place.calendar_changed_at > edited


def unfolded(raw: bytes) -> str:
    return raw.decode().replace("\r\n ", "")
