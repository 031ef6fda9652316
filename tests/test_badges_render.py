"""Badges and print documents as real PDFs, read back with pypdf: pages, text, QR code, metadata, fit."""
import io
from dataclasses import replace

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from netzwerk.badges import layouts, pdf, render, sheets
from netzwerk.badges.layouts import LayoutDoesNotFit, preset
from netzwerk.badges.namefit import fit_name
from netzwerk.badges.qr import qr_png
from netzwerk.badges.render import AgendaItem, BadgeData, BadgeEvent, ListPerson, TableCard, TableGroup, TableRound

pytestmark = pytest.mark.db_independent  # no database: checked in the SQLite run of `make test` only

NAMES = {
    "German": "Jürgen Weiß-Öztürk",
    "Turkish": "Ağrı Şahin İğdır",
    "Ukrainian": "Олександра Ковальчук",
    "Arabic": "يوسف الشامي",
    "Persian": "زهرا حسینی",
}
LONG_NAME = "Anna-Marija Theodora Friederike von Hohenzollern-Sigmaringen"
MM = 72 / 25.4  # PDF points per millimetre


def logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#1f6feb").save(buffer, format="PNG")
    return buffer.getvalue()


def make_event(**changes) -> BadgeEvent:
    event = BadgeEvent(title="Netzwerktreffen Integration Nord", date_text="Dienstag, 3. März 2026",
                       network_name="Lernnetzwerk Nord", logo=logo_png(), logo_type="png")
    return replace(event, **changes)


def make_badges(count: int, name: str = "Anna Schmidt") -> list[BadgeData]:
    return [BadgeData(name=f"{name} {index}", organisation="Jobcenter Landkreis Harburg", kommune="Landkreis Harburg",
                      function="Fallmanagement", role_label="Teilnehmende", role_colour="#1f6feb",
                      checkin_code=f"NZ-{index:04d}-Q9XD", tables=[("Runde 1", f"Tisch {index % 5 + 1}")])
            for index in range(count)]


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


@pytest.mark.parametrize(("layout_name", "badges", "pages"), [
    ("a6", 3, 3),
    ("a4-2x4-90x55", 8, 1),
    ("a4-2x4-90x55", 9, 2),
    ("a4-2x2-a6", 5, 2),
    ("a4-8-85x54", 17, 3),
])
def test_each_layout_prints_full_sheets_and_a_partial_last_one(layout_name, badges, pages):
    pdf = render.render_badges(make_event(), make_badges(badges), preset(layout_name))

    assert len(read(pdf).pages) == pages


def test_custom_layout_with_cut_marks_prints_every_badge():
    layout = layouts.custom("A4", 80, 50, columns=2, rows=5, gap_x=5, gap_y=3, cut_marks=True)

    pdf = render.render_badges(make_event(), make_badges(11), layout)

    reader = read(pdf)
    assert len(reader.pages) == 2
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [round(210 * MM), round(297 * MM)]


def test_duplex_badges_get_a_back_sheet_mirrored_for_the_long_edge():
    event = make_event(back_text="WLAN: Rathaus-Gast\nPasswort: sonne2026")
    layout = preset("a4-2x4-90x55")

    pdf = render.render_badges(event, make_badges(9), layout)

    reader = read(pdf)
    assert len(reader.pages) == 4
    assert "Passwort: sonne2026" in reader.pages[1].extract_text()
    front, back = layout.positions(), layout.positions(back=True)
    # Turned over the long edge, the badge printed top left on the front lies behind the top right slot.
    assert back[0] == front[1] and back[1] == front[0]


def test_folded_badges_need_twice_the_height_and_are_refused_where_that_does_not_fit():
    with pytest.raises(LayoutDoesNotFit) as refused:
        preset("a4-2x4-90x55").check("folded")
    assert refused.value.too_high_mm == 182  # 38.5 mm top margin + 4 × 110 mm on 297 mm
    folded = layouts.custom("A4", 90, 55, columns=2, rows=2, sides="folded")

    pdf = render.render_badges(make_event(back_text="Programm"), make_badges(5), folded, sides="folded")

    assert len(read(pdf).pages) == 2


def test_a_layout_that_does_not_fit_is_refused_with_the_amount():
    with pytest.raises(LayoutDoesNotFit) as refused:
        layouts.custom("A4", 111, 80, columns=2, rows=4)

    assert str(refused.value) == "Die Etiketten sind 12 mm zu breit und 23 mm zu hoch für A4."
    assert (refused.value.too_wide_mm, refused.value.too_high_mm, refused.value.page_name) == (12, 23, "A4")


def test_a_layout_that_is_only_too_wide_says_only_that():
    with pytest.raises(LayoutDoesNotFit, match=r"^Die Etiketten sind 1 mm zu breit für A4\.$"):
        layouts.custom("A4", 100, 50, columns=2, rows=1, margin_left=10.5)


def test_refused_layout_renders_nothing():
    too_big = layouts.Layout(210, 297, 120, 60, columns=2, rows=2)

    with pytest.raises(LayoutDoesNotFit):
        render.render_badges(make_event(), make_badges(3), too_big)


def test_qr_code_on_the_badge_holds_only_the_checkin_code():
    badge = make_badges(1)[0]

    pdf = render.render_badges(make_event(logo=None), [badge], preset("a6"))

    images = read(pdf).pages[0].images
    assert len(images) == 1
    symbol = images[0].image.convert("L")
    symbol = symbol.resize((symbol.width * 8, symbol.height * 8), Image.NEAREST)
    decoded = zxingcpp.read_barcodes(symbol)
    assert [result.text for result in decoded] == ["NZ-0000-Q9XD"]


def test_qr_code_is_a_full_qr_code_with_a_quiet_zone():
    symbol = Image.open(io.BytesIO(qr_png("NZ-0001-Q9XD")))

    assert symbol.size == (21 + 2 * 4, 21 + 2 * 4)  # version 1, never Micro QR, four modules of quiet zone
    assert symbol.convert("L").getpixel((3, 3)) == 255 and symbol.convert("L").getpixel((4, 4)) == 0


def test_names_in_five_scripts_are_found_in_the_pdf_text():
    badges = [replace(make_badges(1)[0], name=name) for name in NAMES.values()]

    text = text_of(render.render_badges(make_event(), badges, preset("a4-2x4-90x55")))

    for script, name in NAMES.items():
        assert name in text, f"{script} name {name!r} not in the PDF text"


def test_arabic_name_is_set_right_to_left_and_shaped():
    fitted = fit_name(NAMES["Arabic"], 80, 15, 24)

    assert fitted.rtl
    assert not fit_name(NAMES["Turkish"], 80, 15, 24).rtl
    pdf = render.render_badges(make_event(), [replace(make_badges(1)[0], name=NAMES["Arabic"])], preset("a6"))
    fonts = {str(font.get_object()["/BaseFont"]) for font in read(pdf).pages[0]["/Resources"]["/Font"].values()}
    assert any("Netzwerk-Arabic" in font or "Vazirmatn" in font for font in fonts), fonts


def test_long_name_shrinks_and_stays_inside_its_badge():
    assert len(LONG_NAME) == 60
    layout = preset("a4-2x4-90x55")
    badges = [replace(make_badges(1)[0], name=LONG_NAME), replace(make_badges(1)[0], name=LONG_NAME.replace(" ", ""))]
    html = sheets._badges_html(make_event(), [badges], layout, "front")

    document = pdf.html_document(html, ("print/fonts.css", "badges/badge.css"))

    checked = 0
    for badge_box in boxes_with_class(document.pages[0]._page_box, "badge"):
        left, right = badge_box.position_x, badge_box.position_x + badge_box.border_width()
        top, bottom = badge_box.position_y, badge_box.position_y + badge_box.border_height()
        for name_box in boxes_with_class(badge_box, "nm"):
            for line in descendants(name_box):
                if type(line).__name__ == "TextBox":
                    assert left <= line.position_x and line.position_x + line.width <= right, line.text
                    assert top <= line.position_y and line.position_y + line.height <= bottom, line.text
                    checked += 1
    assert checked >= 3  # two lines of the long name, one of the name without spaces
    fitted = fit_name(LONG_NAME, 83, 15, 24)
    assert len(fitted.lines) == 2 and fitted.size_pt >= 9


def descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def boxes_with_class(root, name):
    for box in descendants(root):
        element = getattr(box, "element", None)
        if element is not None and name in (element.get("class") or "").split() and box.element_tag == "div":
            yield box


def test_name_that_fits_keeps_the_largest_size():
    assert fit_name("Li", 80, 15, 24).size_pt == pytest.approx(24, abs=0.1)
    assert fit_name("Li", 80, 15, 24).lines == ("Li",)


def test_badges_pdf_has_title_and_network_as_author():
    metadata = read(render.render_badges(make_event(), make_badges(2), preset("a6"))).metadata

    assert metadata.title == "Netzwerktreffen Integration Nord – Namensschilder"
    assert metadata.author == "Lernnetzwerk Nord"


def test_words_come_from_the_labels():
    event = make_event(labels={"badges": "Name badges"}, lang="en")

    metadata = read(render.render_badges(event, make_badges(1), preset("a6"))).metadata

    assert metadata.title == "Netzwerktreffen Integration Nord – Name badges"


def test_markup_in_names_is_text_and_a_role_colour_cannot_inject_css():
    badge = replace(make_badges(1)[0], name="<b>Ali</b> & Co", role_colour="red; background: url(file:///etc/passwd)")

    pdf = render.render_badges(make_event(), [badge], preset("a6"))

    assert "<b>Ali</b> & Co" in text_of(pdf).replace("\n", " ")


def test_large_batch_renders_in_worker_processes_with_progress_and_metadata():
    reported = []

    pdf = render.render_badges(make_event(), make_badges(130), preset("a4-2x4-90x55"),
                               progress=lambda done, total: reported.append((done, total)), workers=2)

    reader = read(pdf)
    assert len(reader.pages) == 17
    assert reported[-1] == (130, 130)
    assert [done for done, _ in reported] == sorted(done for done, _ in reported)
    assert reader.metadata.title == "Netzwerktreffen Integration Nord – Namensschilder"
    assert reader.metadata.author == "Lernnetzwerk Nord"
    assert "Anna Schmidt 129" in reader.pages[16].extract_text()


def test_participant_list_has_a_signature_column_and_numbered_pages():
    people = [ListPerson(f"Person {index}", "Jobcenter", "Landkreis Harburg") for index in range(60)]
    people.append(ListPerson(NAMES["Persian"], "Caritas", "Stadt Buxtehude"))

    pdf = render.render_participant_list(make_event(), people)

    reader = read(pdf)
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    assert "Unterschrift" in first and "Person 0" in first
    assert f"Seite 1 von {len(reader.pages)}" in first
    assert f"Seite {len(reader.pages)} von {len(reader.pages)}" in reader.pages[-1].extract_text()
    assert NAMES["Persian"] in text_of(pdf)
    assert reader.metadata.title == "Netzwerktreffen Integration Nord – Teilnahmeliste"
    assert reader.metadata.author == "Lernnetzwerk Nord"


def test_one_page_list_has_no_page_number():
    pdf = render.render_participant_list(make_event(), [ListPerson("Anna Schmidt", "IHK", "Stadt Buxtehude")])

    assert len(read(pdf).pages) == 1
    assert "Seite" not in text_of(pdf)


def test_table_lists_start_each_round_on_a_new_page():
    rounds = [TableRound(f"Runde {number}", [TableGroup(str(table), topic="Ausbildung", host="Ayşe Yılmaz",
                                                       members=["Anna Schmidt", NAMES["Ukrainian"]])
                                            for table in range(1, 4)])
              for number in (1, 2)]

    pdf = render.render_table_lists(make_event(), rounds)

    reader = read(pdf)
    assert len(reader.pages) == 2
    assert "Runde 2" in reader.pages[1].extract_text() and "Runde 2" not in reader.pages[0].extract_text()
    assert "Seite 2 von 2" in reader.pages[1].extract_text()
    assert NAMES["Ukrainian"] in reader.pages[0].extract_text()


@pytest.mark.parametrize(("fold", "size"), [("a4-landscape", (297, 210)), ("a5-folded", (210, 297))])
def test_table_cards_one_per_page_with_big_number(fold, size):
    cards = [TableCard("1", "Ausbildung im Handwerk", "Runde 1"), TableCard("2", "Sprachkurse", "Runde 1")]

    pdf = render.render_table_cards(make_event(), cards, fold=fold)

    reader = read(pdf)
    assert len(reader.pages) == 2
    assert [round(float(side) / MM) for side in reader.pages[0].mediabox[2:]] == list(size)
    assert "Tisch 1" in reader.pages[0].extract_text()
    assert "Ausbildung im Handwerk" in reader.pages[0].extract_text()


def test_agenda_handout_lists_the_programme():
    items = [AgendaItem("10:00", "Begrüßung", place="Ratssaal"), AgendaItem("10:30", "Impulsreferat", "Arbeitsmarkt")]

    pdf = render.render_agenda(make_event(), items)

    text = text_of(pdf)
    assert "Begrüßung" in text and "Impulsreferat" in text and "Ratssaal" in text
    assert read(pdf).metadata.title == "Netzwerktreffen Integration Nord – Programm"


def test_svg_logo_and_no_logo_both_render_and_an_svg_cannot_fetch_files():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 300 100">'
           b'<rect width="300" height="100" fill="#2da44e"/>'
           b'<image xlink:href="file:///etc/hostname" width="9" height="9"/>'
           b'</svg>')

    for event in (make_event(logo=svg, logo_type="svg"), make_event(logo=None)):
        assert len(read(render.render_badges(event, make_badges(2), preset("a4-2x4-90x55"))).pages) == 1


def test_nothing_outside_our_fonts_is_fetched():
    fetcher = pdf.LocalFetcher()

    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1/logo.png")
    assert fetcher.fetch((pdf.FONTS / "noto-sans" / "NotoSans-Regular.ttf").as_uri()) is not None
