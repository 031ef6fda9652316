"""Figures for coordinators on one page in a fixed number of queries, and the fair's print documents."""
import io
import re

import numpy
import pypdfium2
import pytest
from pypdf import PdfReader

from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.fair.figures import fair_figures
from netzwerk.fair.models import Interview

from . import factories


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def build_fair(network, size: int):
    """`size` employers on booths with two offers each, 4 x size visitors, half of them checked in."""
    event = factories.create_fair_event(network)
    sectors = ["Pflege", "Bau", "Handwerk", "IT"]
    exhibitors = []
    for n in range(size):
        booth = factories.create_booth(event, number=str(n + 1), x=1 + (n % 10) * 3.5, y=1 + (n // 10) * 3,
                                       status="confirmed")
        exhibitors.append(factories.create_exhibitor(
            event, sector=sectors[n % 4], booth_id=booth.id, staff_names=[f"Team {n} A", f"Team {n} B"],
            offers=[("Ausbildung", f"Ausbildung {n}", "B1"), ("Praktikum", f"Praktikum {n}", "none")]))
    factories.create_booth(event, number="frei")
    factories.create_exhibitor(event, sector="Bau", state="requested")
    for n in range(4 * size):
        visitor = factories.create_visitor(event, state="attended" if n % 2 else "confirmed")
        db.session.add(Interview(event_id=event.id, registration_id=visitor.id, exhibitor_id=exhibitors[n % size].id,
                                 slot=n // size, seat=0, source="wish", held_at=utcnow() if n % 3 == 0 else None))
    db.session.commit()
    return event


def test_figures_count_what_coordinators_ask_for(app, network):
    event = build_fair(network, 4)
    figures = fair_figures(event.id)
    assert figures.booths == {"confirmed": 4, "free": 1}
    assert figures.exhibitors["Bau"] == {"confirmed": 1, "requested": 1} and figures.exhibitor_states["confirmed"] == 4
    assert figures.offers == {"Ausbildung": {"B1": 4}, "Praktikum": {"none": 4}}
    assert (figures.visitors_registered, figures.visitors_checked_in) == (16, 8)
    assert (figures.interviews, figures.interviews_held) == (16, 6)


def test_figures_page_costs_the_same_queries_for_a_small_and_a_large_fair(browser, coordinator, network,
                                                                          count_queries):
    browser.login(coordinator)
    counts = []
    for size in (2, 12):
        event = build_fair(network, size)
        url = f"/manage/veranstaltungen/{event.id}/messe"
        browser.get(url)
        with count_queries() as counted:
            page = browser.get(url)
        assert page.status_code == 200
        counts.append(counted.n)
    assert counts[0] == counts[1] <= 10
    text = page.get_data(as_text=True)
    assert 'id="booths-confirmed">12<' in text and 'id="visitors-checked-in">24<' in text


def test_the_overview_shows_visitors_waiting_for_a_place_or_approval_with_a_link_to_them(browser, coordinator, network):
    event = build_fair(network, 2)
    for state in ("waitlisted", "waitlisted", "pending"):
        factories.create_visitor(event, state=state)
    db.session.commit()
    browser.login(coordinator)
    page = browser.get(f"/manage/veranstaltungen/{event.id}/messe").get_data(as_text=True)
    assert f'<a href="/manage/veranstaltungen/{event.id}/anmeldungen?state=waitlisted">Warteliste: 2</a>' in page
    assert "Wartet auf Freigabe: 1" in page


@pytest.fixture
def printed_fair(network):
    return build_fair(network, 3)


def test_booth_signs_have_number_company_offers_and_level_marks(browser, coordinator, printed_fair):
    browser.login(coordinator)
    response = browser.get(f"/manage/veranstaltungen/{printed_fair.id}/messe/druck/standschilder.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 3
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert width > height  # A4 landscape
    first = reader.pages[0].extract_text()
    assert "Stand" in first and "1" in first and "Betrieb" in first and "Ausbildung 0" in first and "B1" in first
    assert "ohne Deutsch" in first


def test_visitor_guide_in_arabic_runs_right_to_left_with_plan_and_employers(browser, coordinator, printed_fair):
    browser.login(coordinator)
    response = browser.get(f"/manage/veranstaltungen/{printed_fair.id}/messe/druck/messefuehrer.pdf?lang=ar")
    text = pdf_text(response.data)
    assert "Ausbildung 0" in text and "Betrieb" in text
    assert any("\u0600" <= char <= "\u06ff" for char in text)  # the interface words in Arabic


def test_staff_badges_and_all_interview_lists(browser, coordinator, printed_fair):
    browser.login(coordinator)
    badges = pdf_text(browser.get(
        f"/manage/veranstaltungen/{printed_fair.id}/messe/druck/aussteller-namensschilder.pdf").data)
    assert "Team 0 A" in badges and "Aussteller" in badges
    lists = browser.get(f"/manage/veranstaltungen/{printed_fair.id}/messe/druck/gespraeche.pdf")
    assert lists.status_code == 200 and "Gesprächsplatz" in pdf_text(lists.data)
    assert browser.get(f"/manage/veranstaltungen/{printed_fair.id}/messe/druck/etwas.pdf").status_code == 404


def first_page_png(data: bytes, scale: float = 2):
    """Page 1 rendered by PDFium (another renderer than the one that wrote it), as a PIL image."""
    document = pypdfium2.PdfDocument(data)
    return document[0].render(scale=scale).to_pil().convert("L")


def ink_around(data: bytes, word: str) -> int:
    """Dark pixels in the box where PDFium finds `word` on page 1 (0 when it is not there)."""
    document = pypdfium2.PdfDocument(data)
    page = document[0]
    text = page.get_textpage()
    found = text.search(word).get_next()
    if found is None:
        return 0
    start, count = found
    boxes = [text.get_charbox(index) for index in range(start, start + count)]
    left, right = min(box[0] for box in boxes), max(box[2] for box in boxes)
    bottom, top = min(box[1] for box in boxes), max(box[3] for box in boxes)
    height = page.get_height()
    image = page.render(scale=2).to_pil().convert("L")
    region = image.crop((int(left * 2), int((height - top) * 2), int(right * 2) + 1, int((height - bottom) * 2) + 1))
    return int((numpy.asarray(region) < 128).sum())


@pytest.mark.parametrize(("language", "legend", "footer"), [
    # A line that mixes scripts is read back in visual order, left to right: "صفحة 1 من 3" as "3 من 1 صفحة".
    ("ar", ("متاح", "محجوز", "مشغول", "مغلق"), "{pages} من {page} صفحة"),
    ("fa", ("آزاد", "رزروشده", "اشغال", "مسدود"), "{pages} از {page} صفحه"),
])
def test_visitor_guide_in_arabic_and_persian_prints_legend_and_page_numbers_in_reading_order(
        browser, coordinator, network, language, legend, footer):
    event = build_fair(network, 24)  # runs to several pages, so they are numbered
    browser.login(coordinator)
    guide = browser.get(f"/manage/veranstaltungen/{event.id}/messe/druck/messefuehrer.pdf?lang={language}").data
    german = browser.get(f"/manage/veranstaltungen/{event.id}/messe/druck/messefuehrer.pdf?lang=de").data

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(guide)).pages]
    assert len(pages) > 1
    for word in legend:
        assert word in pages[0], word
        assert word[::-1] not in pages[0], f"{word} printed reversed"  # as WeasyPrint sets SVG text
    for number, page in enumerate(pypdfium2.PdfDocument(guide), start=1):
        text = page.get_textpage().get_text_range()
        assert footer.format(page=number, pages=len(pages)) in text and "Seite" not in text
    assert re.search(r"Betrieb \d+…", pages[0])  # the Aussteller's names on their booths, cut to fit
    for word in legend:
        assert ink_around(guide, word) > 20, f"{word} not drawn"
    picture, german_picture = first_page_png(guide), first_page_png(german)
    assert picture.size == german_picture.size
    changed = numpy.abs(numpy.asarray(picture, dtype=int) - numpy.asarray(german_picture, dtype=int)) > 64
    assert changed.sum() > 1000  # the page is drawn in other words, not only its text layer
