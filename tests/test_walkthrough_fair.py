"""What an Aussteller, a visitor on their phone and a coordinator met at the Migrationsmesse, walked through in a
browser on the demo data: booth booking and the management link, registration in Arabic, Persian, Ukrainian and
Turkish, the directory, the entrance, interviews and outcomes after the fair."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.fair.models import Interview
from netzwerk.fair.services import stored_fair
from netzwerk.registrations.models import Registration

from . import factories


@pytest.fixture
def fair_event(network):
    event = factories.create_fair_event(network)
    factories.create_fair(event, interview_mode="planned")
    db.session.commit()
    return event


def test_a_walk_in_gets_their_fair_page_in_the_language_chosen_at_the_entrance_not_the_desks(signed_in, fair_event):
    url = f"/manage/checkin/{fair_event.id}/messe-einlass"
    form = signed_in.get(url).get_data(as_text=True)
    assert 'name="locale"' in form and '<option selected value="de">' in form  # the desk's language first
    response = signed_in.submit(url, {"given_name": "Mariam", "family_name": "Haidari", "german_level": "A1",
                                      "locale": "fa", "consent": "y"})
    assert response.status_code == 302
    walk_in = db.session.scalar(select(Registration))
    assert walk_in.locale == "fa"
    done = signed_in.get(url).get_data(as_text=True)
    link = re.search(r'href="(/anmeldung/[\w-]+)/namensschild\.pdf"', done).group(1)
    page = signed_in.get(f"{link}/messe").get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in page


def test_exhibitors_are_listed_in_the_order_people_expect_with_umlauts(client, network, fair_event):
    for company in ("Baumarkt Saar-Hochwald", "Bäckerei Kornblume", "Autohaus Ost", "Café Zentral"):
        factories.create_exhibitor(fair_event, company=company)
    db.session.commit()
    page = client.get(f"/n/ankommen/{fair_event.id}/messe").get_data(as_text=True)
    shown = re.findall(r">([^<>]+)</a></h3>", page)
    assert shown == ["Autohaus Ost", "Bäckerei Kornblume", "Baumarkt Saar-Hochwald", "Café Zentral"]


def test_the_aussteller_is_asked_for_outcomes_only_once_the_fair_has_begun(client, fair_event):
    factories.create_exhibitor(fair_event, token="vor-der-messe")
    db.session.commit()
    before = client.get("/messe/aussteller/vor-der-messe/gespraeche").get_data(as_text=True)
    assert "Nach der Messe: tragen Sie" not in before
    fair_event.starts_at = utcnow() - timedelta(hours=5)
    fair_event.ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    after = client.get("/messe/aussteller/vor-der-messe/gespraeche").get_data(as_text=True)
    assert "Nach der Messe: tragen Sie" in after


def test_the_actions_of_an_aussteller_sit_in_a_table_cell_not_a_flex_box(signed_in, fair_event):
    factories.create_exhibitor(fair_event, state="requested")
    db.session.commit()
    page = signed_in.get(f"/manage/veranstaltungen/{fair_event.id}/messe/aussteller").get_data(as_text=True)
    assert '<td class="d-flex' not in page  # a flex cell leaves the table: its row's border runs askew


def test_saving_an_outcome_returns_to_the_row_just_saved(signed_in, fair_event):
    exhibitor = factories.create_exhibitor(fair_event)
    visitors = [factories.create_visitor(fair_event, state="attended") for _ in range(3)]
    for slot, visitor in enumerate(visitors):
        db.session.add(Interview(event_id=fair_event.id, exhibitor_id=exhibitor.id, registration_id=visitor.id,
                                 slot=slot, seat=0, source="wish"))
    db.session.commit()
    url = f"/manage/veranstaltungen/{fair_event.id}/messe/ergebnisse"
    response = signed_in.submit(url, {"exhibitor_id": exhibitor.id, "registration_id": visitors[2].id,
                                      "outcome": "Praktikum"})
    assert response.status_code == 302
    anchor = response.location.partition("#")[2]
    assert anchor
    assert f'id="{anchor}"' in signed_in.get(url).get_data(as_text=True)



def test_a_contact_without_interview_returns_to_its_form(signed_in, fair_event):
    exhibitor = factories.create_exhibitor(fair_event)
    visitor = factories.create_visitor(fair_event, state="attended")
    db.session.commit()
    response = signed_in.submit(f"/manage/veranstaltungen/{fair_event.id}/messe/ergebnisse",
                                {"exhibitor_id": exhibitor.id, "registration_id": visitor.id, "outcome": "Stelle"})
    assert response.location.endswith("#contact-heading")


def test_aussteller_to_book_a_talk_with_are_listed_as_in_the_directory(client, fair_event):
    stored_fair(fair_event).interview_mode = "self_booking"
    for company in ("Baumarkt Saar-Hochwald", "Bäckerei Kornblume"):
        factories.create_exhibitor(fair_event, company=company)
    factories.create_visitor(fair_event, token="selbst-buchen")
    db.session.commit()
    page = client.get("/anmeldung/selbst-buchen/messe").get_data(as_text=True)
    assert page.index(">Bäckerei Kornblume</h3>") < page.index(">Baumarkt Saar-Hochwald</h3>")


def test_a_visitor_is_not_offered_times_at_an_aussteller_whose_offers_need_more_german(client, fair_event):
    stored_fair(fair_event).interview_mode = "self_booking"
    factories.create_exhibitor(fair_event, company="Systemhaus Saar-Digital", offers=[("Ausbildung", "IT", "B2")])
    factories.create_exhibitor(fair_event, company="Gerüstbau Hunsrück", offers=[("Stelle", "Helfer", "none")])
    factories.create_visitor(fair_event, token="nur-a2", german_level="A2")
    db.session.commit()
    page = client.get("/anmeldung/nur-a2/messe").get_data(as_text=True)
    book = page[page.index('id="book"'):page.index("</section>", page.index('id="book"'))]
    assert book.count('name="slot"') == 1  # only the Gerüstbau's times: booking the other's would be refused
    assert "Für die Angebote von Systemhaus Saar-Digital reichen Ihre Deutschkenntnisse noch nicht." in book
    assert book.index("Gerüstbau Hunsrück") < book.index("Systemhaus Saar-Digital")  # what can be booked first
