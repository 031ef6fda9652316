"""The floor plan: drawn as accessible SVG, edited with forms, with an uploaded hall plan underneath."""
import io
import re
from xml.etree import ElementTree

import pytest
from PIL import Image
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.fair.floorplan import PlanBooth, PlanLabels, plan_svg
from netzwerk.fair.models import Booth, BoothType
from netzwerk.fair.services import fair_of

from . import factories

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def fair_event(network):
    event = factories.create_fair_event(network)
    db.session.commit()
    return event


def plan_url(event, tail=""):
    return f"/manage/veranstaltungen/{event.id}/messe/hallenplan{tail}"


def png(width=20, height=10) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_plan_tells_status_by_pattern_and_words_not_colour_alone():
    booths = [PlanBooth("1", 1, 1, 3, 2, "free"), PlanBooth("2", 5, 1, 3, 2, "reserved"),
              PlanBooth("3", 9, 1, 4, 2, "confirmed", label="Bäckerei Sonne", title="Stand 3: Bäckerei Sonne",
                        href="/a", highlighted=True),
              PlanBooth("4", 14, 1, 3, 2, "blocked")]
    labels = PlanLabels("Hallenplan", "Jeder Stand mit Nummer", {"free": "Frei", "reserved": "Reserviert",
                                                                  "confirmed": "Belegt", "blocked": "Gesperrt"},
                        highlighted="Dieser Stand")
    svg = str(plan_svg(20, 10, booths, labels))
    root = ElementTree.fromstring(svg)  # well-formed
    # Booth 3 is a link: the plan is a labelled group of links (axe: an image may not hold links).
    assert root.get("role") == "group" and root.get("aria-labelledby") == "plan-title plan-desc"
    without_links = ElementTree.fromstring(str(plan_svg(20, 10, [booths[0], booths[1]], labels)))
    assert without_links.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Hallenplan" and root.find(f"{SVG}desc").text == "Jeder Stand mit Nummer"
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert {"1", "2", "3", "4", "Bäckerei Sonne"} <= set(texts)
    assert {"Frei", "Reserviert", "Belegt", "Gesperrt", "Dieser Stand"} <= set(texts)  # the legend, in words
    assert 'fill="url(#plan-hatch)"' in svg and 'fill="url(#plan-dots)"' in svg  # blocked, reserved
    link = root.find(f"{SVG}a")
    assert link.get("href") == "/a" and link.find(f"{SVG}title").text == "Stand 3: Bäckerei Sonne"
    assert "style=" not in svg


def test_plan_escapes_names_and_shortens_labels_that_do_not_fit():
    name = "<script>alert(1)</script> Metallbau Saar-Hunsrück GmbH"
    booth = PlanBooth("7", 0, 0, 2, 2, "confirmed", label=name, title=name)
    svg = str(plan_svg(10, 10, [booth], PlanLabels("Plan")))
    assert "<script>" not in svg and "<title>&lt;script&gt;alert(1)&lt;/script&gt; Metallbau" in svg
    assert ">&lt;scrip…</text>" in svg  # cut to the booth's width


def test_coordinator_sets_up_types_and_booths_and_sees_them_on_the_plan(browser, coordinator, fair_event):
    browser.login(coordinator)
    response = browser.submit(f"/manage/veranstaltungen/{fair_event.id}/messe/standtypen",
                              {"name": "3 × 2 m mit Strom", "width": "3", "depth": "2", "has_power": "y",
                               "staff_badges": "3"}, form_url=plan_url(fair_event))
    assert response.status_code == 302
    kind = db.session.scalar(select(BoothType))
    response = browser.submit(f"/manage/veranstaltungen/{fair_event.id}/messe/staende",
                              {"number": "12", "booth_type_id": str(kind.id), "x": "4", "y": "6", "status": "free"},
                              form_url=plan_url(fair_event))
    assert response.status_code == 302
    booth = db.session.scalar(select(Booth))
    assert (booth.number, booth.width, booth.depth, booth.booth_type_id) == ("12", 3, 2, kind.id)
    page = browser.get(plan_url(fair_event)).get_data(as_text=True)
    assert "<svg" in page and ">12</text>" in page and "Stand 12 (Frei)" in page
    assert 'aria-labelledby="plan-title plan-desc"' in page


def test_booth_form_refuses_duplicates_and_booths_outside_the_hall(browser, coordinator, fair_event):
    factories.create_booth(fair_event, number="1")
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/veranstaltungen/{fair_event.id}/messe/staende",
                              {"number": "1", "x": "39", "y": "24", "width": "3", "depth": "2", "status": "free"},
                              form_url=plan_url(fair_event))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Diese Standnummer gibt es schon." in page and "ragt rechts über die Halle hinaus" in page
    assert "ragt unten über die Halle hinaus" in page
    assert browser.submit(f"/manage/veranstaltungen/{fair_event.id}/messe/staende", {"number": "2", "x": "abc"},
                          form_url=plan_url(fair_event)).status_code == 422


def test_coordinator_moves_blocks_and_deletes_a_booth_but_not_one_that_is_taken(browser, coordinator, fair_event):
    free = factories.create_booth(fair_event, number="1")
    taken = factories.create_booth(fair_event, number="2", status="confirmed")
    factories.create_exhibitor(fair_event, company="Pflegedienst Lindenhof", booth_id=taken.id)
    db.session.commit()
    browser.login(coordinator)
    url = plan_url(fair_event).replace("hallenplan", f"staende/{free.id}")
    assert browser.submit(url, {"number": "1a", "x": "10", "y": "10", "status": "blocked"}).status_code == 302
    db.session.expire_all()
    assert (free.number, free.x, free.status) == ("1a", 10, "blocked")
    taken_url = plan_url(fair_event).replace("hallenplan", f"staende/{taken.id}")
    page = browser.get(taken_url).get_data(as_text=True)
    assert "Pflegedienst Lindenhof" in page and 'name="status"' not in page and "Stand löschen" not in page
    assert browser.submit(taken_url, {"number": "2", "x": "20", "y": "3"}).status_code == 302
    refused = browser.submit(f"{taken_url}/loeschen", form_url=url)
    assert refused.status_code == 409 and "lösen Sie zuerst die Zuordnung" in refused.get_data(as_text=True)
    assert db.session.get(Booth, taken.id) is not None
    assert browser.submit(f"{url}/loeschen", form_url=url).status_code == 302
    assert db.session.get(Booth, free.id) is None


def test_hall_plan_image_is_checked_stored_in_the_database_and_served_without_scripts(browser, coordinator,
                                                                                     fair_event):
    browser.login(coordinator)
    data = {"hall_width": "30", "hall_depth": "20", "background": (io.BytesIO(png()), "halle.png")}
    response = browser.submit(plan_url(fair_event), data, content_type="multipart/form-data")
    assert response.status_code == 302
    fair = fair_of(fair_event)
    assert (fair.hall_width, fair.background_type) == (30, "image/png") and fair.background == png()
    page = browser.get(plan_url(fair_event)).get_data(as_text=True)
    assert f'<image href="{plan_url(fair_event, "/bild")}"' in page
    image = browser.get(plan_url(fair_event, "/bild"))
    assert image.data == png() and "default-src 'none'" in image.headers["Content-Security-Policy"]
    public = browser.get(f"/n/ankommen/{fair_event.id}/messe/hallenplan")
    assert public.status_code == 200 and "default-src 'none'" in public.headers["Content-Security-Policy"]


@pytest.mark.parametrize("upload, message", [
    (b"GIF89a not a png", "als PNG- oder SVG-Datei"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024), "erlaubt sind höchstens 2 MB"),
    (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
])
def test_unusable_hall_plans_are_refused_with_a_reason(browser, coordinator, fair_event, upload, message):
    browser.login(coordinator)
    data = {"hall_width": "30", "hall_depth": "20", "background": (io.BytesIO(upload), "halle")}
    response = browser.submit(plan_url(fair_event), data, content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert fair_of(fair_event).background is None


def test_fair_pages_are_only_for_fairs(browser, coordinator, network):
    meeting = factories.create_event(network)
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(plan_url(meeting)).status_code == 404
    assert re.search("Migrationsmesse", "Migrationsmesse")  # the kind that has them
