"""A coordinator sets up table groups, solves, moves a person, publishes, and re-solves after late arrivals."""
import re

import pytest
from icalendar import Calendar
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.people.services import issue_feed_token
from netzwerk.tables.models import GroupTable, Seat, TablePlan, TableRound

from . import factories
from .test_badges_routes import text_of

KOMMUNEN = ("Herford", "Minden", "Bünde")
TYPES = ("Jobcenter", "Kommunalverwaltung", "Ehrenamt/Initiative")


@pytest.fixture
def event(network):
    event = factories.create_event(network, kind="Lernnetzwerktreffen", title="Lernnetzwerk Abschluss")
    db.session.commit()
    return event


def people(network, event, count, start=0, state="confirmed"):
    kommunen = [factories.create_kommune(name=f"{name}{start}") for name in KOMMUNEN]
    organisations = [factories.create_organisation(network, name=f"Organisation {start}-{n}", type=TYPES[n % 3])
                     for n in range(5)]
    registrations = []
    for n in range(start, start + count):
        organisation = organisations[n % 5]
        person = factories.create_person(network, given_name=f"Vor{n}", family_name=f"Nach{n}",
                                         organisation=organisation)
        registrations.append(factories.create_registration(
            event, state=state, person=person, given_name=f"Vor{n}", family_name=f"Nach{n}",
            kommune=kommunen[n % 3], organisation_type=TYPES[n % 3], token=f"tok-{event.id}-{n}"))
    db.session.commit()
    return registrations


def url(event, path=""):
    return f"/manage/veranstaltungen/{event.id}/tischgruppen{path}"


def set_up(browser, event, rounds=2, tables=3, capacity=5):
    for n in range(rounds):
        assert browser.submit(url(event, "/runden"), {"label": f"Runde {n + 1}"}, form_url=url(event)).status_code == 302
    assert browser.submit(url(event, "/tische"), {"count": tables, "capacity": capacity},
                          form_url=url(event)).status_code == 302


def solve(browser, event, seconds="0.5"):
    return browser.submit(url(event, "/berechnen"), {"seconds": seconds, "seed": "1"}, form_url=url(event))


def seats_of(event) -> dict[int, list[int]]:
    rounds = db.session.scalars(select(TableRound.id).where(TableRound.event_id == event.id)
                                .order_by(TableRound.position)).all()
    seats = {}
    for seat in db.session.scalars(select(Seat).where(Seat.round_id.in_(rounds))):
        seats.setdefault(seat.registration_id, [None] * len(rounds))[rounds.index(seat.round_id)] = seat.table_id
    return seats


def test_whole_flow_solve_shows_metrics_beside_bounds_and_keeps_the_host(signed_in, network, event):
    registrations = people(network, event, 12)
    set_up(signed_in, event)
    first_table = db.session.scalars(select(GroupTable).where(GroupTable.event_id == event.id)
                                     .order_by(GroupTable.id)).first()
    host = registrations[0]
    round_ids = db.session.scalars(select(TableRound.id).where(TableRound.event_id == event.id)).all()
    edited = signed_in.submit(url(event, f"/tische/{first_table.id}"),
                              {"label": "1", "capacity": "5", "host_registration_id": host.id,
                               f"topic_{round_ids[0]}": "Sprache", f"topic_{round_ids[1]}": "Arbeit"})
    assert edited.status_code == 302

    assert solve(signed_in, event).status_code == 302
    seats = seats_of(event)
    assert set(seats) == {registration.id for registration in registrations}
    assert seats[host.id] == [first_table.id, first_table.id]
    page = signed_in.get(url(event)).get_data(as_text=True)
    assert "Wiederholte Begegnungen" in page and "bestmöglich" in page
    # 12 people at 3 tables of 4 over 2 rounds must repeat 3 pairs: the plan reaches that bound.
    assert re.search(r"Wiederholte Begegnungen</th><td>(\d+) .*?</td><td>\1</td>", page)
    assert "Je zwei Runden teilen mindestens" in page  # the bound's reasoning, in the page's language
    english = signed_in.get(url(event), headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Any two rounds share at least" in english
    assert "Tisch 1: Sprache" in page and "Gastgeber:in" in page
    assert "Beim letzten Neuberechnen" not in page  # a first plan moved nobody: it says nothing about moves


def test_manual_move_refuses_a_full_table_and_highlights_conflicts(signed_in, network, event):
    people(network, event, 12)
    set_up(signed_in, event, rounds=2, tables=3, capacity=5)
    solve(signed_in, event)
    seats = seats_of(event)
    round_ids = db.session.scalars(select(TableRound.id).where(TableRound.event_id == event.id)
                                   .order_by(TableRound.position)).all()
    tables = db.session.scalars(select(GroupTable.id).where(GroupTable.event_id == event.id)).all()
    # Fill one table to its capacity in round 1, then try once more.
    sizes = {table: sum(1 for row in seats.values() if row[0] == table) for table in tables}
    target = max(sizes, key=sizes.get)
    movers = [rid for rid, row in seats.items() if row[0] != target]
    for mover in movers[:5 - sizes[target]]:
        response = signed_in.submit(url(event, "/verschieben"),
                                    {"registration_id": mover, "round_id": round_ids[0], "table_id": target},
                                    form_url=url(event))
        assert response.status_code == 302
    refused = signed_in.submit(url(event, "/verschieben"), {"registration_id": movers[-1], "round_id": round_ids[0],
                                                            "table_id": target}, form_url=url(event))
    assert refused.status_code == 422 and "ist in dieser Runde voll" in refused.get_data(as_text=True)
    # Five people at one table out of three Kommunen: someone shares a Kommune, and the page says so.
    assert "gleiche Kommune" in signed_in.get(url(event)).get_data(as_text=True)
    # The bounds follow the plan: none promises less than the plan now has.
    plan = db.session.scalar(select(TablePlan).where(TablePlan.event_id == event.id))
    db.session.refresh(plan)
    assert all(plan.metrics[name] >= bound for name, bound in plan.lower_bounds.items())


def test_locked_round_refuses_manual_moves(signed_in, network, event):
    people(network, event, 6)
    set_up(signed_in, event, rounds=1, tables=2, capacity=4)
    solve(signed_in, event)
    round_ = db.session.scalar(select(TableRound).where(TableRound.event_id == event.id))
    assert signed_in.submit(url(event, f"/runden/{round_.id}/sperren"), form_url=url(event)).status_code == 302
    mover, row = next(iter(seats_of(event).items()))
    other = next(table for table in db.session.scalars(select(GroupTable.id)) if table != row[0])
    refused = signed_in.submit(url(event, "/verschieben"), {"registration_id": mover, "round_id": round_.id,
                                                            "table_id": other}, form_url=url(event))
    assert refused.status_code == 422 and "ist gesperrt" in refused.get_data(as_text=True)


def test_resolve_after_late_arrivals_keeps_published_seats(signed_in, network, event):
    people(network, event, 10)
    set_up(signed_in, event, rounds=3, tables=3, capacity=5)
    solve(signed_in, event)
    assert signed_in.submit(url(event, "/veroeffentlichen"), form_url=url(event)).status_code == 302
    before = seats_of(event)
    late = people(network, event, 2, start=100)
    page = signed_in.get(url(event)).get_data(as_text=True)
    assert "2 Personen sind neu dabei" in page

    assert solve(signed_in, event).status_code == 302
    after = seats_of(event)
    assert {registration.id for registration in late} <= set(after)
    assert all(after[rid] == seats for rid, seats in before.items())
    plan = db.session.scalar(select(TablePlan))
    assert plan.moved == 0


def test_published_tables_reach_self_service_badge_feed_and_print(client, signed_in, network, event):
    registrations = people(network, event, 8)
    set_up(signed_in, event, rounds=2, tables=2, capacity=4)
    solve(signed_in, event)
    own = registrations[0]
    token = f"tok-{event.id}-0"
    assert "Ihre Tische" not in client.get(f"/anmeldung/{token}").get_data(as_text=True)  # not yet published

    signed_in.submit(url(event, "/veroeffentlichen"), form_url=url(event))
    page = client.get(f"/anmeldung/{token}").get_data(as_text=True)
    assert "Ihre Tische" in page and "Runde 1: Tisch" in page and "Runde 2: Tisch" in page

    badge = client.get(f"/anmeldung/{token}/namensschild.pdf")
    text = text_of(badge.data)
    assert "Runde 1" in text and "Vor0 Nach0" in text

    feed_token = issue_feed_token(own.person)
    db.session.commit()
    feed = Calendar.from_ical(client.get(f"/kalender/{feed_token}.ics").data)
    [vevent] = feed.walk("VEVENT")
    assert "Runde 1: Tisch" in str(vevent["DESCRIPTION"])
    others = {registration.full_name for registration in registrations[1:]}
    assert not any(name in str(vevent["DESCRIPTION"]) for name in others)

    lists = signed_in.get(f"/manage/veranstaltungen/{event.id}/druck/tischlisten.pdf")
    text = text_of(lists.data)
    assert "Runde 2" in text and "Vor7 Nach7" in text
    cards = signed_in.get(f"/manage/veranstaltungen/{event.id}/druck/tischkarten.pdf")
    assert cards.status_code == 200
    round_ = db.session.scalars(select(TableRound).order_by(TableRound.position)).first()
    projector = signed_in.get(url(event, f"/runden/{round_.id}/beamer")).get_data(as_text=True)
    assert "display-6" in projector and "Vor3 Nach3" in projector


def test_solving_without_set_up_or_seats_says_what_is_missing(signed_in, network, event):
    response = solve(signed_in, event)
    assert response.status_code == 422 and "mindestens eine Runde" in response.get_data(as_text=True)
    people(network, event, 9)
    set_up(signed_in, event, rounds=1, tables=2, capacity=4)
    response = solve(signed_in, event)
    assert response.status_code == 422 and "9 Teilnehmende, aber nur 8 Plätze" in response.get_data(as_text=True)


def test_plan_page_costs_the_same_queries_for_8_and_40_people(signed_in, network, event, count_queries):
    def queries(count, start):
        people(network, event, count, start=start)
        solve(signed_in, event)
        with count_queries() as counted:
            assert signed_in.get(url(event)).status_code == 200
        return counted.n

    set_up(signed_in, event, rounds=2, tables=10, capacity=5)
    small = queries(8, 0)
    assert queries(32, 200) == small


def test_colleagues_are_told_apart_by_the_organisation_they_registered_for(signed_in, network, event):
    """Two colleagues who typed their organisation on the public form (no person record yet) and someone who now
    comes for another organisation than the one stored with them: the plan knows whom each comes for."""
    kommunen = [factories.create_kommune(name=name) for name in KOMMUNEN]
    old_employer = factories.create_organisation(network, name="Alte Firma GmbH", type="Unternehmen")
    new_employer = factories.create_organisation(network, name="Diakonie Minden", type="Wohlfahrtsverband")
    moved_on = factories.create_person(network, given_name="Jana", family_name="Wechsel", organisation=old_employer)
    factories.create_registration(event, given_name="Jana", family_name="Wechsel", person=moved_on,
                                  organisation=new_employer, kommune=kommunen[0], organisation_type="Wohlfahrtsverband")
    for n, typed in enumerate(("Caritas Kreis Gütersloh", "  caritas kreis  GÜTERSLOH ")):
        factories.create_registration(event, given_name=f"Kollegin{n}", family_name="Caritas", organisation_name=typed,
                                      kommune=kommunen[n + 1], organisation_type="Wohlfahrtsverband")
    db.session.commit()
    set_up(signed_in, event, rounds=1, tables=1, capacity=3)
    assert solve(signed_in, event).status_code == 302

    page = signed_in.get(url(event)).get_data(as_text=True)
    colleagues = re.findall(r'<li class="seat-conflict">Kollegin\d.*?</li>', page, re.S)
    assert len(colleagues) == 2 and all("gleiche Organisation</span>" in seat for seat in colleagues)
    assert re.search(r"Jana Wechsel\s*<span[^>]*>· Herford · Diakonie Minden</span>", page)
    assert "Alte Firma" not in page
