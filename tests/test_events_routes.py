from datetime import date, timedelta

from sqlalchemy import select

from netzwerk.common.references import blocking_references
from netzwerk.common.timing import local
from netzwerk.events.models import AgendaItem, Event
from netzwerk.extensions import db
from netzwerk.mail.outbox import attached_calendar

from . import factories

FUTURE = date.today() + timedelta(days=30)


def event_form(network, **overrides):
    values = {
        "network_id": network.id, "kind": "Netzwerktreffen", "title": "Netzwerktreffen Gütersloh",
        "start_date": FUTURE.isoformat(), "start_time": "10:00", "end_date": "", "end_time": "16:30",
        "venue_name": "Stadthalle Gütersloh", "venue_address": "Friedrichstraße 10\n33330 Gütersloh",
        "capacity": "60", "status": "draft",
    }
    return {**values, **overrides}


def test_coordinator_creates_an_event_in_berlin_time(browser, coordinator):
    network = coordinator.networks[0]
    browser.login(coordinator)
    response = browser.submit("/manage/veranstaltungen/neu", event_form(network))
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert (local(event.starts_at).hour, local(event.ends_at).hour, local(event.ends_at).minute) == (10, 16, 30)
    assert event.starts_at.utcoffset().total_seconds() == 0  # stored as UTC
    assert not event.all_day and event.capacity == 60 and event.sequence == 0
    assert "Stadthalle Gütersloh" in browser.get(f"/manage/veranstaltungen/{event.id}").get_data(as_text=True)


def test_event_without_times_is_all_day_and_may_span_days(browser, coordinator):
    network = coordinator.networks[0]
    browser.login(coordinator)
    data = event_form(network, start_time="", end_time="", end_date=(FUTURE + timedelta(days=1)).isoformat())
    assert browser.submit("/manage/veranstaltungen/neu", data).status_code == 302
    event = db.session.scalar(select(Event))
    assert event.all_day
    assert local(event.starts_at).date() == FUTURE
    assert local(event.ends_at).date() == FUTURE + timedelta(days=2)  # exclusive end, as in iCal


def test_event_form_reports_wrong_times_beside_the_fields(browser, coordinator):
    network = coordinator.networks[0]
    browser.login(coordinator)
    response = browser.submit("/manage/veranstaltungen/neu", event_form(network, title="", end_time="09:00"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="title-error"' in html
    assert 'id="end_time-error"' in html and "nach dem Beginn" in html
    assert db.session.scalar(select(Event)) is None


def test_event_of_unmanaged_network_cannot_be_created(browser, coordinator):
    other = factories.create_network()
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit("/manage/veranstaltungen/neu", event_form(other))
    assert response.status_code == 422
    assert db.session.scalar(select(Event)) is None


def test_changing_time_place_title_or_status_raises_the_sequence(browser, coordinator):
    network = coordinator.networks[0]
    event = factories.create_event(network, status="draft")
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/veranstaltungen/{event.id}/bearbeiten"
    browser.submit(url, event_form(network, status="draft", title=event.title, venue_name=event.venue_name))
    db.session.refresh(event)
    changed_once = event.sequence
    assert changed_once == 1  # times differ from the factory's
    browser.submit(url, event_form(network, status="draft", title=event.title, venue_name=event.venue_name))
    db.session.refresh(event)
    assert event.sequence == changed_once  # saving unchanged data keeps it
    browser.submit(f"/manage/veranstaltungen/{event.id}/status", {"status": "published"},
                   form_url=f"/manage/veranstaltungen/{event.id}")
    db.session.refresh(event)
    assert event.status == "published" and event.sequence == changed_once + 1


def test_agenda_items_are_added_edited_and_removed(browser, coordinator):
    network = coordinator.networks[0]
    speaker = factories.create_person(network, given_name="Leyla", family_name="Aydın")
    event = factories.create_event(network)
    db.session.commit()
    browser.login(coordinator)
    day = local(event.starts_at).date().isoformat()
    response = browser.submit(f"/manage/veranstaltungen/{event.id}/programm/neu", {
        "title": "Impuls: Gelingensfaktoren", "kind": "Impulsreferat", "day": day,
        "start_time": "10:15", "end_time": "11:00", "speakers": [speaker.id], "speaker_text": "Gast aus Wuppertal",
    })
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem))
    assert item.speaker_names == "Leyla Aydın, Gast aus Wuppertal"
    page = browser.get(f"/manage/veranstaltungen/{event.id}").get_data(as_text=True)
    assert "Impuls: Gelingensfaktoren" in page and "10:15" in page
    bad = browser.submit(f"/manage/veranstaltungen/{event.id}/programm/{item.id}",
                         {"title": "X", "kind": "Film", "day": day, "start_time": "12:00", "end_time": "11:00"})
    assert bad.status_code == 422 and "nach dem Beginn" in bad.get_data(as_text=True)
    removed = browser.submit(f"/manage/veranstaltungen/{event.id}/programm/{item.id}/loeschen")
    assert removed.status_code == 302
    assert db.session.scalar(select(AgendaItem)) is None


def test_speaker_cannot_be_deleted_while_on_the_agenda(app, coordinator):
    network = coordinator.networks[0]
    speaker = factories.create_person(network)
    item = factories.create_agenda_item(factories.create_event(network))
    item.speakers.append(speaker)
    db.session.commit()
    with app.test_request_context():
        assert blocking_references(speaker) == [("Programmpunkte (als Referent:in)", 1)]


def test_event_with_agenda_is_deleted_with_its_agenda(browser, coordinator):
    event = factories.create_event(coordinator.networks[0])
    factories.create_agenda_item(event)
    db.session.commit()
    browser.login(coordinator)
    assert browser.submit(f"/manage/veranstaltungen/{event.id}/loeschen").status_code == 302
    assert db.session.scalar(select(AgendaItem)) is None


def test_event_list_filters_by_kind_and_status(browser, coordinator):
    network = coordinator.networks[0]
    factories.create_event(network, title="Messe Merzig", kind="Migrationsmesse")
    factories.create_event(network, title="Entwurf Fachkonferenz", kind="Fachkonferenz", status="draft")
    db.session.commit()
    browser.login(coordinator)
    fair = browser.get("/manage/veranstaltungen?kind=Migrationsmesse").get_data(as_text=True)
    assert "Messe Merzig" in fair and "Entwurf Fachkonferenz" not in fair
    drafts = browser.get("/manage/veranstaltungen?status=draft").get_data(as_text=True)
    assert "Entwurf Fachkonferenz" in drafts and "Messe Merzig" not in drafts


def test_event_pages_issue_constant_queries(browser, coordinator, count_queries):
    network = coordinator.networks[0]
    browser.login(coordinator)

    def queries_with(rows):
        start = factories.at(FUTURE, 10)
        db.session.add_all(
            factories.Event(network=network, kind="Netzwerktreffen", title=f"T{rows}-{i}", starts_at=start,
                            ends_at=start + timedelta(hours=4), status="published") for i in range(rows))
        db.session.commit()
        with count_queries() as counted:
            assert browser.get("/manage/veranstaltungen").status_code == 200
        return counted.n

    assert queries_with(10) == queries_with(490)


def test_event_detail_issues_constant_queries_for_long_agendas(browser, coordinator, count_queries):
    network = coordinator.networks[0]
    people = [factories.create_person(network) for _ in range(3)]
    browser.login(coordinator)

    def queries_with(items):
        event = factories.create_event(network)
        for i in range(items):
            item = factories.create_agenda_item(event, title=f"Punkt {i}")
            item.speakers = people
        db.session.commit()
        with count_queries() as counted:
            assert browser.get(f"/manage/veranstaltungen/{event.id}").status_code == 200
        return counted.n

    assert queries_with(2) == queries_with(40)


def test_raising_the_capacity_moves_the_waiting_list_up(browser, coordinator):
    network = coordinator.networks[0]
    event = factories.create_event(network, capacity=1, status="published")
    factories.create_registration(event, state="confirmed")
    waiting = factories.create_registration(event, state="waitlisted", waitlisted_at=factories.at(FUTURE, 9))
    db.session.commit()
    browser.login(coordinator)
    day = local(event.starts_at).date().isoformat()
    browser.submit(f"/manage/veranstaltungen/{event.id}/bearbeiten", event_form(
        network, capacity="2", status="published", title=event.title, venue_name=event.venue_name,
        start_date=day, start_time="10:00", end_time="16:00", venue_address=event.venue_address))
    db.session.refresh(waiting)
    assert waiting.state == "confirmed"


def test_moving_an_event_tells_everyone_registered_with_an_updated_invitation(browser, coordinator):
    from netzwerk.mail.models import OutboxMail

    network = coordinator.networks[0]
    event = factories.create_event(network, status="published")
    active = factories.create_registration(event, state="confirmed")
    factories.create_registration(event, state="cancelled")
    db.session.commit()
    browser.login(coordinator)
    browser.submit(f"/manage/veranstaltungen/{event.id}/bearbeiten", event_form(
        network, status="published", title=event.title, venue_name="Neuer Ort"))
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "event_changed")).all()
    assert [mail.to_address for mail in mails] == [active.email]
    assert "SEQUENCE:1" in attached_calendar(mails[0]) and "METHOD:REQUEST" in attached_calendar(mails[0])
    asked = browser.submit(f"/manage/veranstaltungen/{event.id}/status", {"status": "cancelled"},
                           form_url=f"/manage/veranstaltungen/{event.id}")
    # One click mailed everyone a cancellation: now it asks first, saying so, and nothing happened yet.
    assert asked.status_code == 200 and "Alle Angemeldeten erhalten eine Absage per E-Mail" in asked.get_data(as_text=True)
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "event_cancelled")) is None
    assert db.session.get(type(event), event.id).status == "published"
    browser.submit(f"/manage/veranstaltungen/{event.id}/status", {"status": "cancelled", "confirmed": "1"},
                   form_url=f"/manage/veranstaltungen/{event.id}")
    cancelled = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "event_cancelled"))
    assert "METHOD:CANCEL" in attached_calendar(cancelled) and "STATUS:CANCELLED" in attached_calendar(cancelled)


def test_event_page_lists_the_work_before_on_and_after_the_day(browser, coordinator):
    event = factories.create_event(coordinator.networks[0])
    db.session.commit()
    browser.login(coordinator)
    page = browser.get(f"/manage/veranstaltungen/{event.id}").get_data(as_text=True)
    steps = page[page.index('aria-label="Arbeitsschritte"'):page.index("</nav>", page.index('aria-label="Arbeitsschritte"'))]
    order = ["Vorbereiten", "Anmeldungen", "Einladungen", "Tischgruppen", "Namensschilder und Listen", "Am Tag",
             "Check-in", "Danach", "Rückmeldungen", "Teilnahmebescheinigungen"]
    positions = [steps.index(f">{text}<") for text in order]
    assert positions == sorted(positions)
