"""Online and hybrid meetings (issue 15, point 5): an event or Programmpunkt has an online room that only confirmed
participants who take part online ever see (their self-service page, their mails, their calendar file and feed),
never the public page, public files and feeds, or anyone waiting, pending or cancelled; at a hybrid event each
chooses on site or online, with places and waiting lists counted per mode."""
import io
import re
import shutil
from datetime import date, time, timedelta

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from netzwerk.badges.services import BadgeSelection, badge_registrations
from netzwerk.checkin.services import desk_counts
from netzwerk.common.timing import utcnow
from netzwerk.events.cloning import clone_event
from netzwerk.events.models import Event
from netzwerk.events.services import event_form_data, save_event
from netzwerk.extensions import db
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.outbox import attached_calendar
from netzwerk.mail.sender import deliver_due
from netzwerk.mailings.audience import EventAudience, event_addressees
from netzwerk.mailings.mail import MailingWriter
from netzwerk.mailings.models import ReminderRule
from netzwerk.mailings.schedule import send_due
from netzwerk.people.services import issue_feed_token
from netzwerk.registrations.capacity import free_places_by_mode, places_by_mode
from netzwerk.registrations.models import Registration
from netzwerk.registrations.selfservice import waitlist_position
from netzwerk.registrations.services import AttendanceRefused, cancel, register, switch_attendance
from netzwerk.tables.models import TablePlan
from netzwerk.tables.services import participants

from . import factories
from .conftest import CHROMIUM
from .test_browser_languages import tab_until
from .test_dashboard_routes import Tables
from .test_mail import parts, smtp  # noqa: F401  (smtp: the fixture, a real SMTP server)

ROOM = "https://konferenz.example.org/raum-4711?pwd=geheim"
DIAL_IN = "+49 30 1234 5678, PIN 4711 0815#"
BREAKOUT = "https://konferenz.example.org/breakout-sprache"


@pytest.fixture
def hybrid(coordinator):
    """A hybrid meeting in five days: 2 places on site, 2 online, the event's room and a Programmpunkt's own."""
    network = coordinator.networks[0]
    start = (utcnow() + timedelta(days=5)).replace(microsecond=0)
    event = factories.create_event(network, title="Netzwerktreffen hybrid", format="hybrid", capacity=2,
                                   online_capacity=2, online_url=ROOM, online_dial_in=DIAL_IN,
                                   starts_at=start, ends_at=start + timedelta(hours=5))
    factories.create_agenda_item(event, title="Breakout Sprache", kind="Tischgruppen",
                                 starts_at=start + timedelta(hours=2), online_url=BREAKOUT)
    db.session.commit()
    return event


def sign_up(app, event, n, attendance=None, locale="de"):
    with app.test_request_context():
        outcome = register(event.id, factories.registrant(n, attendance=attendance), locale=locale)
    db.session.commit()
    return outcome


def room_seen(text: str) -> bool:
    return ROOM in text or "raum-4711" in text or BREAKOUT in text or "4711 0815" in text


# --- places per mode ---------------------------------------------------------------------------------------------

def test_places_and_waiting_lists_are_counted_per_mode(app, hybrid):
    people = [sign_up(app, hybrid, n, mode).registration
              for n, mode in enumerate(["online", "onsite", "online", "online", "onsite", "onsite"])]
    assert [r.state for r in people] == ["confirmed", "confirmed", "confirmed", "waitlisted", "confirmed", "waitlisted"]
    assert (waitlist_position(people[3]), waitlist_position(people[5])) == (1, 1)  # each mode its own queue
    assert places_by_mode(hybrid.id) == {"onsite": 2, "online": 2}
    assert free_places_by_mode(hybrid) == {"onsite": 0, "online": 0}


def test_a_freed_place_on_site_goes_to_the_first_waiting_on_site(app, hybrid):
    people = [sign_up(app, hybrid, n, mode).registration
              for n, mode in enumerate(["onsite", "onsite", "online", "online", "online", "onsite"])]
    online_waiting, onsite_waiting = people[4], people[5]
    assert (online_waiting.state, onsite_waiting.state) == ("waitlisted", "waitlisted")
    with app.test_request_context():
        moved = cancel(people[0])
    db.session.commit()
    assert moved == [onsite_waiting]  # the online waiter, though earlier, waits for an online place
    assert (online_waiting.state, onsite_waiting.state) == ("waitlisted", "confirmed")


def test_an_online_event_takes_everyone_online_and_a_meeting_moved_online_takes_its_people(app, signed_in, network):
    online = factories.create_event(network, format="online", online_capacity=1, online_url=ROOM)
    db.session.commit()
    first, second = (sign_up(app, online, n, "onsite").registration for n in (1, 2))
    assert (first.attendance, first.state, second.state) == ("online", "confirmed", "waitlisted")

    meeting = factories.create_event(network, capacity=1)
    db.session.commit()
    there, waiting = (sign_up(app, meeting, n).registration for n in (3, 4))
    assert (there.attendance, waiting.state) == ("onsite", "waitlisted")
    form = signed_in.get(f"/manage/veranstaltungen/{meeting.id}/bearbeiten")
    assert form.status_code == 200
    from .test_events_routes import event_form
    response = signed_in.submit(f"/manage/veranstaltungen/{meeting.id}/bearbeiten", event_form(
        network, title=meeting.title, status="published", format="online", online_url=ROOM, capacity="",
        online_capacity="5"))
    assert response.status_code == 302
    db.session.expire_all()
    assert {(r.attendance, r.state) for r in (there, waiting)} == {("online", "confirmed")}
    change_mail = db.session.scalars(select(OutboxMail).where(OutboxMail.registration_id == there.id,
                                                               OutboxMail.kind == "event_changed")).one()
    assert ROOM in change_mail.body_text  # told where the meeting is now


def test_a_new_room_is_mailed_only_to_those_who_take_part_online(app, hybrid):
    onsite, online, also_online, waiting = (sign_up(app, hybrid, n, mode).registration
                                            for n, mode in enumerate(["onsite", "online", "online", "online"]))
    assert waiting.state == "waitlisted"  # two places online
    new_room = "https://konferenz.example.org/raum-0815"
    data = {**event_form_data(hybrid), "online_url": new_room}
    data.update({name: getattr(hybrid, name) for name in (
        "network_id", "kind", "status", "title", "description", "venue_name", "venue_address", "format",
        "online_dial_in", "capacity", "online_capacity")})
    with app.test_request_context():
        save_event(hybrid, data)
    db.session.commit()
    told = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "event_changed")).all()
    assert sorted(mail.registration_id for mail in told) == [online.id, also_online.id]  # not on site, not waiting
    assert all(new_room in mail.body_text for mail in told)
    # A new time concerns everyone still expecting to come.
    with app.test_request_context():
        save_event(hybrid, {**data, "start_time": time(11, 0)})
    db.session.commit()
    told = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "event_changed")).all()
    assert len(told) == 2 + 4 and {onsite.id, waiting.id} <= {mail.registration_id for mail in told}


def test_switching_mode_keeps_the_place_only_where_one_is_free(app, hybrid):
    onsite = sign_up(app, hybrid, 1, "onsite").registration
    sign_up(app, hybrid, 2, "online")
    sign_up(app, hybrid, 3, "online")
    with app.test_request_context(), pytest.raises(AttendanceRefused, match="Online ist leider kein Platz"):
        switch_attendance(onsite, "online")
    db.session.rollback()
    online = db.session.scalars(select(Registration).where(Registration.email == "p2@example.org")).one()
    with app.test_request_context():
        switch_attendance(online, "onsite")
    db.session.commit()
    assert places_by_mode(hybrid.id) == {"onsite": 2, "online": 1}


def test_switching_mode_mails_the_new_way_in_and_a_calendar_entry_that_replaces_the_old(app, client, hybrid):
    """Switching to online showed the room only on the private page; the calendar kept the on-site entry."""
    onsite = sign_up(app, hybrid, 1, "onsite", locale="uk")
    from .conftest import csrf_from
    html = client.get(f"/anmeldung/{onsite.token}").get_data(as_text=True)
    assert client.post(f"/anmeldung/{onsite.token}/teilnahme", data={
        "csrf_token": csrf_from(html), "attendance": "online"}).status_code == 302
    [mail] = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "attendance_changed")).all()
    assert mail.subject.startswith("Участь змінено") and "Тепер ви берете участь онлайн" in mail.body_text
    assert room_seen(mail.body_text)  # the way in, for the one now taking part online
    vevent = Calendar.from_ical(attached_calendar(mail)).walk("VEVENT")[0]
    assert mail.ics_method == "REQUEST" and ROOM in str(vevent.get("DESCRIPTION")) + str(vevent.get("LOCATION"))


def test_the_self_service_switch_says_clearly_when_the_other_mode_is_full(app, client, hybrid):
    onsite = sign_up(app, hybrid, 1, "onsite")
    sign_up(app, hybrid, 2, "online")
    sign_up(app, hybrid, 3, "online")
    page = client.get(f"/anmeldung/{onsite.token}")
    html = page.get_data(as_text=True)
    assert "Doch online teilnehmen" in html and not room_seen(html)
    from .conftest import csrf_from
    response = client.post(f"/anmeldung/{onsite.token}/teilnahme", data={
        "csrf_token": csrf_from(html), "attendance": "online"}, follow_redirects=True)
    assert response.status_code == 200
    assert "Online ist leider kein Platz mehr frei" in response.get_data(as_text=True)
    assert client.post(f"/anmeldung/{onsite.token}/teilnahme", data={
        "csrf_token": csrf_from(html), "attendance": "irgendwo"}).status_code == 400


# --- the public side never shows the room --------------------------------------------------------------------------

def test_the_public_form_of_a_hybrid_event_asks_how_and_the_page_shows_places_per_mode(app, client, hybrid):
    slug = hybrid.network.slug
    sign_up(app, hybrid, 1, "online")
    page = client.get(f"/n/{slug}/{hybrid.id}").get_data(as_text=True)
    assert "Vor Ort:" in page and "noch 2 Plätze frei" in page and "noch 1 Platz frei" in page
    assert not room_seen(page)
    form_page = client.get(f"/n/{slug}/{hybrid.id}/anmelden").get_data(as_text=True)
    assert "Wie nehmen Sie teil?" in form_page and not room_seen(form_page)
    from .conftest import csrf_from
    data = {"csrf_token": csrf_from(form_page), "given_name": "Ada", "family_name": "Online",
            "email": "ada@example.org", "consent": "y"}
    missing = client.post(f"/n/{slug}/{hybrid.id}/anmelden", data=data)
    assert missing.status_code == 422
    assert "Bitte wählen Sie „vor Ort“ oder „online“." in missing.get_data(as_text=True)
    assert client.post(f"/n/{slug}/{hybrid.id}/anmelden", data={**data, "attendance": "online"}).status_code == 302
    registration = db.session.scalars(select(Registration).where(Registration.email == "ada@example.org")).one()
    assert (registration.attendance, registration.state) == ("online", "confirmed")


def test_public_files_and_feeds_never_carry_the_room(app, client, hybrid):
    sign_up(app, hybrid, 1, "online")
    slug = hybrid.network.slug
    for url in (f"/n/{slug}/{hybrid.id}.ics", f"/n/{slug}/{hybrid.id}.ics?agenda=1", f"/n/{slug}/kalender.ics",
                f"/n/{slug}/", f"/n/{slug}/{hybrid.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert not room_seen(body) and "CONFERENCE" not in body, url


# --- confirmed online participants see it, nobody else -----------------------------------------------------------

def test_only_a_confirmed_online_participant_sees_the_rooms_on_the_own_page(app, client, hybrid):
    online = sign_up(app, hybrid, 1, "online")
    onsite = sign_up(app, hybrid, 2, "onsite")
    sign_up(app, hybrid, 3, "online")
    waiting = sign_up(app, hybrid, 4, "online")
    assert waiting.registration.state == "waitlisted"
    page = client.get(f"/anmeldung/{online.token}").get_data(as_text=True)
    assert "Online teilnehmen" in page and ROOM.replace("&", "&amp;") in page and BREAKOUT in page
    assert "4711 0815" in page and "Breakout Sprache" in page
    assert "Namensschild (PDF)" not in page  # no badge for someone not in the room
    for outcome in (onsite, waiting):
        assert not room_seen(client.get(f"/anmeldung/{outcome.token}").get_data(as_text=True))
    assert "sobald Ihre Teilnahme bestätigt ist" in client.get(f"/anmeldung/{waiting.token}").get_data(as_text=True)
    with app.test_request_context():
        cancel(online.registration)
    db.session.commit()
    assert not room_seen(client.get(f"/anmeldung/{online.token}").get_data(as_text=True))


def test_the_confirmation_mail_brings_the_room_and_the_waiting_list_mail_does_not(app, smtp, hybrid):  # noqa: F811
    sign_up(app, hybrid, 1, "online")
    sign_up(app, hybrid, 2, "online")
    sign_up(app, hybrid, 3, "online")
    sign_up(app, hybrid, 4, "onsite")
    assert deliver_due() == (4, 0)
    by_address = {message["To"]: message for message in smtp.messages}
    text, html, [invite] = parts(by_address["p1@example.org"])
    assert ROOM in text and DIAL_IN in text and BREAKOUT in text and "Online teilnehmen:" in text
    assert f'href="{ROOM.replace("&", "&amp;")}"' in html
    vevent = Calendar.from_ical(invite.get_content()).walk("VEVENT")[0]
    assert str(vevent["LOCATION"]) == ROOM and ROOM in str(vevent["DESCRIPTION"])
    conferences = vevent["CONFERENCE"]
    assert [str(c) for c in conferences] == [ROOM, BREAKOUT]
    assert conferences[0].params["VALUE"] == "URI"
    for address in ("p3@example.org", "p4@example.org"):  # waiting online; on site
        text, html, invites = parts(by_address[address])
        calendars = "".join(part.get_content() for part in invites)
        assert not room_seen(text + html + calendars), address


def test_reminders_carry_the_room_for_confirmed_online_participants_only(app, smtp, hybrid):  # noqa: F811
    for n, mode in enumerate(["online", "onsite", "online", "online"], start=1):
        sign_up(app, hybrid, n, mode)
    db.session.add(ReminderRule(event_id=hybrid.id, days=6, hours=0, direction="before", anchor="start",
                                audience="confirmed", template="reminder"))
    db.session.add(ReminderRule(event_id=hybrid.id, days=6, hours=0, direction="before", anchor="start",
                                audience="waitlisted", template="reminder"))
    db.session.commit()
    db.session.execute(OutboxMail.__table__.delete())
    db.session.commit()
    with app.test_request_context():
        assert len(send_due()) == 4  # three confirmed, one waiting
    assert deliver_due() == (4, 0)
    by_address = {message["To"]: parts(message) for message in smtp.messages}
    text, html, [invite] = by_address["p1@example.org"]
    assert ROOM in text and "4711 0815" in html and BREAKOUT in text
    assert ROOM in invite.get_content().replace("\r\n ", "")
    for address in ("p2@example.org", "p4@example.org"):  # on site; waiting online
        text, html, invites = by_address[address]
        assert not room_seen(text + html + "".join(part.get_content() for part in invites)), address


def test_the_personal_feed_and_file_show_the_room_only_while_the_place_is_held(app, client, hybrid):
    online = sign_up(app, hybrid, 1, "online")
    waiting_elsewhere = factories.create_event(hybrid.network, title="Fachaustausch voll", format="online",
                                               online_capacity=1, online_url="https://konferenz.example.org/voll")
    db.session.commit()
    sign_up(app, waiting_elsewhere, 9, "online")
    waiting = sign_up(app, waiting_elsewhere, 1, "online")
    assert waiting.registration.state == "waitlisted" and waiting.registration.person_id == online.registration.person_id
    token = issue_feed_token(online.registration.person)
    db.session.commit()
    feed = Calendar.from_ical(client.get(f"/kalender/{token}.ics").get_data())
    entries = {str(vevent["SUMMARY"]): vevent for vevent in feed.walk("VEVENT")}
    mine = entries["Netzwerktreffen hybrid"]
    assert str(mine["LOCATION"]) == ROOM and [str(c) for c in mine["CONFERENCE"]] == [ROOM, BREAKOUT]
    assert "Einwahl per Telefon: +49 30 1234 5678" in str(mine["DESCRIPTION"])
    queued = entries["[Warteliste] Fachaustausch voll"]
    assert "CONFERENCE" not in queued and "voll" not in str(queued.get("LOCATION", ""))
    assert "konferenz.example.org/voll" not in str(queued.get("DESCRIPTION", ""))

    own_file = client.get(f"/anmeldung/{online.token}/veranstaltung.ics").get_data(as_text=True)
    assert "CONFERENCE" in own_file and "raum-4711" in own_file
    with app.test_request_context():
        cancel(online.registration)
    db.session.commit()
    feed = Calendar.from_ical(client.get(f"/kalender/{token}.ics").get_data())
    cancelled = [v for v in feed.walk("VEVENT") if "Netzwerktreffen hybrid" in str(v["SUMMARY"])][0]
    assert "CONFERENCE" not in cancelled and not room_seen(cancelled.to_ical().decode())
    assert "raum-4711" not in client.get(f"/anmeldung/{online.token}/veranstaltung.ics").get_data(as_text=True)


def test_a_mailing_fills_online_link_for_confirmed_online_participants_only(app, hybrid):
    for n, mode in enumerate(["online", "onsite", "online", "online"], start=1):
        sign_up(app, hybrid, n, mode)
    writer = MailingWriter(hybrid.network, hybrid, "Zugang", "Hallo {vorname}, hier der Raum: {online_link}")
    with app.test_request_context():
        written = {addressee.email: writer.write(addressee, addressee.locale, "")["body_text"]
                   for addressee in event_addressees(hybrid.id, EventAudience())}
    assert ROOM in written["p1@example.org"]
    assert not any(ROOM in written[address] for address in ("p2@example.org", "p4@example.org"))


# --- the coordinator's side --------------------------------------------------------------------------------------

def test_the_event_form_takes_only_web_links_with_the_error_beside_the_field(signed_in, network):
    from .test_events_routes import event_form
    for bad in ("javascript:alert(1)", "konferenz.example.org/raum", "mailto:a@example.org", "https://"):
        response = signed_in.submit("/manage/veranstaltungen/neu", event_form(network, format="online",
                                                                              online_url=bad))
        assert response.status_code == 422, bad
        assert 'id="online_url-error"' in response.get_data(as_text=True), bad
    on_site = signed_in.submit("/manage/veranstaltungen/neu", event_form(network, online_url=ROOM))
    assert on_site.status_code == 422 and "Online- oder Hybrid-Veranstaltung" in on_site.get_data(as_text=True)
    saved = signed_in.submit("/manage/veranstaltungen/neu", event_form(
        network, format="hybrid", online_url=ROOM, online_dial_in=DIAL_IN, capacity="40", online_capacity="100"))
    assert saved.status_code == 302
    event = db.session.scalar(select(Event))
    assert (event.format, event.online_url, event.capacity, event.online_capacity) == ("hybrid", ROOM, 40, 100)
    detail = signed_in.get(f"/manage/veranstaltungen/{event.id}").get_data(as_text=True)
    assert "Plätze online" in detail and "raum-4711" in detail
    item = signed_in.submit(f"/manage/veranstaltungen/{event.id}/programm/neu", {
        "title": "Breakout", "kind": "Tischgruppen", "day": (date.today() + timedelta(days=30)).isoformat(),
        "start_time": "11:00", "online_url": "ftp://konferenz.example.org"})
    assert item.status_code == 422 and 'id="online_url-error"' in item.get_data(as_text=True)


def test_coordinator_list_filters_by_mode_and_the_export_names_it(app, signed_in, hybrid):
    for n, mode in enumerate(["online", "onsite", "online"], start=1):
        sign_up(app, hybrid, n, mode)
    base = f"/manage/veranstaltungen/{hybrid.id}/anmeldungen"
    page = signed_in.get(base).get_data(as_text=True)
    assert "vor Ort: 1 von 2 Plätzen belegt" in page and "online: 2 von 2 Plätzen belegt" in page
    online_only = signed_in.get(f"{base}?attendance=online").get_data(as_text=True)
    assert "p1@example.org" in online_only and "p3@example.org" in online_only and "p2@example.org" not in online_only
    sheet = load_workbook(io.BytesIO(signed_in.get(f"{base}/export.xlsx").get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Teilnahme")
    assert sorted(row[column] for row in rows[1:]) == ["online", "online", "vor Ort"]


def test_start_page_shows_places_per_mode_of_a_hybrid_event(app, signed_in, hybrid):
    for n, mode in enumerate(["online", "onsite", "online"], start=1):
        sign_up(app, hybrid, n, mode)
    page = signed_in.get("/manage/").get_data(as_text=True)
    assert 'data-mode="onsite">vor Ort: 1 / 2' in page and 'data-mode="online">online: 2 / 2' in page


def test_online_participants_get_no_badge_no_line_at_the_desk_and_no_seat_at_hybrid_tables(app, hybrid):
    people = {mode: sign_up(app, hybrid, n, mode).registration for n, mode in enumerate(["onsite", "online"])}
    assert badge_registrations(hybrid, BadgeSelection()) == [people["onsite"]]
    assert set(badge_registrations(hybrid, BadgeSelection(with_online=True))) == set(people.values())
    assert desk_counts(hybrid) == {"expected": 1, "arrived": 0}
    plan = TablePlan(event_id=hybrid.id)
    db.session.add(plan)
    db.session.flush()
    assert participants(hybrid, plan) == [people["onsite"]]


def test_the_desk_marks_who_registered_online_in_search_and_on_check_in(app, signed_in, hybrid):
    online = sign_up(app, hybrid, 1, "online").registration
    sign_up(app, hybrid, 2, "onsite")
    found = signed_in.get(f"/manage/checkin/{hybrid.id}?q=vorname").get_data(as_text=True)
    assert found.count('data-attendance="online"') == 1
    assert found.index("Nachname1, Vorname1") < found.index('data-attendance="online"') < found.index("Nachname2")
    page = signed_in.submit(f"/manage/checkin/{hybrid.id}", {"code": online.checkin_code}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Willkommen, Vorname1 Nachname1!" in html and "Nimmt jetzt vor Ort teil (war online angemeldet)." in html
    # Who comes to the door takes part on site from then on, and is counted there.
    assert desk_counts(hybrid) == {"expected": 2, "arrived": 1}


def test_the_dashboard_draws_the_places_of_both_modes_as_a_hybrid_events_capacity(app, signed_in, hybrid):
    for n, mode in enumerate(["online", "onsite", "online"], start=1):
        sign_up(app, hybrid, n, mode)
    page = signed_in.get(f"/manage/netzwerke/{hybrid.network_id}/dashboard?event={hybrid.id}")
    assert "Kapazität: 4" in Tables(page.get_data(as_text=True)).descs["anmeldeverlauf"]  # 2 on site + 2 online


def test_a_clone_keeps_the_format_rooms_and_places(app, hybrid):
    copy = clone_event(hybrid, hybrid.starts_at + timedelta(days=28), "Netzwerktreffen hybrid II")
    db.session.commit()
    assert (copy.format, copy.online_url, copy.online_dial_in, copy.capacity, copy.online_capacity) == \
        ("hybrid", ROOM, DIAL_IN, 2, 2)
    assert [item.online_url for item in copy.agenda_items] == [BREAKOUT]


def test_the_invitation_attached_later_follows_the_registration_at_send_time(app, hybrid):
    outcome = sign_up(app, hybrid, 1, "online")
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.registration_id == outcome.registration.id)).one()
    assert "raum-4711" in attached_calendar(mail)
    with app.test_request_context():
        cancel(outcome.registration, notify=False)
    db.session.commit()
    assert "raum-4711" not in attached_calendar(mail)  # cancelled before the mail left: no room in it


# --- in the browser ----------------------------------------------------------------------------------------------

@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed")
def test_visitor_registers_online_on_a_phone_by_keyboard_and_finds_the_room_behind_the_mail_link(
        app, live_url, chromium, hybrid):
    slug = hybrid.network.slug
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, locale="de-DE", has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_url}/n/{slug}/{hybrid.id}")
    public_page = page.content()
    assert "Vor Ort oder online" in public_page and not room_seen(public_page)
    tab_until(page, "e.textContent.trim() === 'Anmelden'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/anmelden$"))
    tab_until(page, "e.name === 'attendance'")  # the first choice: on site
    page.keyboard.press("ArrowDown")  # arrows move within a radio group and choose
    assert page.get_by_label("online", exact=True).is_checked()
    tab_until(page, "e.id === 'given_name'")
    page.keyboard.type("Ada")
    page.keyboard.press("Tab")
    page.keyboard.type("Lovelace")
    page.keyboard.press("Tab")
    page.keyboard.type("ada.lovelace@example.org")
    tab_until(page, "e.id === 'consent'")
    page.keyboard.press("Space")
    tab_until(page, "e.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/angemeldet$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not room_seen(page.content())

    db.session.rollback()  # a fresh look at what the server committed
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == "ada.lovelace@example.org")).one()
    assert mail.kind == "confirmed" and ROOM in mail.body_text
    link = live_url + re.search(r"https?://[^/\s]+(/anmeldung/[\w-]+)", body_as_sent(mail)).group(1)
    page.goto(link)
    room = page.get_by_role("link", name=ROOM)
    assert room.is_visible() and room.get_attribute("href") == ROOM
    assert room.get_attribute("rel") == "noreferrer"  # the private link never travels to the conference host
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_url}/n/{slug}/{hybrid.id}")  # the public page, in the same browser: still no room
    assert not room_seen(page.content()) and "noch 1 Platz frei" in page.content()
    phone.close()
