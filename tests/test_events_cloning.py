"""A coordinator copies last year's meeting or Messe to a new date: the set-up comes along, the people do not."""
from datetime import date, time

import pytest
from sqlalchemy import func, select

from netzwerk.common.timing import local, to_instant
from netzwerk.events.cloning import clone_event
from netzwerk.events.models import AgendaItem, Event
from netzwerk.extensions import db
from netzwerk.fair.models import Booth, BoothType, Exhibitor, Fair
from netzwerk.invitations.models import Invitation
from netzwerk.mailings.models import ReminderRule
from netzwerk.mailings.schedule import add_default_rules, due_at, rules_of
from netzwerk.registrations.models import Question, Registration
from netzwerk.tables.models import GroupTable, TableRound

from . import factories


def _meeting(network, day=date(2026, 3, 12)):
    """A winter meeting with agenda, questions, badge settings, translations and table groups."""
    event = factories.create_event(
        network, title="Netzwerktreffen März", starts_at=to_instant(day, time(10)), ends_at=to_instant(day, time(16)),
        registration_closes_at=to_instant(date(2026, 3, 5), time(12)), capacity=80, ask_dietary=True,
        badge_colours={"participant": "#123456"}, badge_back="text", badge_back_text="WLAN: netz",
        translations={"title": {"en": "Network meeting March"}}, topics=["Wohnen", "Arbeit"],
    )
    speaker = factories.create_person(network)
    welcome = factories.create_agenda_item(event, title="Begrüßung", kind="Begrüßung",
                                           starts_at=to_instant(day, time(10)), ends_at=to_instant(day, time(10, 30)),
                                           translations={"title": {"en": "Welcome"}})
    welcome.speakers = [speaker]
    groups = factories.create_agenda_item(event, title="Tischgruppen", kind="Tischgruppen",
                                          starts_at=to_instant(day, time(13)), ends_at=to_instant(day, time(14)))
    factories.create_question(event, label="Wie sind Sie angereist?", kind="single_choice", options=["Bahn", "Auto"])
    table_round = TableRound(event_id=event.id, position=0, label="Runde 1", agenda_item_id=groups.id, locked=True)
    db.session.add(table_round)
    db.session.flush()
    host = factories.create_registration(event, token="host-token")
    db.session.add(GroupTable(event_id=event.id, label="Tisch 1", capacity=8, host_registration_id=host.id,
                              topics={str(table_round.id): "Wohnungssuche"}))
    factories.create_registration(event, token="someone")
    db.session.flush()
    return event


def test_clone_moves_every_time_by_the_same_wall_clock_offset_across_summer_time(app, network):
    event = _meeting(network)
    copy = clone_event(event, to_instant(date(2026, 6, 11), time(10)), "Netzwerktreffen Juni")
    db.session.commit()

    assert (copy.title, copy.status) == ("Netzwerktreffen Juni", "draft")
    assert local(copy.starts_at).replace(tzinfo=None).isoformat() == "2026-06-11T10:00:00"
    assert local(copy.ends_at).time() == time(16)
    assert local(copy.registration_closes_at).replace(tzinfo=None).isoformat() == "2026-06-04T12:00:00"
    assert copy.uid != event.uid and copy.sequence == 0
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == copy.id)
                               .order_by(AgendaItem.starts_at)).all()
    assert [(i.title, local(i.starts_at).time(), local(i.ends_at).time()) for i in items] == [
        ("Begrüßung", time(10), time(10, 30)), ("Tischgruppen", time(13), time(14))]
    assert all(local(i.starts_at).date() == date(2026, 6, 11) for i in items)
    assert items[0].translations == {"title": {"en": "Welcome"}}
    assert [p.id for p in items[0].speakers] == [p.id for p in event.agenda_items[0].speakers]
    assert {i.uid for i in items}.isdisjoint({i.uid for i in event.agenda_items})


def test_clone_copies_settings_questions_and_table_set_up_but_no_people(app, network):
    event = _meeting(network)
    copy = clone_event(event, to_instant(date(2026, 9, 10), time(9)), "Netzwerktreffen September")
    db.session.commit()

    for column in ("kind", "description", "venue_name", "venue_address", "capacity", "ask_dietary", "badge_colours",
                   "badge_back", "badge_back_text", "translations", "topics", "network_id", "all_day"):
        assert getattr(copy, column) == getattr(event, column), column
    assert local(copy.ends_at).time() == time(15)  # the day keeps its length
    question = db.session.scalar(select(Question).where(Question.event_id == copy.id))
    assert (question.label, question.kind, question.options) == ("Wie sind Sie angereist?", "single_choice",
                                                                 ["Bahn", "Auto"])
    new_round = db.session.scalar(select(TableRound).where(TableRound.event_id == copy.id))
    new_groups = db.session.scalar(select(AgendaItem).where(AgendaItem.event_id == copy.id,
                                                            AgendaItem.kind == "Tischgruppen"))
    assert (new_round.label, new_round.agenda_item_id, new_round.locked) == ("Runde 1", new_groups.id, False)
    table = db.session.scalar(select(GroupTable).where(GroupTable.event_id == copy.id))
    assert (table.label, table.capacity, table.host_registration_id) == ("Tisch 1", 8, None)
    assert table.topics == {str(new_round.id): "Wohnungssuche"}
    for model in (Registration, Invitation):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.event_id == copy.id)) == 0


def test_cloned_messe_has_its_booth_types_and_free_booths_but_no_aussteller(app, network):
    messe = factories.create_fair_event(network, title="Migrationsmesse 2026")
    factories.create_fair(messe, hall_width=50, slot_minutes=15)
    stand = factories.create_booth_type(messe, name="Standard", width=3, depth=2, has_power=True)
    booth = factories.create_booth(messe, number="A1", booth_type=stand)
    factories.create_exhibitor(messe, booth=booth)
    booth.status = "confirmed"
    db.session.flush()

    copy = clone_event(messe, local(messe.starts_at).replace(year=2027), "Migrationsmesse 2027")
    db.session.commit()

    fair = db.session.scalar(select(Fair).where(Fair.event_id == copy.id))
    assert (fair.hall_width, fair.slot_minutes) == (50, 15)
    new_type = db.session.scalar(select(BoothType).where(BoothType.event_id == copy.id))
    assert (new_type.name, new_type.width, new_type.depth, new_type.has_power) == ("Standard", 3, 2, True)
    new_booth = db.session.scalar(select(Booth).where(Booth.event_id == copy.id))
    assert (new_booth.number, new_booth.booth_type_id, new_booth.status) == ("A1", new_type.id, "free")
    assert db.session.scalar(select(func.count()).select_from(Exhibitor).where(Exhibitor.event_id == copy.id)) == 0


@pytest.mark.parametrize("items", [2, 30])
def test_cloning_costs_a_bounded_number_of_queries(app, network, count_queries, items):
    event = _meeting(network)
    for n in range(items):
        factories.create_agenda_item(event, title=f"Punkt {n}", starts_at=event.starts_at)
        factories.create_question(event, label=f"Frage {n}")
    db.session.commit()
    with count_queries() as counted:
        clone_event(event, to_instant(date(2026, 4, 9), time(10)), "Kopie")
    assert counted.n <= 25, "\n".join(s[:90] for s in counted.statements)


def test_coordinator_copies_an_event_from_its_page(signed_in, network):
    event = _meeting(network)
    db.session.commit()
    page = signed_in.get(f"/manage/veranstaltungen/{event.id}")
    assert f"/manage/veranstaltungen/{event.id}/kopieren" in page.get_data(as_text=True)

    bad = signed_in.submit(f"/manage/veranstaltungen/{event.id}/kopieren", {"title": "Kopie", "start_date": "kein"})
    assert bad.status_code == 422

    done = signed_in.submit(f"/manage/veranstaltungen/{event.id}/kopieren",
                            {"title": "Netzwerktreffen Mai", "start_date": "2026-05-07", "start_time": ""})
    assert done.status_code == 302
    copy = db.session.scalar(select(Event).where(Event.title == "Netzwerktreffen Mai"))
    assert local(copy.starts_at).replace(tzinfo=None).isoformat() == "2026-05-07T10:00:00"
    assert copy.status == "draft"


def test_clone_keeps_the_reminder_rules_and_they_fall_due_by_its_new_date(app, network):
    event = _meeting(network)
    add_default_rules(event)
    db.session.add(ReminderRule(event_id=event.id, days=1, hours=0, direction="after", anchor="end", audience="attended",
                                template="thanks", link="https://doku.example/maerz", note="Fotos folgen"))
    db.session.commit()
    copy = clone_event(event, to_instant(date(2026, 6, 11), time(10)), "Netzwerktreffen Juni")
    db.session.commit()

    def settings(rule):
        return (rule.days, rule.hours, rule.direction, rule.anchor, rule.audience, rule.template, rule.link, rule.note)

    original, copied = rules_of(event.id), rules_of(copy.id)
    assert [settings(rule) for rule in copied] == [settings(rule) for rule in original] and len(copied) == 4
    assert {rule.id for rule in copied}.isdisjoint(rule.id for rule in original)  # the original keeps its own
    assert [local(due_at(rule, copy)).replace(tzinfo=None).isoformat() for rule in copied] == [
        "2026-06-04T10:00:00", "2026-06-10T10:00:00", "2026-06-12T16:00:00", "2026-06-12T16:00:00"]
