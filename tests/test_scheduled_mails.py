"""Scheduled mails (issue 15, point 2): an event's reminder rules send each mail once per rule and registration,
in the registrant's language, with the event's calendar file; however many workers run at once or restart; a new
event date moves the reminders, and a reminder already sent is not sent again."""
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from netzwerk.common.timing import utcnow
from netzwerk.config import TestConfig
from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.sender import deliver_due
from netzwerk.mailings.models import ReminderRule, ReminderSend
from netzwerk.mailings.schedule import add_default_rules, send_due
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import run_at_once
from .test_mail import parts, smtp  # noqa: F401  (smtp: the fixture, a real SMTP server)


@pytest.fixture
def soon(network):
    """An event starting in five days with three confirmed, one waitlisted and one cancelled registration."""
    start = (utcnow() + timedelta(days=5)).replace(microsecond=0)
    event = factories.create_event(network, title="Netzwerktreffen Düren", starts_at=start,
                                   ends_at=start + timedelta(hours=6), latitude=50.8, longitude=6.48)
    for n, locale in enumerate(("de", "ar", "uk")):
        factories.create_registration(event, email=f"gast{n}@example.org", locale=locale, given_name=f"Gast{n}")
    factories.create_registration(event, state="waitlisted")
    factories.create_registration(event, state="cancelled")
    db.session.commit()
    return event


def rule(event, **values) -> ReminderRule:
    defaults = dict(days=7, hours=0, direction="before", anchor="start", audience="confirmed", template="reminder")
    created = ReminderRule(event_id=event.id, **{**defaults, **values})
    db.session.add(created)
    db.session.commit()
    return created


def mails(kind="scheduled_reminder"):
    return db.session.scalars(select(OutboxMail).where(OutboxMail.kind == kind).order_by(OutboxMail.id)).all()


def test_a_due_reminder_reaches_each_confirmed_registrant_once_in_their_language(app, smtp, soon):  # noqa: F811
    week = rule(soon, days=2)  # due 3 days from now: not yet
    day_before = rule(soon, days=6)  # due a day ago: sent now
    with app.test_request_context():
        written = send_due()
    assert len(written) == 3
    assert {m.to_address for m in mails()} == {"gast0@example.org", "gast1@example.org", "gast2@example.org"}
    assert db.session.scalar(select(func.count()).select_from(ReminderSend).where(
        ReminderSend.rule_id == week.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(ReminderSend).where(
        ReminderSend.rule_id == day_before.id)) == 3

    assert deliver_due() == (3, 0)
    by_address = {message["To"]: message for message in smtp.messages}
    german_text, german_html, calendars = parts(by_address["gast0@example.org"])
    assert by_address["gast0@example.org"]["Subject"] == "Erinnerung: Netzwerktreffen Düren"
    assert "Guten Tag Gast0" in german_text and "Tagungszentrum" in german_text
    assert "openstreetmap.org/?mlat=50.80000&mlon=6.48000" in german_text  # how to get there
    [calendar] = calendars
    assert Calendar.from_ical(calendar.get_content()).walk("VEVENT")[0]["SUMMARY"] == "Netzwerktreffen Düren"
    assert by_address["gast1@example.org"]["Subject"] == "تذكير: Netzwerktreffen Düren"
    assert 'dir="rtl"' in parts(by_address["gast1@example.org"])[1]
    assert by_address["gast2@example.org"]["Subject"].startswith("Нагадування")

    with app.test_request_context():
        assert send_due() == []  # run again (a restart): nothing twice


def test_a_rule_long_past_is_not_sent_late(app, soon):
    rule(soon, days=7)
    soon.starts_at = soon.starts_at + timedelta(hours=1)  # 7 days before is 47 hours ago: inside the late limit
    db.session.commit()
    assert len(send_due()) == 3
    late = rule(soon, days=10)  # due five days ago
    assert send_due() == [] and not db.session.scalars(select(ReminderSend).where(ReminderSend.rule_id == late.id)).all()


def test_own_tables_appear_in_the_reminder(app, soon, monkeypatch):
    from netzwerk.calendar import services as calendar_services
    first = db.session.scalars(select(Registration).where(Registration.email == "gast0@example.org")).one()
    monkeypatch.setattr(calendar_services, "_own_details",
                        [lambda ids: {first.id: ["Runde 1: Tisch 3 – Sprachkurse"]} if first.id in ids else {}])
    rule(soon, days=6)
    send_due()
    mail = next(m for m in mails() if m.to_address == "gast0@example.org")
    assert "Runde 1: Tisch 3 – Sprachkurse" in mail.body_text and "Sprachkurse" in mail.body_html


def test_thanks_go_to_the_checked_in_after_the_event(app, soon):
    soon.starts_at, soon.ends_at = utcnow() - timedelta(days=1, hours=8), utcnow() - timedelta(days=1, hours=2)
    attended = db.session.scalars(select(Registration).where(Registration.email == "gast1@example.org")).one()
    attended.state, attended.attended_at = "attended", soon.starts_at
    db.session.commit()
    rule(soon, days=1, direction="after", anchor="end", audience="attended", template="thanks",
         link="https://ankommen.example/doku")
    send_due()
    [mail] = mails("scheduled_thanks")
    assert mail.to_address == "gast1@example.org" and "https://ankommen.example/doku" in mail.body_text
    assert mail.ics_method == ""


def test_a_new_date_moves_the_reminders_and_a_sent_one_is_not_sent_again(app, soon):
    soon.starts_at, soon.ends_at = soon.starts_at + timedelta(days=10), soon.ends_at + timedelta(days=10)
    db.session.commit()
    week = rule(soon, days=7, hours=0)
    assert send_due() == []  # 15 days away: the week-before reminder is due in 8 days

    soon.starts_at, soon.ends_at = soon.starts_at - timedelta(days=9), soon.ends_at - timedelta(days=9)
    db.session.commit()  # 6 days away: due a day ago
    assert len(send_due()) == 3
    soon.starts_at, soon.ends_at = soon.starts_at + timedelta(days=1), soon.ends_at + timedelta(days=1)
    db.session.commit()  # moved again: 7 days away, due now again, but already sent
    assert send_due() == []
    assert db.session.scalar(select(func.count()).select_from(ReminderSend).where(ReminderSend.rule_id == week.id)) == 3


def test_cancelled_and_draft_events_send_nothing(app, soon):
    rule(soon, days=6)
    soon.status = "cancelled"
    db.session.commit()
    assert send_due() == []


def test_two_workers_at_once_send_each_mail_once(app, soon):
    from netzwerk import create_app
    rule(soon, days=6)
    rule(soon, days=5, hours=1)
    for n in range(30):
        factories.create_registration(soon, email=f"viele{n}@example.org")
    db.session.commit()
    apps = [create_app(TestConfig(app.config["SQLALCHEMY_DATABASE_URI"])) for _ in range(3)]
    results = run_at_once(apps, lambda: len(send_due()))
    assert sum(results) == 2 * 33  # three workers, two rules, 33 confirmed: each mail written by one of them
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 2 * 33
    assert db.session.scalar(select(func.count()).select_from(ReminderSend)) == 2 * 33


def test_default_rules_in_one_click_and_not_twice(app, signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    url = f"/manage/veranstaltungen/{event.id}/erinnerungen"
    assert signed_in.submit(f"{url}/standard", form_url=url).status_code == 302
    signed_in.submit(f"{url}/standard", form_url=url)
    rules = db.session.scalars(select(ReminderRule).where(ReminderRule.event_id == event.id)).all()
    assert sorted((r.days, r.direction, r.audience, r.template) for r in rules) == [
        (1, "after", "attended", "thanks"), (1, "before", "confirmed", "reminder"), (7, "before", "confirmed", "reminder")]
    assert add_default_rules(event) == 0


def test_coordinator_adds_edits_and_deletes_a_rule_with_clear_errors(app, signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    url = f"/manage/veranstaltungen/{event.id}/erinnerungen"
    bad = signed_in.submit(url, {"days": "-3", "hours": "99", "direction": "before", "anchor": "start",
                                 "audience": "confirmed", "template": "reminder", "link": "javascript:alert(1)"})
    assert bad.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(ReminderRule)) == 0
    response = signed_in.submit(url, {"days": "3", "hours": "2", "direction": "before", "anchor": "start",
                                      "audience": "confirmed", "template": "reminder", "note": "Bitte Ausweis mitbringen"})
    assert response.status_code == 302
    created = db.session.scalars(select(ReminderRule)).one()
    assert (created.days, created.hours, created.note) == (3, 2, "Bitte Ausweis mitbringen")
    page = signed_in.get(url).get_data(as_text=True)
    assert "3 Tage 2 Stunden vor dem Beginn" in page
    signed_in.submit(f"/manage/erinnerungen/{created.id}", {"days": "1", "hours": "0", "direction": "after",
                                                          "anchor": "end", "audience": "attended", "template": "thanks"})
    db.session.refresh(created)
    assert (created.days, created.direction, created.template) == (1, "after", "thanks")
    assert signed_in.submit(f"/manage/erinnerungen/{created.id}/loeschen", form_url=url).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ReminderRule)) == 0


def test_send_scheduled_command_and_the_print_worker_round(app, runner, soon):
    rule(soon, days=6)
    rule(soon, days=5, hours=1)
    event_id = soon.id
    result = runner.invoke(args=["send-scheduled"])
    assert "6 scheduled mail(s) queued." in result.output
    soon = db.session.get(type(soon), event_id)
    rule(soon, days=5, hours=2)
    from netzwerk.common.worker import run_round
    run_round()
    assert len(mails()) == 9
