"""The public exhibitor directory: plan, filters that work without JavaScript, each employer's page."""
import re

import pytest

from netzwerk.extensions import db

from . import factories


@pytest.fixture
def fair(network):
    event = factories.create_fair_event(network)
    booths = [factories.create_booth(event, number=str(n), x=1 + 4 * n) for n in range(1, 5)]
    bakery = factories.create_exhibitor(event, company="Bäckerei Sonne", sector="Gastronomie", booth_id=booths[0].id,
                                        offers=[("Ausbildung", "Bäcker:in", "A2"), ("Stelle", "Verkäufer:in", "B2")])
    care = factories.create_exhibitor(event, company="Pflegedienst Lindenhof", sector="Pflege", booth_id=booths[1].id,
                                      offers=[("Ausbildung", "Pflegefachkraft", "B1"),
                                              ("Praktikum", "Pflegehilfe", "none")])
    logistics = factories.create_exhibitor(event, company="Spedition Saar", sector="Logistik",
                                           offers=[("Stelle", "Lagerhelfer:in", "A1")])
    factories.create_exhibitor(event, company="Noch Angefragt GmbH", sector="Bau", state="requested",
                               booth_id=booths[2].id)
    booths[0].status = booths[1].status = "confirmed"
    booths[2].status = "reserved"
    db.session.commit()
    return {"event": event, "bakery": bakery, "care": care, "logistics": logistics, "booths": booths}


def directory_url(fair, **args):
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/n/ankommen/{fair['event'].id}/messe" + (f"?{query}" if query else "")


def listed(page: str) -> list[str]:
    return re.findall(r'<h3 class="h6 card-title mb-1"><a [^>]*>([^<]+)</a>', page)


def test_directory_lists_confirmed_employers_with_offers_and_the_plan(client, fair):
    page = client.get(directory_url(fair)).get_data(as_text=True)
    assert listed(page) == ["Bäckerei Sonne", "Pflegedienst Lindenhof", "Spedition Saar"]
    assert "Noch Angefragt" not in page  # not confirmed: neither listed nor named on the plan
    assert "Bäcker:in" in page and "Deutsch: A2" in page and "ohne Deutschkenntnisse" in page
    assert '<svg' in page and "Stand 1: Bäckerei Sonne (Belegt)" in page and "Stand 3 (Reserviert)" in page
    assert f'href="/n/ankommen/{fair["event"].id}/messe/aussteller/{fair["bakery"].id}"' in page


FILTERS = [
    ({"branche": "Pflege"}, ["Pflegedienst Lindenhof"]),
    ({"angebot": "Ausbildung"}, ["Bäckerei Sonne", "Pflegedienst Lindenhof"]),
    ({"deutsch": "A1"}, ["Pflegedienst Lindenhof", "Spedition Saar"]),  # Pflegehilfe needs none, Lagerhelfer A1
    ({"angebot": "Ausbildung", "deutsch": "A2"}, ["Bäckerei Sonne"]),  # one offer must meet both
    ({"angebot": "Stelle", "deutsch": "none"}, []),
    ({"branche": "Quatsch", "angebot": "<b>"}, ["Bäckerei Sonne", "Pflegedienst Lindenhof", "Spedition Saar"]),
]


def test_filters_by_sector_offer_type_and_most_german_needed(client, fair):
    for args, expected in FILTERS:
        response = client.get(directory_url(fair, **args))
        assert response.status_code == 200
        assert listed(response.get_data(as_text=True)) == expected, args


def test_filter_form_is_a_plain_get_form_that_keeps_the_choice(client, fair):
    page = client.get(directory_url(fair, branche="Pflege", deutsch="B1")).get_data(as_text=True)
    assert '<form method="get"' in page and "<script" not in page
    assert '<option value="Pflege" selected>' in page and '<option value="B1" selected>' in page
    assert "Keine Aussteller passen" in client.get(directory_url(fair, branche="IT")).get_data(as_text=True)


def test_employer_page_shows_offers_and_highlights_its_booth(client, fair):
    event, care = fair["event"], fair["care"]
    page = client.get(f"/n/ankommen/{event.id}/messe/aussteller/{care.id}").get_data(as_text=True)
    assert "Pflegefachkraft" in page and "Pflegehilfe" in page and "<strong>2</strong>" in page
    highlighted = re.findall(r'<rect[^>]*stroke="#b00020"[^>]*>', page)
    assert len(highlighted) >= 2  # the booth's outline and its marker ring (plus the legend's sample)
    assert "Dieser Stand" in page


def test_unconfirmed_or_foreign_employers_have_no_public_page(client, fair, network):
    event = fair["event"]
    other = factories.create_fair_event(network)
    stranger = factories.create_exhibitor(other)
    requested = factories.create_exhibitor(event, state="requested")
    db.session.commit()
    assert client.get(f"/n/ankommen/{event.id}/messe/aussteller/{requested.id}").status_code == 404
    assert client.get(f"/n/ankommen/{event.id}/messe/aussteller/{stranger.id}").status_code == 404
    assert client.get(f"/n/ankommen/{event.id}/messe/aussteller/999").status_code == 404


def test_reading_public_pages_writes_nothing(client, network, count_queries):
    from sqlalchemy import func, select

    from netzwerk.fair.models import Fair

    event = factories.create_fair_event(network)
    db.session.commit()
    with count_queries() as counted:
        assert client.get(f"/n/ankommen/{event.id}/messe").status_code == 200
    assert not [s for s in counted.statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert db.session.scalar(select(func.count()).select_from(Fair)) == 0
