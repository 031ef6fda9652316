"""DSGVO: a coordinator exports what is stored about a person, erases a person; old registrations are purged."""
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.people.models import Person
from netzwerk.privacy.commands import purge
from netzwerk.registrations.models import Registration
from netzwerk.registrations.services import register
from netzwerk.registrations.tokens import find_by_token
from netzwerk.subscriptions.models import Subscription

from . import factories

# Columns an anonymised registration keeps: they say nothing about who it was, and the statistics need them.
KEPT = {
    "id", "event_id", "state", "kommune_id", "organisation_type", "locale", "consent_version", "consented_at",
    "waitlisted_at", "confirmed_at", "cancelled_at", "attended_at", "checked_in_by_id", "anonymised_at",
    "created_at", "updated_at", "badge_role", "attendance",
}
REPLACED = {"token_hash", "checkin_code"}  # still unique, but no longer the person's link or badge
BLANK = ("", None, {}, [])


def registrant(n: int, **extra) -> dict:
    return {"given_name": "Aylin", "family_name": "Demir", "email": "aylin.demir@example.org", "consent": True,
            "answers": {"1": f"Antwort {n}"}, "accessibility_needs": "Rollstuhl", "dietary_needs": "vegan",
            "topic_preferences": ["Ausbildung", "Sprache"], **extra}


@pytest.fixture
def world(app, coordinator):
    """Aylin registered for two events (one full, so she waits there); Jonas registered too."""
    network = coordinator.networks[0]
    kommune = factories.create_kommune(name="Gütersloh")
    organisation = factories.create_organisation(network, name="Jobcenter Gütersloh")
    first = factories.create_event(network, title="Netzwerktreffen Gütersloh", capacity=10)
    second = factories.create_event(network, title="Fachkonferenz Bielefeld", capacity=1)
    item = factories.create_agenda_item(first, title="Impulsreferat")
    db.session.commit()
    with app.test_request_context():
        others = register(second.id, {"given_name": "Jonas", "family_name": "Weber", "email": "j.weber@example.org",
                                      "consent": True}, by_coordinator=True)
        outcomes = [register(event.id, registrant(n, kommune_id=kommune.id, organisation_id=organisation.id),
                             by_coordinator=True) for n, event in enumerate((first, second))]
    aylin = outcomes[0].registration.person
    outcomes[0].registration.notes = "Braucht Gebärdendolmetschung"
    item.speakers.append(aylin)
    db.session.commit()
    return dict(person=aylin, events=(first, second), outcomes=outcomes, other=others.registration, item=item)


def state_counts(event) -> dict:
    rows = db.session.execute(select(Registration.state, func.count()).where(Registration.event_id == event.id)
                              .group_by(Registration.state))
    return dict(rows.all())


def test_export_contains_the_person_their_registrations_answers_and_mails(browser, coordinator, world):
    browser.login(coordinator)
    response = browser.get(f"/manage/personen/{world['person'].id}/daten.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["person"]["email"] == "aylin.demir@example.org"
    assert data["person"]["organisation"] == {"name": "Jobcenter Gütersloh", "type": "Jobcenter"}
    registrations = data["registrations"]
    assert [r["event"]["title"] for r in registrations] == ["Netzwerktreffen Gütersloh", "Fachkonferenz Bielefeld"]
    assert [r["state"] for r in registrations] == ["confirmed", "waitlisted"]
    assert registrations[0]["answers"] == {"1": "Antwort 0"} and registrations[0]["dietary_needs"] == "vegan"
    assert registrations[0]["notes"] == "Braucht Gebärdendolmetschung"
    assert registrations[0]["consent_version"] is not None and registrations[0]["consented_at"]
    assert {mail["to"] for mail in data["mails"]} == {"aylin.demir@example.org"} and len(data["mails"]) == 2
    assert data["agenda_items_as_speaker"][0]["title"] == "Impulsreferat"
    assert "Weber" not in response.get_data(as_text=True)


def test_erasure_asks_first_and_explains_what_happens(browser, coordinator, world):
    browser.login(coordinator)
    html = browser.get(f"/manage/personen/{world['person'].id}/loeschen-dsgvo").get_data(as_text=True)
    assert "2 Anmeldungen werden anonymisiert" in html and "2 Mails" in html
    assert db.session.get(Person, world["person"].id) is not None


def test_erasure_leaves_no_personal_field_but_keeps_the_counts(browser, coordinator, world):
    person_id = world["person"].id
    registrations = [outcome.registration for outcome in world["outcomes"]]
    before = {column.name: [getattr(r, column.name) for r in registrations] for column in Registration.__table__.columns}
    counts_before = [state_counts(event) for event in world["events"]]
    browser.login(coordinator)
    response = browser.submit(f"/manage/personen/{person_id}/loeschen-dsgvo", follow_redirects=True)
    assert "wurde nach DSGVO gelöscht; 2 Anmeldungen wurden anonymisiert" in response.get_data(as_text=True)

    db.session.expire_all()
    assert db.session.get(Person, person_id) is None
    assert world["item"].speakers == []
    for index, registration in enumerate(db.session.get(Registration, r.id) for r in registrations):
        for column in Registration.__table__.columns:
            value, old = getattr(registration, column.name), before[column.name][index]
            if column.name in KEPT:
                continue
            if column.name in REPLACED:
                assert value != old, column.name
            else:
                assert value in BLANK, f"{column.name} kept {value!r}"
        assert registration.anonymised_at is not None and registration.kommune_id == before["kommune_id"][index]
    assert [state_counts(event) for event in world["events"]] == counts_before
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(
        OutboxMail.registration_id.in_([r.id for r in registrations]))) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMail).where(
        OutboxMail.to_address == "aylin.demir@example.org")) == 0
    other = db.session.get(Registration, world["other"].id)
    assert other.family_name == "Weber" and other.person is not None


def test_every_registration_column_is_classified_for_erasure():
    personal = {"given_name", "family_name", "email", "person_id", "answers", "accessibility_needs",
                "dietary_needs", "topic_preferences", "notes", "decision_message",
                "function", "phone", "organisation_id", "organisation_name", "photo_consent", "photo_consent_at"}
    assert {column.name for column in Registration.__table__.columns} == KEPT | REPLACED | personal


def test_after_erasure_the_self_service_link_and_the_badge_are_dead(browser, coordinator, world):
    token = world["outcomes"][0].token
    code = world["outcomes"][0].registration.checkin_code
    browser.login(coordinator)
    browser.submit(f"/manage/personen/{world['person'].id}/loeschen-dsgvo")
    db.session.expire_all()
    assert find_by_token(token) is None
    assert browser.get(f"/anmeldung/{token}").status_code == 404
    assert not db.session.scalar(select(Registration).where(Registration.checkin_code == code))


def test_coordinator_of_another_network_can_neither_export_nor_erase(browser, world):
    stranger = factories.create_user(networks=[factories.create_network()])
    db.session.commit()
    browser.login(stranger)
    person_id = world["person"].id
    assert browser.get(f"/manage/personen/{person_id}/daten.json").status_code == 403
    assert browser.get(f"/manage/personen/{person_id}/loeschen-dsgvo").status_code == 403
    response = browser.submit(f"/manage/personen/{person_id}/loeschen-dsgvo", form_url="/manage/")
    assert response.status_code == 403
    assert db.session.get(Person, person_id) is not None


def test_purge_anonymises_only_events_past_their_retention(app, runner, coordinator):
    network = coordinator.networks[0]
    long_ago = date.today() - timedelta(days=400)
    recently = date.today() - timedelta(days=20)
    expired = factories.create_event(network, title="Alt", starts_at=factories.at(long_ago, 10),
                                     ends_at=factories.at(long_ago, 16), retention_days=365)
    kept_long = factories.create_event(network, title="Alt, lange Frist", starts_at=factories.at(long_ago, 10),
                                       ends_at=factories.at(long_ago, 16), retention_days=730)
    short = factories.create_event(network, title="Kurz", starts_at=factories.at(recently, 10),
                                   ends_at=factories.at(recently, 16), retention_days=7)
    upcoming = factories.create_event(network, title="Bald", retention_days=0)
    db.session.commit()
    with app.test_request_context():
        for n, event in enumerate((expired, kept_long, short, upcoming)):
            register(event.id, registrant(n, email=f"p{n}@example.org"), by_coordinator=True)
    db.session.commit()

    result = runner.invoke(purge)
    assert result.exit_code == 0 and "2 Anmeldungen anonymisiert" in result.output
    names = {event.title: db.session.scalar(select(Registration.email).where(Registration.event_id == event.id))
             for event in (expired, kept_long, short, upcoming)}
    assert names == {"Alt": None, "Alt, lange Frist": "p1@example.org", "Kurz": None, "Bald": "p3@example.org"}
    assert "0 Anmeldungen anonymisiert" in runner.invoke(purge).output  # already done: nothing twice


def test_badge_pdfs_do_not_outlive_a_day_or_an_erasure(app, runner, coordinator):
    from netzwerk.badges.models import PrintJob
    from netzwerk.privacy.services import erase_person

    network = coordinator.networks[0]
    event = factories.create_event(network)
    person = factories.create_person(network)
    factories.create_registration(event, person=person)
    yesterday = PrintJob(event=event, pdf=b"%PDF", created_at=datetime.now(UTC) - timedelta(days=2))
    today = PrintJob(event=event, pdf=b"%PDF")
    db.session.add_all([yesterday, today])
    db.session.commit()

    runner.invoke(purge)
    assert db.session.scalars(select(PrintJob.id)).all() == [today.id]
    erase_person(person)
    db.session.commit()
    assert db.session.scalars(select(PrintJob.id)).all() == []


def test_invitations_mailings_and_subscriptions_are_exported_and_erased_too(app, browser, coordinator, world):
    """Aylin was invited, got a mailing, asked to stay informed, subscribed to a series and then opted out of
    mailings: all of it is in her export, and after her erasure no table holds her name or address."""
    from netzwerk.mailings.models import Mailing, MailingRecipient
    from netzwerk.mailings.services import opt_out
    from netzwerk.series.services import subscribe as subscribe_to_series
    from netzwerk.subscriptions.services import confirm
    from netzwerk.subscriptions.services import subscribe as stay_informed

    from .test_invitations import send
    person, network = world["person"], world["person"].network
    invited_to = factories.create_event(network, title="Lernnetzwerktreffen Minden")
    series = factories.create_series(network, title="Fachaustausch Arbeitsmarkt")
    db.session.commit()
    browser.login(coordinator)
    assert send(browser, invited_to).status_code == 302
    assert browser.submit(f"/manage/netzwerke/{network.id}/mailings/neu", {
        "subject": "Neues aus dem Netzwerk", "body": "Liebe:r {vorname}, ...", "action": "send", "confirm": "2"},
        form_url=f"/manage/netzwerke/{network.id}/mailings/neu").status_code == 302
    with app.test_request_context():
        stay_informed(network, {"given_name": "Aylin", "family_name": "Demir", "email": "Aylin.Demir@example.org"}, "tr")
        confirm(db.session.scalar(select(Subscription)))
        subscribe_to_series(series, {"given_name": "Aylin", "family_name": "Demir", "email": "aylin.demir@example.org",
                                     "consent": True}, "tr")
        opt_out(person.id)
    db.session.commit()

    exported = json.loads(browser.get(f"/manage/personen/{person.id}/daten.json").get_data(as_text=True))
    assert [row["event"] for row in exported["invitations"]] == ["Lernnetzwerktreffen Minden"]
    assert [row["subject"] for row in exported["mailings_received"]] == ["Neues aus dem Netzwerk"]
    assert [row["state"] for row in exported["announcement_subscriptions"]] == ["confirmed"]
    assert exported["announcement_subscriptions"][0]["consent_text"]
    assert [row["series"] for row in exported["series_subscriptions"]] == ["Fachaustausch Arbeitsmarkt"]
    assert len(exported["mail_opt_out"]) == 1
    assert {"invitation", "mailing", "subscription_confirm"} <= \
        {mail["kind"] for mail in exported["mails"]}
    page = browser.get(f"/manage/personen/{person.id}/loeschen-dsgvo").get_data(as_text=True)
    assert "Einladungen zu Veranstaltungen (werden gelöscht): 1" in page
    assert "Abos von Veranstaltungsreihen (werden gelöscht): 1" in page

    erased = browser.submit(f"/manage/personen/{person.id}/loeschen-dsgvo", follow_redirects=True)
    assert "wurde nach DSGVO gelöscht" in erased.get_data(as_text=True)
    assert traces_of("aylin", "demir") == []
    mailing = db.session.scalar(select(Mailing))
    assert db.session.scalar(select(func.count()).select_from(MailingRecipient)
                             .where(MailingRecipient.mailing_id == mailing.id)) == 2  # the mailing's counts stay


def traces_of(*words: str) -> list[tuple[str, str]]:
    """(table, column) of every text value in the database that contains one of the words (any case)."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
                if isinstance(text, str) and any(word in text.lower() for word in words):
                    found.append((table.name, column))
    return found


def test_purge_also_forgets_invitations_and_mailing_recipients_of_expired_events(app, runner, coordinator):
    from netzwerk.invitations.models import Invitation
    from netzwerk.mailings.models import Mailing, MailingRecipient

    network = coordinator.networks[0]
    long_ago = date.today() - timedelta(days=400)
    expired = factories.create_event(network, title="Alt", starts_at=factories.at(long_ago, 10),
                                     ends_at=factories.at(long_ago, 16), retention_days=365)
    kept = factories.create_event(network, title="Alt, lange Frist", starts_at=factories.at(long_ago, 10),
                                  ends_at=factories.at(long_ago, 16), retention_days=730)
    person = factories.create_person(network, given_name="Aylin", family_name="Demir", email="aylin@example.org")
    for event in (expired, kept):
        db.session.add(Invitation(event=event, person=person, email=person.email, decline_message="Leider krank"))
        mailing = Mailing(network_id=network.id, event_id=event.id, subject="Danke", body="Danke fürs Kommen")
        db.session.add(mailing)
        db.session.flush()
        db.session.add(MailingRecipient(mailing_id=mailing.id, person_id=person.id, name="Aylin Demir",
                                        email=person.email))
    db.session.commit()

    assert runner.invoke(purge).exit_code == 0
    db.session.expire_all()
    assert [invitation.event_id for invitation in db.session.scalars(select(Invitation))] == [kept.id]
    recipients = {mailing_id: (name, email) for mailing_id, name, email in db.session.execute(
        select(Mailing.event_id, MailingRecipient.name, MailingRecipient.email).join(Mailing))}
    assert recipients == {expired.id: ("", ""), kept.id: ("Aylin Demir", "aylin@example.org")}
    assert db.session.get(Person, person.id) is not None  # the person stays in the network's address book
