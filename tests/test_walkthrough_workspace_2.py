"""A second walk through the coordinator's workspace: what a colleague stumbled over, as stories."""
import csv
import io
import re
import shutil

import pytest
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.registrations.models import Question, Registration

from . import factories
from .conftest import CHROMIUM
from .test_registration_admin import page, register_people

# --- editing a registration's answers --------------------------------------------------------------------------------

def _questions(event):
    yes_no = Question(event=event, position=1, kind="yes_no", label="Kommen Sie mit dem Auto?")
    single = Question(event=event, position=2, kind="single_choice", label="Welcher Workshop?",
                      options=["Arbeit", "Wohnen"])
    several = Question(event=event, position=3, kind="multiple_choice", label="Welche Themen?",
                       options=["Sprache", "Schule", "Gesundheit"])
    db.session.add_all([yes_no, single, several])
    db.session.commit()
    return yes_no, single, several


def _edit_url(event, registration):
    return f"/manage/veranstaltungen/{event.id}/anmeldungen/{registration.id}"


def test_answers_to_choice_questions_are_chosen_from_their_options(app, signed_in, network):
    """Ja/Nein and single-choice answers were text fields: "Vielleicht" was stored as the answer to a Ja/Nein
    question."""
    event = factories.create_event(network)
    db.session.commit()
    yes_no, single, several = _questions(event)
    registration = register_people(app, event, 1)[0]
    url = _edit_url(event, registration)

    html = page(signed_in, url)
    assert _inputs(html, yes_no) == [("radio", "Ja"), ("radio", "Nein")]
    assert _inputs(html, single) == [("radio", "Arbeit"), ("radio", "Wohnen")]
    assert _inputs(html, several) == [("checkbox", "Sprache"), ("checkbox", "Schule"), ("checkbox", "Gesundheit")]

    refused = signed_in.submit(url, {"given_name": "Vorname0", "family_name": "Nachname0",
                                     f"answer_{yes_no.id}": "Vielleicht", f"answer_{single.id}": "Arbeit",
                                     f"answer_{several.id}": ["Sprache", "Schule"]})
    assert refused.status_code == 422
    db.session.expire_all()
    assert str(yes_no.id) not in (registration.answers or {})

    saved = signed_in.submit(url, {"given_name": "Vorname0", "family_name": "Nachname0",
                                   f"answer_{yes_no.id}": "Ja", f"answer_{single.id}": "Wohnen",
                                   f"answer_{several.id}": ["Sprache", "Gesundheit"]})
    assert saved.status_code == 302
    db.session.expire_all()
    assert registration.answers == {str(yes_no.id): "Ja", str(single.id): "Wohnen",
                                    str(several.id): ["Sprache", "Gesundheit"]}


def test_a_refused_edit_shows_the_answers_again_and_an_old_answer_stays_choosable(app, signed_in, network):
    """After an error the choices came back empty; an answer given before the options changed must not be lost."""
    event = factories.create_event(network)
    db.session.commit()
    yes_no, single, several = _questions(event)
    registration = register_people(app, event, 1)[0]
    registration.answers = {str(single.id): "Familie", str(several.id): ["Schule"]}  # "Familie" was an option once
    db.session.commit()
    url = _edit_url(event, registration)

    html = page(signed_in, url)
    assert _inputs(html, single) == [("radio", "Arbeit"), ("radio", "Wohnen"), ("radio", "Familie")]
    assert _checked(html, "Familie") and _checked(html, "Schule")

    refused = signed_in.submit(url, {"given_name": "", "family_name": "Nachname0", f"answer_{single.id}": "Familie",
                                     f"answer_{several.id}": ["Schule", "Sprache"], f"answer_{yes_no.id}": "Nein"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    for value in ("Familie", "Schule", "Sprache", "Nein"):
        assert _checked(html, value), value
    assert not _checked(html, "Gesundheit")

    kept = signed_in.submit(url, {"given_name": "Vorname0", "family_name": "Nachname0",
                                  f"answer_{single.id}": "Familie", f"answer_{several.id}": ["Schule"]})
    assert kept.status_code == 302
    db.session.expire_all()
    assert registration.answers == {str(single.id): "Familie", str(several.id): ["Schule"]}


def _inputs(html: str, question) -> list[tuple[str, str]]:
    """(type, value) of the inputs that answer this question, in order."""
    tags = re.findall(rf'<input[^>]*name="answer_{question.id}"[^>]*>', html)
    return [(re.search(r'type="(\w+)"', tag).group(1), re.search(r'value="([^"]*)"', tag).group(1)) for tag in tags]


def _checked(html: str, value: str) -> bool:
    """Whether the radio button or checkbox with this value is checked."""
    return any(" checked" in tag for tag in re.findall(rf'<input[^>]*value="{value}"[^>]*>', html))


# --- a new person ----------------------------------------------------------------------------------------------------

def test_after_saving_a_new_person_the_list_opens_where_they_are(app, signed_in, network):
    """With 60 people, a new "Zimmermann" was on page 2, but saving led to page 1: "was it saved at all?"."""
    app.config["PAGE_SIZE"] = 50
    for n in range(60):
        factories.create_person(network, given_name="Alex", family_name=f"Beispiel{n:02d}")
    db.session.commit()

    saved = signed_in.submit("/manage/personen/neu", {
        "network_id": str(network.id), "given_name": "Zora", "family_name": "Zimmermann",
        "email": "z.zimmermann@example.org", "organisation_id": "", "function": ""})

    assert saved.status_code == 302
    landed = signed_in.get(saved.location)
    html = landed.get_data(as_text=True)
    assert landed.status_code == 200
    assert "Zora Zimmermann wurde gespeichert." in html
    assert "Zimmermann, Zora" in html
    row = re.search(r'<tr[^>]*aria-current="true"[^>]*>(.*?)</tr>', html, re.S)
    assert row and "Zimmermann, Zora" in row.group(1)


# --- the registrations export -----------------------------------------------------------------------------------------

def _export_rows(browser, event, query=""):
    response = browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.csv{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_the_export_holds_what_the_filtered_list_shows_and_the_photo_consent(signed_in, network):
    """Filtered to "Warteliste", the export still held all 3, and whether someone may be photographed was missing."""
    event = factories.create_event(network)
    factories.create_registration(event, given_name="Ada", state="confirmed", photo_consent=True)
    factories.create_registration(event, given_name="Ben", state="waitlisted", photo_consent=False)
    factories.create_registration(event, given_name="Cem", state="waitlisted")
    db.session.commit()

    html = page(signed_in, f"/manage/veranstaltungen/{event.id}/anmeldungen?state=waitlisted&q=e")
    assert f'href="/manage/veranstaltungen/{event.id}/anmeldungen/export.csv?q=e&amp;state=waitlisted"' in html

    everyone = _export_rows(signed_in, event)
    assert [(row["Vorname"], row["Fotos"]) for row in everyone] == [("Ada", "Ja"), ("Ben", "Nein"), ("Cem", "")]
    waiting = _export_rows(signed_in, event, "?state=waitlisted&q=e")
    assert [row["Vorname"] for row in waiting] == ["Ben", "Cem"]
    assert [row["Vorname"] for row in _export_rows(signed_in, event, "?state=waitlisted&q=Cem")] == ["Cem"]


# --- Kommunen of the same name ----------------------------------------------------------------------------------------

def _two_heinsbergs(network):
    """Two Kommunen of one name in two Länder (the pair is unique), and one whose name is its own."""
    nrw = factories.create_kommune(name="Kreis Heinsberg", bundesland="Nordrhein-Westfalen", kind="Kreis")
    bayern = factories.create_kommune(name="Kreis Heinsberg", bundesland="Bayern", kind="Kreis")
    bielefeld = factories.create_kommune(name="Bielefeld")
    for kommune in (nrw, bayern, bielefeld):
        factories.create_membership(network, kommune)
    return nrw, bayern, bielefeld


def _option_labels(html: str, select_name: str) -> dict[str, str]:
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {value: label.strip() for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>',
                                                                 select)}


def test_kommunen_of_the_same_name_are_told_apart_by_their_land(app, client, signed_in, network):
    """Two options read "Kreis Heinsberg"; only the Bundesland tells them apart."""
    nrw, bayern, bielefeld = _two_heinsbergs(network)
    event = factories.create_event(network)
    registration = factories.create_registration(event)
    db.session.commit()
    expected = {str(nrw.id): "Kreis Heinsberg (Nordrhein-Westfalen)", str(bayern.id): "Kreis Heinsberg (Bayern)",
                str(bielefeld.id): "Bielefeld"}

    pages = {
        "public form": (f"/n/{network.slug}/{event.id}/anmelden", "kommune_id"),
        "Person anmelden": (f"/manage/veranstaltungen/{event.id}/anmeldungen/neu", "kommune_id"),
        "edit": (_edit_url(event, registration), "kommune_id"),
        "list filter": (f"/manage/veranstaltungen/{event.id}/anmeldungen", "kommune"),
        "walk-in": (f"/manage/checkin/{event.id}/ohne-anmeldung", "kommune_id"),
    }
    for what, (url, name) in pages.items():
        labels = _option_labels(page(signed_in, url), name)
        assert {value: labels.get(value) for value in expected} == expected, what


# --- Person anmelden: a contact of the network ------------------------------------------------------------------------

def test_person_anmelden_picks_a_contact_of_the_network_whose_details_fill_the_form(signed_in, network):
    """The form had only empty fields: a contact stored for years had to be typed in again, letter by letter."""
    kommune = factories.create_kommune(name="Gütersloh")
    factories.create_membership(network, kommune)
    jobcenter = factories.create_organisation(network, name="Jobcenter Gütersloh", kommune=kommune)
    aylin = factories.create_person(network, given_name="Aylin", family_name="Demir", email="a.demir@example.org",
                                    function="Fallmanagerin", organisation=jobcenter)
    stranger = factories.create_person(factories.create_network(), given_name="Aylin", family_name="Demirci")
    event = factories.create_event(network)
    db.session.commit()
    url = f"/manage/veranstaltungen/{event.id}/anmeldungen/neu"

    found = page(signed_in, f"{url}?kontakt=demir")
    assert f'href="{url}?person={aylin.id}"' in found
    assert "Demirci" not in found  # another network's contact
    assert signed_in.get(f"{url}?person={stranger.id}").status_code == 404

    filled = page(signed_in, f"{url}?person={aylin.id}")
    for value in ("Aylin", "Demir", "a.demir@example.org", "Fallmanagerin"):
        assert re.search(rf'<input[^>]*value="{value}"', filled), value
    assert _option_labels(filled, "organisation_id") and re.search(
        rf'<option selected value="{jobcenter.id}">', filled)
    assert re.search(rf'<option selected value="{kommune.id}">', filled)

    saved = signed_in.submit(url, {"given_name": "Aylin", "family_name": "Demir", "email": "a.demir@example.org",
                                   "function": "Fallmanagerin", "organisation_id": str(jobcenter.id),
                                   "kommune_id": str(kommune.id), "organisation_type": "Sonstige"},
                             form_url=f"{url}?person={aylin.id}")
    assert saved.status_code == 302
    registration = db.session.scalar(select(Registration).where(Registration.event_id == event.id))
    assert registration.person_id == aylin.id and registration.organisation_id == jobcenter.id

    typed = signed_in.submit(url, {"given_name": "Neu", "family_name": "Person", "email": "neu@example.org",
                                   "organisation_type": "Sonstige"})
    assert typed.status_code == 302  # typing a new person still works


# --- layout ----------------------------------------------------------------------------------------------------------

browser_only = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed")


@pytest.fixture
def tablet(chromium, live_url, coordinator):
    """A signed-in coordinator's browser tab; each test sets its width."""
    context = chromium.new_context(locale="de-DE")
    tab = context.new_page()
    tab.goto(f"{live_url}/anmelden")
    tab.get_by_label("E-Mail").fill(coordinator.email)
    tab.get_by_label("Passwort").fill(factories.PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Anmelden").click()
    yield tab
    context.close()


@browser_only
def test_the_registrations_list_shows_status_without_scrolling_sideways_at_820_px(live_url, tablet, network):
    """At 820 px (a tablet upright) Status was beyond the right edge of the table's box."""
    event = factories.create_event(network)
    organisation = factories.create_organisation(network, name="Bildungswerk der Arbeiterwohlfahrt Ostwestfalen-Lippe")
    for n in range(3):
        factories.create_registration(event, given_name="Maximiliane", family_name=f"Mustermann-Schulze{n}",
                                      email=f"maximiliane.mustermann-schulze{n}@integration.example.org",
                                      organisation=organisation, organisation_type="Wohlfahrtsverband")
    db.session.commit()
    tablet.set_viewport_size({"width": 820, "height": 1180})
    tablet.goto(f"{live_url}/manage/veranstaltungen/{event.id}/anmeldungen")

    region = tablet.get_by_role("region", name="Anmeldungen")
    assert region.evaluate("box => box.scrollWidth <= box.clientWidth")
    status = tablet.get_by_role("columnheader", name="Status")
    assert status.is_visible()


@browser_only
def test_the_agenda_items_day_shows_its_year_at_1280_px(live_url, tablet, network):
    """"Donnerstag, 24. September 20…": the select was too narrow for the day's name."""
    event = factories.create_event(network, starts_at=factories.at(factories.date(2026, 9, 24), 10),
                                   ends_at=factories.at(factories.date(2026, 9, 24), 16))
    db.session.commit()
    tablet.set_viewport_size({"width": 1280, "height": 900})
    tablet.goto(f"{live_url}/manage/veranstaltungen/{event.id}/programm/neu")

    day = tablet.get_by_label("Tag", exact=True)
    assert "2026" in day.evaluate("select => select.options[select.selectedIndex].text")
    assert day.evaluate("""select => {
        const style = getComputedStyle(select), text = document.createElement('canvas').getContext('2d');
        text.font = style.font;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return text.measureText(select.options[select.selectedIndex].text).width <= room;
    }""")
