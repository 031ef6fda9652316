import re
import shutil
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from netzwerk.auth.models import User
from netzwerk.common.timing import local
from netzwerk.demo import data
from netzwerk.demo.commands import LOGIN_FILE
from netzwerk.demo.services import ascii_slug, event_day, gendered, seed_demo
from netzwerk.events.models import Event
from netzwerk.extensions import db
from netzwerk.kommunen.models import Kommune, Membership
from netzwerk.networks.models import Network
from netzwerk.organisations.models import Organisation, OrganisationType
from netzwerk.people.models import Person
from netzwerk.registrations.models import Registration
from netzwerk.series.models import EventSeries, SeriesSubscription

from . import factories
from .conftest import RowSnapshot, _empty_all_tables

# Real people named in the background texts (shared/domain): none of them may appear in the demo.
REAL_FAMILY_NAMES = {
    "Mohn", "Witte", "Yousef", "Remy", "Achenbach", "Pfänder", "Kühlborn", "Otmischi", "Frick", "Placke",
    "Schacht", "Rein", "Vogler", "Gellermann", "Stolze", "Hennig", "Paul", "Wetzel",
}
REAL_GIVEN_NAMES = {"Brigitte", "Tagrid", "Bijan", "Valeska", "Kirsten", "Johannes", "Gerd", "Petra", "Harald"}


@pytest.fixture(scope="session")
def seeded_once(_session_app, tmp_path_factory):
    """`flask seed-demo` run once per test process: its output, the login file it wrote, a snapshot of its rows."""
    folder = tmp_path_factory.mktemp("demo")
    instance_path, _session_app.instance_path = _session_app.instance_path, str(folder)
    with _session_app.app_context():
        result = _session_app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        snapshot = RowSnapshot(folder)
        snapshot.take()
        db.session.remove()
        _empty_all_tables()
    _session_app.instance_path = instance_path
    yield result, snapshot, folder / LOGIN_FILE
    with _session_app.app_context():
        snapshot.drop()


@pytest.fixture
def seeded(app, tmp_path, seeded_once):
    """The demo as `flask seed-demo` leaves it, with its output and the login file in tmp_path."""
    result, snapshot, login_file = seeded_once
    snapshot.restore()
    app.instance_path = str(tmp_path)
    shutil.copy2(login_file, tmp_path / LOGIN_FILE)  # with the mode seed-demo gave it
    return result


def printed_password(output: str) -> str:
    return re.search(r"Passwort[^:]*:\s*(\S+)", output).group(1)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_fills_an_empty_database_with_the_programme(seeded):
    network = db.session.scalar(select(Network))
    assert network.slug == "ankommen-in-deutschland"
    assert network.contact_email.endswith(".example.org")
    phases = db.session.execute(select(Membership.phase, func.count()).group_by(Membership.phase)).all()
    assert dict(phases) == {"Pilotkommunen": 4, "2. Phase": 10}
    merzig = db.session.scalar(select(Kommune).where(Kommune.name == "Merzig"))
    assert (merzig.kind, merzig.bundesland) == ("Stadt", "Saarland")
    assert set(db.session.scalars(select(Organisation.type))) == set(OrganisationType)
    assert 140 <= count(Person) <= 160
    emails = list(db.session.scalars(select(Person.email)))
    assert all(email.endswith((".example.org", ".example.com")) for email in emails)
    assert len(set(emails)) == len(emails)
    phones = [phone for phone in db.session.scalars(select(Person.phone)) if phone]
    assert phones and all(phone.startswith(data.PHONE_PREFIX) for phone in phones)
    assert db.session.scalar(select(func.count()).where(Person.organisation_id.is_(None))) == 0


def test_the_meeting_in_guetersloh_and_the_fair_in_merzig_lie_ahead(seeded):
    now = datetime.now(UTC)
    events = {event.kind: event for event in db.session.scalars(select(Event).where(Event.status == "published")
                                                                 .order_by(Event.starts_at))}
    closing, meeting, fair = events["Lernnetzwerktreffen"], events["Netzwerktreffen"], events["Migrationsmesse"]
    assert closing.starts_at < now and "Gütersloh" in closing.venue_address
    assert meeting.starts_at > now and "Gütersloh" in meeting.venue_address and meeting.capacity == 60
    assert meeting.registration_opens_at < now < meeting.registration_closes_at < meeting.starts_at
    assert fair.starts_at > meeting.starts_at and "Merzig" in fair.venue_address and fair.capacity == 600
    assert {"Begrüßung", "Film", "Tischgruppen", "Rollenspiel", "Pause"} <= {i.kind for i in closing.agenda_items}
    assert any(item.speakers for item in closing.agenda_items)
    assert "Tischgruppen" in {item.kind for item in meeting.agenda_items}
    assert db.session.scalar(select(func.count()).where(Event.status == "draft")) == 1


def test_coordinator_logs_in_with_the_printed_password(seeded, browser, tmp_path):
    password = printed_password(seeded.output)
    login_file = tmp_path / "demo-login.txt"
    assert password in login_file.read_text()
    assert stat.S_IMODE(login_file.stat().st_mode) == 0o600
    user = db.session.scalar(select(User).where(User.email == "koordination@ankommen.example"))
    assert [network.slug for network in user.networks] == ["ankommen-in-deutschland"]
    browser.login(user, password=password)
    assert browser.get("/manage/").status_code == 200


def test_public_network_page_lists_the_upcoming_events(seeded, client):
    page = client.get("/n/ankommen-in-deutschland/").get_data(as_text=True)
    upcoming = page.split("Archiv")[0]
    assert "Netzwerktreffen: Gelingensfaktoren" in upcoming
    assert "Migrationsmesse Merzig" in upcoming
    assert "Abschluss der Pilotkommunen" not in upcoming
    assert "gemeinsam gestalten" not in page  # the draft Fachkonferenz stays in the workspace


def test_seeding_twice_is_refused_and_duplicates_nothing(seeded, runner):
    people = count(Person)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "seed-demo füllt nur eine leere Datenbank" in result.output
    assert (count(Network), count(Person), count(Kommune)) == (1, people, 14)


def test_if_empty_skips_a_database_with_data(app, runner, tmp_path):
    app.instance_path = str(tmp_path)
    factories.create_network()
    db.session.commit()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert count(Network) == 1 and count(Person) == 0
    assert not (tmp_path / "demo-login.txt").exists()


def test_no_real_person_from_the_domain_texts_is_seeded(seeded):
    names = db.session.execute(select(Person.given_name, Person.family_name)).all()
    assert not {family for _, family in names} & REAL_FAMILY_NAMES
    assert not {given for given, _ in names} & REAL_GIVEN_NAMES


def test_demo_is_the_same_on_every_run(app):
    first = seed_demo(date(2030, 5, 6), "erstes-passwort-123")
    first_people = [(p.given_name, p.family_name, p.email, p.function) for p in first.people]
    first_days = [event.starts_at for event in first.events]
    db.session.rollback()
    second = seed_demo(date(2030, 5, 6), "zweites-passwort-456")
    assert [(p.given_name, p.family_name, p.email, p.function) for p in second.people] == first_people
    assert [event.starts_at for event in second.events] == first_days
    db.session.rollback()


def test_event_days_move_forward_to_the_wanted_weekday():
    thursday = 3
    day = event_day(date(2030, 5, 6), 21, thursday)  # a Monday + 3 weeks -> the Thursday after
    assert day == date(2030, 5, 30) and day.weekday() == thursday


def test_functions_and_addresses_are_written_as_in_germany():
    assert gendered("Fallmanager:in", female=True) == "Fallmanagerin"
    assert gendered("Integrationsbeauftragte:r", female=False) == "Integrationsbeauftragter"
    assert ascii_slug("Öztürk") == "oeztuerk" and ascii_slug("Yılmaz") == "yilmaz"
    assert ascii_slug("Malerbetrieb Kessler & Yıldız") == "malerbetrieb-kessler-yildiz"


def test_demo_has_attendees_a_full_meeting_with_waiting_list_and_approvals_and_mails(seeded):
    from netzwerk.mail.models import OutboxMail
    from netzwerk.registrations.capacity import places_by_mode, state_counts

    events = {event.kind: event for event in db.session.scalars(select(Event).where(Event.status == "published"))}
    assert state_counts(events["Fachkonferenz"].id) == {"attended": 100}
    meeting = state_counts(events["Netzwerktreffen"].id)
    assert meeting["confirmed"] == 60 + 6 and meeting["pending"] == 3 and 1 <= meeting["waitlisted"] <= 5
    assert events["Netzwerktreffen"].format == "hybrid"
    assert places_by_mode(events["Netzwerktreffen"].id) == {"onsite": 60, "online": 6}  # the places on site are full
    kinds = set(db.session.scalars(select(OutboxMail.kind)))
    assert {"confirmed", "waitlisted", "moved_up", "cancelled", "pending"} <= kinds


def test_closing_meeting_has_a_published_three_round_table_plan(seeded):
    from netzwerk.demo.data import CLOSING_MEETING_TITLE
    from netzwerk.tables.services import seating_of

    setting = seating_of(db.session.scalar(select(Event).where(Event.title == CLOSING_MEETING_TITLE)))
    assert setting.plan.published_at is not None and len(setting.rounds) == 3
    assert len(setting.seats) == len(setting.people) == 34
    assert setting.plan.metrics["repeated_encounters"] == setting.plan.lower_bounds["repeated_encounters"]


def test_next_meeting_has_invitations_to_the_pilot_kommunen_with_every_answer(seeded):
    from netzwerk.invitations.models import Invitation
    from netzwerk.invitations.services import counts

    meeting = db.session.scalar(select(Event).where(Event.kind == "Netzwerktreffen", Event.status == "published"))
    answers = counts(meeting.id)
    assert answers["registered"] >= 1 and answers["declined"] >= 1 and answers["invited"] >= 1
    phases = set(db.session.scalars(
        select(Membership.phase).join(Organisation, Organisation.kommune_id == Membership.kommune_id)
        .join(Person, Person.organisation_id == Organisation.id).join(Invitation, Invitation.person_id == Person.id)))
    assert phases == {data.PILOT_PHASE}


def test_the_next_meeting_has_reminder_rules_and_a_sent_mailing(seeded):
    from netzwerk.mailings.models import Mailing, ReminderRule
    from netzwerk.mailings.services import progress
    mailing = Mailing.query.one()
    assert ReminderRule.query.filter_by(event_id=mailing.event_id).count() == 3
    counts = progress(mailing.id)
    assert counts["sent"] == mailing.queued > 0 and counts["pending"] == 0


def test_demo_has_a_monthly_online_fachaustausch_with_subscribers(seeded, client):
    series = db.session.scalar(select(EventSeries).where(EventSeries.title == "Fachaustausch online"))
    dates = db.session.scalars(select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)).all()
    assert len(dates) == 6
    for event in dates:
        start = local(event.starts_at)
        assert (start.weekday(), start.hour, start.minute, local(event.ends_at).hour) == (2, 12, 30, 13)
        assert (start + timedelta(days=7)).month != start.month
    assert {(event.format, event.online_capacity) for event in dates} == {("online", 40)}
    assert {registration.attendance for event in dates for registration in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id))} == {"online"}
    subscribers = db.session.scalars(select(SeriesSubscription.email).where(SeriesSubscription.series_id == series.id))
    subscribers = set(subscribers)
    assert len(subscribers) == 5
    for event in dates:
        registered = set(db.session.scalars(select(Registration.email).where(Registration.event_id == event.id)))
        assert subscribers <= registered
    page = client.get(f"/n/{series.network.slug}/").get_data(as_text=True)
    assert page.count(f"/reihe/{series.id}") == 1


def test_the_printed_login_names_where_make_run_serves(monkeypatch):
    from netzwerk.demo.commands import login_note
    monkeypatch.setenv("SERVED_AT", "http://127.0.0.1:8080")
    assert "http://127.0.0.1:8080/anmelden" in login_note("koordination@ankommen.example", "geheim")
    monkeypatch.delenv("SERVED_AT")
    assert "http://127.0.0.1:5000/anmelden" in login_note("koordination@ankommen.example", "geheim")
