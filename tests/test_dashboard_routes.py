"""The network dashboard, the start page's overview, search and a person's history, as a coordinator sees them."""
import io
import random
from collections import Counter
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update

from netzwerk.common.timing import to_instant, utcnow
from netzwerk.extensions import db
from netzwerk.fair.models import FairOutcome, Interview
from netzwerk.privacy.services import erase_person
from netzwerk.registrations.models import Registration
from netzwerk.tables.models import GroupTable, Seat, TablePlan, TableRound

from . import factories
from .test_registration_admin import bulk

TYPES = ("Jobcenter", "IHK", "Wohlfahrtsverband")
STATES = ("confirmed", "attended", "attended", "cancelled", "waitlisted", "pending")


class Tables(HTMLParser):
    """The text of every <table data-table=...> and every SVG <desc>, cell by cell."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self.descs, self._table, self._row, self._cell, self._desc = {}, {}, None, None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._table = self.tables.setdefault(attrs["data-table"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "desc":
            self._desc = attrs["id"].removesuffix("-desc")
            self.descs[self._desc] = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "desc":
            self._desc = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._desc is not None:
            self.descs[self._desc] += data


def build_network(network, events: int = 3, per_event: int = 12, seed: int = 1):
    """Past meetings with registrations from two Kommunen in two phases, a solved table plan, and a fair with
    outcomes. Returns the raw records the test recomputes the figures from."""
    rng = random.Random(seed)
    suffix = "" if seed == 1 else f" {seed}"
    pilot, second = factories.create_kommune(name=f"Gütersloh{suffix}"), factories.create_kommune(name=f"Düren{suffix}")
    factories.create_membership(network, pilot, phase="Pilotkommunen")
    factories.create_membership(network, second, phase="2. Phase")
    records, meetings = [], []
    for number in range(events):
        day = date.today() - timedelta(days=30 * (events - number))
        event = factories.create_event(network, title=f"Treffen {number + 1}", capacity=20,
                                       starts_at=factories.at(day, 10), ends_at=factories.at(day, 16))
        meetings.append(event)
        for n in range(per_event):
            registration = factories.create_registration(
                event, state=rng.choice(STATES), kommune_id=rng.choice((pilot.id, second.id, None)),
                organisation_type=rng.choice(TYPES),
                created_at=factories.at(day - timedelta(days=10 - n % 5), 9))
            records.append(registration)
    plan = TablePlan(event_id=meetings[0].id, solved_at=meetings[0].starts_at,
                     metrics={"repeated_encounters": 2, "same_organisation": 3, "same_kommune": 7, "same_type": 5},
                     lower_bounds={"repeated_encounters": 0, "same_organisation": 3, "same_kommune": 4, "same_type": 5})
    db.session.add(plan)
    day = date.today() - timedelta(days=3)
    fair = factories.create_fair_event(network, title="Messe Merzig", starts_at=factories.at(day, 10),
                                       ends_at=factories.at(day, 16))
    factories.create_fair(fair)
    pflege = factories.create_exhibitor(fair, sector="Pflege")
    bau = factories.create_exhibitor(fair, sector="Bau")
    outcomes = []
    for n, (exhibitor, level, outcome) in enumerate([(pflege, "B1", "Ausbildung"), (pflege, "A2", "Praktikum"),
                                                     (bau, "B1", "Stelle"), (bau, "A2", "nichts"),
                                                     (bau, "B1", "Ausbildung")]):
        visitor = factories.create_visitor(fair, german_level=level, state="attended", kommune_id=pilot.id,
                                           organisation_type="")
        db.session.add(Interview(event_id=fair.id, registration_id=visitor.id, exhibitor_id=exhibitor.id, slot=n,
                                 seat=0, source="wish"))
        db.session.add(FairOutcome(event_id=fair.id, exhibitor_id=exhibitor.id, registration_id=visitor.id,
                                   outcome=outcome, recorded_by="exhibitor"))
        outcomes.append((exhibitor.sector, level, outcome))
        records.append(visitor)
    db.session.commit()
    return {"events": [*meetings, fair], "registrations": records, "outcomes": outcomes, "pilot": pilot,
            "second": second, "fair": fair}


def label(event) -> str:
    from netzwerk.common.timing import local
    return f"{local(event.starts_at):%d.%m.%Y} {event.title}"


def test_dashboard_numbers_equal_those_recomputed_from_the_registrations(signed_in, network):
    data = build_network(network)
    page = signed_in.get(f"/manage/netzwerke/{network.id}/dashboard")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    parsed = Tables(html)
    registrations = data["registrations"]
    holds = [r for r in registrations if r.state in ("confirmed", "attended")]

    no_show = {row[0]: row[1:] for row in parsed.tables["nichterschienen"][1:]}
    for event in data["events"]:
        places = sum(1 for r in holds if r.event_id == event.id)
        attended = sum(1 for r in holds if r.event_id == event.id and r.state == "attended")
        rate = round(100 * (places - attended) / places, 1) if places else None
        shown_rate = "–" if rate is None else f"{rate:.1f}".replace(".", ",").replace(",0", "") + " %"
        assert no_show[label(event)] == [shown_rate, str(places), str(attended)], event.title

    types = parsed.tables["organisationsarten"]
    header = types[0]
    for row in types[1:]:
        event = next(event for event in data["events"] if label(event) == row[0])
        for name, shown in zip(header[1:], row[1:]):
            kind = "" if name == "ohne Angabe" else name
            assert int(shown) == sum(1 for r in holds if r.event_id == event.id and r.organisation_type == kind)

    matrix = {row[0]: row[2:] for row in parsed.tables["kommunen-matrix"][1:]}
    for kommune in (data["pilot"], data["second"]):
        expected = [sum(1 for r in holds if r.event_id == event.id and r.kommune_id == kommune.id)
                    for event in data["events"]]
        assert [int(cell) if cell else 0 for cell in matrix[kommune.name]] == expected

    phases = {row[0]: row[1:] for row in parsed.tables["kommunen"][1:]}
    for event in data["events"]:
        present = {r.kommune_id for r in holds if r.event_id == event.id and r.kommune_id}
        assert phases[label(event)] == [str(int(data["second"].id in present)), str(int(data["pilot"].id in present))]

    sectors = {row[0]: row[1:] for row in parsed.tables["messe-branchen"][1:]}
    outcome_order = ["nichts", "Praktikum", "Einstiegsqualifizierung", "Ausbildung", "Stelle"]
    for sector in ("Pflege", "Bau"):
        counts = Counter(outcome for s, _level, outcome in data["outcomes"] if s == sector)
        assert sectors[sector] == [str(counts[outcome]) for outcome in outcome_order]
    levels = {row[0]: row[1:] for row in parsed.tables["messe-deutsch"][1:]}
    counts = Counter(outcome for _s, level, outcome in data["outcomes"] if level == "B1")
    assert levels["B1 (Mittelstufe)"] == [str(counts[outcome]) for outcome in outcome_order]

    quality = parsed.tables["tischgruppen"]
    assert quality[1][:5] == [label(data["events"][0]), "2", "0", "3", "0"]


def test_every_chart_is_an_accessible_svg_that_states_its_numbers(signed_in, network):
    data = build_network(network)
    html = signed_in.get(f"/manage/netzwerke/{network.id}/dashboard?event={data['events'][1].id}").get_data(as_text=True)
    parsed = Tables(html)
    for key in ("kommunen", "organisationsarten", "anmeldeverlauf", "nichterschienen", "tischgruppen",
                "messe-branchen", "messe-deutsch", "messe-verlauf", "messe-angebote"):
        assert f'data-chart="{key}"' in html, key
        assert f'<title id="{key}-title">' in html
        assert key in parsed.descs and any(char.isdigit() for char in parsed.descs[key]), key
    assert html.count('role="img"') >= 9 and 'aria-label="Nicht erschienen je Veranstaltung"' in html
    # Registrations over time: cumulative, with the capacity line named in the description.
    event = data["events"][1]
    total = sum(1 for r in data["registrations"] if r.event_id == event.id)
    assert parsed.tables["anmeldeverlauf"][-1][1] == str(total)
    assert "Kapazität: 20" in parsed.descs["anmeldeverlauf"]
    assert "Feedback-Bewertungen im Verlauf" in html


def test_each_chart_exports_its_numbers_as_csv_and_xlsx(signed_in, network):
    build_network(network)
    csv = signed_in.get(f"/manage/netzwerke/{network.id}/dashboard/messe-branchen.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    lines = csv.get_data().decode("utf-8-sig").splitlines()
    assert lines[0] == "Branche;Nichts;Praktikum;Einstiegsqualifizierung;Ausbildung;Stelle"
    assert "Pflege;0;1;0;1;0" in lines
    xlsx = signed_in.get(f"/manage/netzwerke/{network.id}/dashboard/nichterschienen.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [cell.value for cell in sheet[1]] == ["Veranstaltung", "Nicht erschienen (%)", "Angemeldet mit Platz",
                                                 "Eingecheckt"]
    assert signed_in.get(f"/manage/netzwerke/{network.id}/dashboard/unbekannt.csv").status_code == 404
    assert signed_in.get(f"/manage/netzwerke/{network.id}/dashboard/kommunen.exe").status_code == 404
    assert signed_in.get(f"/manage/netzwerke/{network.id}/dashboard?jahr=99999").status_code == 400


def test_yearly_report_pdf_carries_the_charts_and_their_numbers(signed_in, network):
    data = build_network(network)
    year = data["events"][-1].starts_at.year
    response = signed_in.get(f"/manage/netzwerke/{network.id}/jahresbericht.pdf?jahr={year}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert f"Jahresbericht {year}" in text
    for title in ("Nicht erschienen je Veranstaltung", "Messe-Ergebnisse nach Branche", "Organisationsarten"):
        assert title in text
    assert "Pflege" in text and "Ausbildung" in text


def test_dashboard_counts_survive_erasing_a_person(signed_in, network):
    data = build_network(network)
    person = factories.create_person(network)
    for registration in data["registrations"][:6]:
        registration.person_id = person.id
    db.session.commit()
    before = Tables(signed_in.get(f"/manage/netzwerke/{network.id}/dashboard").get_data(as_text=True)).tables
    erase_person(db.session.get(type(person), person.id))
    db.session.commit()
    after = Tables(signed_in.get(f"/manage/netzwerke/{network.id}/dashboard").get_data(as_text=True)).tables
    assert after == before


@pytest.mark.parametrize("events", [5, 50])
def test_dashboard_needs_the_same_statements_for_5_and_50_events(signed_in, network, count_queries, events):
    build_network(network, events=events, per_event=4)
    signed_in.get(f"/manage/netzwerke/{network.id}/dashboard")
    with count_queries() as counted:
        assert signed_in.get(f"/manage/netzwerke/{network.id}/dashboard").status_code == 200
    assert counted.n <= 16, counted.statements


def test_statement_counts_do_not_grow_with_rows(signed_in, network, count_queries):
    def measure():
        with count_queries() as dashboard:
            signed_in.get(f"/manage/netzwerke/{network.id}/dashboard")
        with count_queries() as start:
            signed_in.get("/manage/")
        return dashboard.n, start.n

    build_network(network, events=5, per_event=3)
    few = measure()
    build_network(network, events=45, per_event=6, seed=2)
    assert measure() == few


def settle_registrations():
    """Every registration as last changed two days ago: the dashboard may then keep the counts of past events."""
    db.session.execute(update(Registration).values(updated_at=utcnow() - timedelta(days=2)))
    db.session.commit()


def no_show_and_types_from_the_database(event) -> tuple[list[str], Counter]:
    """The no-show row and the organisation types of one event, recounted from its registrations as stored now."""
    holds = [r for r in db.session.scalars(select(Registration).where(Registration.event_id == event.id))
             if r.state in ("confirmed", "attended")]
    attended = sum(1 for r in holds if r.state == "attended")
    rate = round(100 * (len(holds) - attended) / len(holds), 1)
    shown = f"{rate:.1f}".replace(".", ",").replace(",0", "") + " %"
    return [shown, str(len(holds)), str(attended)], Counter(r.organisation_type for r in holds)


def test_cached_counts_of_a_past_meeting_follow_a_cancelled_registration_and_an_erasure(signed_in, network,
                                                                                      count_queries):
    data = build_network(network)
    meeting = data["events"][0]
    settle_registrations()
    url = f"/manage/netzwerke/{network.id}/dashboard"
    with count_queries() as counting:
        signed_in.get(url)
    with count_queries() as cached:
        before = Tables(signed_in.get(url).get_data(as_text=True)).tables
    def over_registrations(statements):
        return [s for s in statements if "FROM registration" in s and "max(registration.updated_at)" not in s]

    # Counted once (three GROUP BYs and the timeline's days), then taken from the cache.
    assert len(over_registrations(counting.statements)) == 4 and over_registrations(cached.statements) == []
    assert cached.n <= 12, cached.statements

    # The coordinator cancels a registration of the past meeting, which took a place.
    holder = next(r for r in data["registrations"] if r.event_id == meeting.id and r.state in ("confirmed", "attended"))
    response = signed_in.submit(f"/manage/veranstaltungen/{meeting.id}/anmeldungen/{holder.id}/cancel",
                                {"confirmed": "1"}, form_url=f"/manage/veranstaltungen/{meeting.id}/anmeldungen/{holder.id}")
    assert response.status_code == 302
    settle_registrations()
    after = Tables(signed_in.get(url).get_data(as_text=True)).tables
    no_show, types = no_show_and_types_from_the_database(meeting)
    assert {row[0]: row[1:] for row in after["nichterschienen"][1:]}[label(meeting)] == no_show
    assert after["nichterschienen"] != before["nichterschienen"]
    type_row = next(row for row in after["organisationsarten"][1:] if row[0] == label(meeting))
    assert dict(zip(after["organisationsarten"][0][1:], map(int, type_row[1:]))) == {
        name: types[name] for name in after["organisationsarten"][0][1:]}

    # Erasing a person who came rewrites their registrations; the counts stay and still equal the records.
    person = factories.create_person(network)
    attended = next(r for r in data["registrations"] if r.event_id == meeting.id and r.state == "attended")
    attended.person_id = person.id
    db.session.commit()
    settle_registrations()
    signed_in.get(url)
    erase_person(db.session.get(type(person), person.id))
    db.session.commit()
    settle_registrations()
    erased = Tables(signed_in.get(url).get_data(as_text=True)).tables
    assert erased == after
    assert {row[0]: row[1:] for row in erased["nichterschienen"][1:]}[label(meeting)] == \
        no_show_and_types_from_the_database(meeting)[0]


def test_counts_changed_less_than_a_minute_ago_are_not_kept(signed_in, network):
    """A transaction may commit after a later one with an older `updated_at`: the newest change seen then stays
    the same, so counts whose newest change is that young are never kept."""
    data = build_network(network)
    meeting = data["events"][0]
    first, late = [r for r in data["registrations"] if r.event_id == meeting.id and r.state == "confirmed"][:2]
    settle_registrations()
    db.session.execute(update(Registration).where(Registration.id == first.id)
                       .values(notes="nachgetragen", updated_at=utcnow() - timedelta(seconds=20)))
    db.session.commit()
    url = f"/manage/netzwerke/{network.id}/dashboard"
    signed_in.get(url)
    db.session.execute(update(Registration).where(Registration.id == late.id)
                       .values(state="attended", updated_at=utcnow() - timedelta(seconds=30)))
    db.session.commit()
    shown = Tables(signed_in.get(url).get_data(as_text=True)).tables["nichterschienen"]
    assert {row[0]: row[1:] for row in shown[1:]}[label(meeting)] == no_show_and_types_from_the_database(meeting)[0]


def test_start_page_shows_numbers_and_tasks_of_own_networks_only(signed_in, network, count_queries):
    soon = date.today() + timedelta(days=7)
    event = factories.create_event(network, title="Nächstes Treffen", capacity=30, requires_approval=True,
                                   starts_at=factories.at(soon, 10), ends_at=factories.at(soon, 16))
    for state in ("confirmed", "confirmed", "attended", "pending", "pending", "waitlisted", "cancelled"):
        factories.create_registration(event, state=state)
    fair = factories.create_fair_event(network, starts_at=factories.at(soon, 9), ends_at=factories.at(soon, 17))
    factories.create_exhibitor(fair, state="requested")
    failed = factories.create_registration(fair)
    factories.create_outbox_mail(failed, status="failed")
    from netzwerk.invitations.models import Invitation
    for n, state in enumerate(("invited", "invited", "registered", "declined")):
        db.session.add(Invitation(event_id=event.id, person_id=factories.create_person(network).id, state=state,
                                  email=f"eingeladen{n}@example.org"))
    other = factories.create_network(name="Fremdes Netzwerk")
    foreign = factories.create_event(other, title="Fremdes Treffen")
    factories.create_outbox_mail(factories.create_registration(foreign), status="failed")
    db.session.commit()
    with count_queries() as counted:
        html = signed_in.get("/manage/").get_data(as_text=True)
    assert "Fremdes Treffen" not in html
    assert "3 / 30" in html  # confirmed and attended hold a place
    assert "2 Anmeldungen warten auf Freigabe" in html
    assert "1 Standbuchung unbeantwortet" in html
    assert "1 Mail im Postausgang fehlgeschlagen" in html
    assert f"/manage/veranstaltungen/{event.id}/anmeldungen?state=pending" in html
    assert f'<a href="/manage/veranstaltungen/{event.id}/einladungen?state=invited">2</a>' in html
    for n in range(20):
        day = soon + timedelta(days=n + 1)
        extra = factories.create_event(network, title=f"Weiteres {n}", starts_at=factories.at(day, 10),
                                       ends_at=factories.at(day, 12))
        factories.create_registration(extra, state="pending")
    db.session.commit()
    with count_queries() as more:
        signed_in.get("/manage/")
    assert more.n == counted.n


def test_search_finds_people_organisations_kommunen_and_events_in_own_networks(signed_in, network, count_queries):
    kommune = factories.create_kommune(name="Gütersloh")
    factories.create_membership(network, kommune)
    organisation = factories.create_organisation(network, name="Jobcenter Gütersloh")
    person = factories.create_person(network, given_name="Jana", family_name="Gütersloher")
    factories.create_event(network, title="Netzwerktreffen Gütersloh")
    other = factories.create_network(name="Fremdes Netzwerk")
    factories.create_person(other, given_name="Fremde", family_name="Gütersloherin")
    factories.create_kommune(name="Gütersloh-Fremd")
    db.session.commit()
    with count_queries() as counted:
        html = signed_in.get("/manage/suche?q=gütersloh").get_data(as_text=True)
    assert counted.n <= 8
    assert f"/manage/personen/{person.id}/verlauf" in html and "Gütersloherin" not in html
    assert f"/manage/organisationen/{organisation.id}/bearbeiten" in html
    assert "Gütersloh-Fremd" not in html and "Netzwerktreffen Gütersloh" in html
    assert 'id="found-kommunen"' in html
    assert "mindestens 2 Zeichen" in signed_in.get("/manage/suche?q=g").get_data(as_text=True)
    assert "Nichts gefunden" in signed_in.get("/manage/suche?q=%25%25").get_data(as_text=True)
    assert 'action="/manage/suche"' in signed_in.get("/manage/").get_data(as_text=True)


def test_person_history_shows_events_check_ins_tables_and_interviews(signed_in, network, count_queries):
    data = build_network(network)
    person = factories.create_person(network, given_name="Rana", family_name="Haddad")
    meeting, fair = data["events"][0], data["fair"]
    seated = factories.create_registration(meeting, state="attended", person_id=person.id,
                                           attended_at=meeting.starts_at)
    round_ = TableRound(event_id=meeting.id, position=0, label="Runde 1")
    table = GroupTable(event_id=meeting.id, label="7", capacity=6, topics={})
    db.session.add_all([round_, table])
    db.session.flush()
    db.session.add(Seat(round_id=round_.id, table_id=table.id, registration_id=seated.id))
    visitor = factories.create_visitor(fair, person_id=person.id, state="attended")
    exhibitor = factories.create_exhibitor(fair, company="Klinikum Merzig", sector="Pflege")
    db.session.add(Interview(event_id=fair.id, registration_id=visitor.id, exhibitor_id=exhibitor.id, slot=9, seat=0,
                             source="wish"))
    db.session.add(FairOutcome(event_id=fair.id, exhibitor_id=exhibitor.id, registration_id=visitor.id,
                               outcome="Ausbildung", recorded_by="coordinator"))
    db.session.commit()
    with count_queries() as counted:
        html = signed_in.get(f"/manage/personen/{person.id}/verlauf").get_data(as_text=True)
    assert counted.n <= 9
    assert "Treffen 1" in html and "Messe Merzig" in html and "Anwesend" in html
    assert "Runde 1: Tisch 7" in html
    assert "Klinikum Merzig (Ausbildung)" in html


def test_exhibitor_records_outcomes_through_the_management_link(app, browser, network):
    fair = factories.create_fair_event(network)
    factories.create_fair(fair, interview_mode="planned")
    exhibitor = factories.create_exhibitor(fair, token="geheim")
    visitor = factories.create_visitor(fair)
    stranger = factories.create_visitor(factories.create_fair_event(network, title="Andere Messe"))
    db.session.add(Interview(event_id=fair.id, registration_id=visitor.id, exhibitor_id=exhibitor.id, slot=0, seat=0,
                             source="wish"))
    db.session.commit()
    page = "/messe/aussteller/geheim/gespraeche"
    response = browser.submit(f"/messe/aussteller/geheim/ergebnis/{visitor.id}", {"outcome": "Praktikum"},
                              form_url=page)
    assert response.status_code == 302
    outcome = db.session.query(FairOutcome).one()
    assert (outcome.outcome, outcome.recorded_by) == ("Praktikum", "exhibitor")
    assert '<option value="Praktikum" selected>' in browser.get(page).get_data(as_text=True)
    assert browser.submit(f"/messe/aussteller/geheim/ergebnis/{visitor.id}", {"outcome": "Lottogewinn"},
                          form_url=page).status_code == 400
    assert browser.submit(f"/messe/aussteller/geheim/ergebnis/{stranger.id}", {"outcome": "Stelle"},
                          form_url=page).status_code == 404


def test_coordinator_records_a_contact_without_interview(signed_in, network):
    fair, exhibitor, visitor = factories.create_fair_with_exhibitor_and_visitor(network)
    url = f"/manage/veranstaltungen/{fair.id}/messe/ergebnisse"
    assert signed_in.get(url).status_code == 200
    response = signed_in.submit(url, {"exhibitor_id": exhibitor.id, "registration_id": visitor.id,
                                      "outcome": "Einstiegsqualifizierung"})
    assert response.status_code == 302
    assert db.session.query(FairOutcome).one().recorded_by == "coordinator"
    assert signed_in.submit(url, {"exhibitor_id": exhibitor.id, "registration_id": 999999,
                                  "outcome": "Stelle"}).status_code == 400


def test_feedback_ratings_over_time_show_each_events_average_and_count(signed_in, network):
    from netzwerk.common.timing import utcnow
    from netzwerk.feedback.models import FeedbackAnswer, FeedbackSurvey

    data = build_network(network)
    past = [event for event in data["events"] if event.starts_at < utcnow()][:2]
    assert len(past) == 2
    questions = [{"key": "gesamt", "kind": "rating", "text": "Gesamt"}, {"key": "inhalt", "kind": "rating", "text": "Inhalt"},
                 {"key": "highlights", "kind": "text", "text": "Highlights"}]
    given = {past[0].id: [(5, 4), (3, 3)], past[1].id: [(2, 1)]}
    for event in past:
        survey = FeedbackSurvey(event_id=event.id, questions=questions, is_open=True)
        db.session.add(survey)
        db.session.flush()
        for first, second in given[event.id]:
            db.session.add(FeedbackAnswer(survey_id=survey.id, ratings={"gesamt": first, "inhalt": second, "x": 5},
                                          texts={}, submitted_on=date.today()))
    db.session.commit()
    html = signed_in.get(f"/manage/netzwerke/{network.id}/dashboard").get_data(as_text=True)
    table = {row[0]: row[1:] for row in Tables(html).tables["feedback"][1:]}
    # Averages over every rating question (unknown keys ignored), as the page writes numbers: 3,75 from 4 ratings.
    assert table[label(past[0])] == ["3,75", "4"]
    assert table[label(past[1])] == ["1,5", "2"]
    assert 'data-chart="feedback"' in html and "Erscheint hier, sobald" not in html


def test_online_participants_count_as_not_come_only_once_attendance_online_was_taken(signed_in, network):
    """A past hybrid meeting: four places on site (three checked in at the desk), two online. Nobody checks in
    online, so until the coordinator marks who joined the call, the online places do not count as no-shows."""
    yesterday = date.today() - timedelta(days=1)
    meeting = factories.create_event(network, title="Hybrides Netzwerktreffen", format="hybrid", capacity=10,
                                     online_capacity=10, starts_at=to_instant(yesterday, time(10)),
                                     ends_at=to_instant(yesterday, time(13)))
    for state in ("attended", "attended", "attended", "confirmed"):
        factories.create_registration(meeting, state=state)
    online = [factories.create_registration(meeting, attendance="online") for _ in range(2)]
    db.session.commit()
    url = f"/manage/netzwerke/{network.id}/dashboard"

    def no_show_row():
        rows = Tables(signed_in.get(url).get_data(as_text=True)).tables["nichterschienen"][1:]
        return {row[0]: row[1:] for row in rows}[label(meeting)]

    assert no_show_row() == ["25 %", "4", "3"]
    assert bulk(signed_in, meeting, "attend", online[:1]).status_code == 302
    assert no_show_row() == ["33,3 %", "6", "4"]  # attendance was taken online: the one not marked did not come
