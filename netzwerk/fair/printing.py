"""The fair's print documents through the badges machinery (`badges.render`): booth signs, the visitor guide,
the Aussteller's interview lists and their staff badges. Words come in the reader's language (force_locale)."""
import base64

from flask_babel import force_locale
from flask_babel import gettext as _

from ..badges import render
from ..badges.layouts import Layout
from ..badges.namefit import is_rtl
from ..badges.services import badge_event, role_colour
from ..common.i18n import text_direction
from ..common.templating import event_period
from ..common.timing import local
from ..common.translations import text_in
from ..registrations.models import BadgeRole
from .booths import booths, plan_booths, plan_labels
from .directory import directory
from .floorplan import STATUSES, label_boxes, legend_swatch, plan_svg, view_box
from .instance import level_index
from .interviews import exhibitor_talks, visitor_profiles, visitor_talks
from .models import Exhibitor, ExhibitorState, Fair, GermanLevel, OfferType, Sector

PLAN_ROOM = (180.0, 150.0)  # mm on A4 portrait within the margins: the most the guide's plan may take


def level_marks(level: str) -> dict:
    """A German level as text and as six boxes, filled up to the level (A1 = one ... C2 = six)."""
    return {"text": "–" if level == GermanLevel.NONE else level, "filled": level_index(level), "boxes": 6}


def _offer_view(offer) -> dict:
    return {"kind": str(OfferType.label_of(offer.kind)), "title": text_in(offer, "title"), "place": offer.place,
            "level": level_marks(offer.german_level), "rtl": is_rtl(offer.title)}


def booth_signs(fair: Fair) -> bytes:
    """A4 landscape, one sign per confirmed Aussteller with a booth, in booth number order."""
    event = fair.event
    holders = [booth.exhibitor for booth in booths(event.id)
               if booth.exhibitor is not None and booth.exhibitor.state == ExhibitorState.CONFIRMED]
    signs = [{"number": exhibitor.booth.number, "company": exhibitor.company, "rtl": is_rtl(exhibitor.company),
              "sector": str(Sector.label_of(exhibitor.sector)),
              "offers": [_offer_view(offer) for offer in exhibitor.offers]} for exhibitor in holders]
    words = {"booth": _("Stand"), "german": _("Deutsch"), "no_german": _("ohne Deutsch"),
             "legend": _("Kästchen: nötige Deutschkenntnisse, A1 (ein Kästchen) bis C2 (sechs)")}
    return render.render_print("fair_booth_signs.html", badge_event(event, back=False), _("Standschilder"),
                               signs=signs, words=words)


def visitor_guide(fair: Fair, locale: str, registration=None) -> bytes:
    """The plan and every Aussteller with its offers in the reader's language (offers as written); with a
    registration, its interviews first."""
    with force_locale(locale):
        event = fair.event
        booth_rows = booths(event.id)
        title = text_in(event, "title").plain
        plan = _printed_plan(fair, plan_booths(booth_rows, public=True),
                             plan_labels(_("Hallenplan: %(title)s", title=title)))
        exhibitors = [{"company": e.company, "rtl": is_rtl(e.company), "booth": e.booth.number if e.booth else "",
                       "sector": str(Sector.label_of(e.sector)),
                       "offers": [_offer_view(offer) for offer in e.offers]} for e in directory(event.id)]
        talks = [{"time": f"{local(talk.starts_at):%H:%M}–{local(talk.ends_at):%H:%M}",
                  "company": talk.interview.exhibitor.company,
                  "booth": talk.interview.exhibitor.booth.number if talk.interview.exhibitor.booth else ""}
                 for talk in (visitor_talks(fair, registration.id) if registration else [])]
        words = {"plan": _("Hallenplan"), "exhibitors": _("Aussteller"), "booth": _("Stand"), "time": _("Zeit"),
                 "company": _("Aussteller"), "offers": _("Angebote"), "german": _("Deutsch"),
                 "my_interviews": _("Ihre Gesprächstermine"), "name": registration.full_name if registration else "",
                 "when": event_period(event.starts_at, event.ends_at, event.all_day),
                 "legend": _("Kästchen: nötige Deutschkenntnisse, A1 (ein Kästchen) bis C2 (sechs)")}
        return render.render_print("fair_visitor_guide.html", badge_event(event, back=False),
                                   _("Messeführer: %(title)s", title=title), plan=plan, exhibitors=exhibitors,
                                   talks=talks, words=words, direction=text_direction(locale))


def _printed_plan(fair: Fair, drawn: list, labels) -> dict:
    """The plan for print: the drawing without words, and the Aussteller's names and the legend as HTML over
    and under it (in millimetres), so that Pango shapes and orders them (WeasyPrint's SVG text would not)."""
    _left, _top, view_width, view_depth = view_box(fair.hall_width, fair.hall_depth)
    scale = min(PLAN_ROOM[0] / view_width, PLAN_ROOM[1] / view_depth)  # mm per metre
    names = [{"text": box.text, "rtl": is_rtl(box.text), "left": (box.x + 0.5) * scale,
              "top": (box.y + 0.5 - 0.7 * box.size) * scale, "width": box.width * scale, "size": box.size * scale}
             for box in label_boxes(drawn)]
    return {"svg": plan_svg(fair.hall_width, fair.hall_depth, drawn, labels, background_href=_background_uri(fair),
                            id_prefix="guide", legend=(), words=False),
            "width": view_width * scale, "depth": view_depth * scale, "names": names,
            "legend": [{"swatch": legend_swatch(status, "guide-legend"), "word": labels.statuses.get(status, status)}
                       for status in STATUSES]}


def _background_uri(fair: Fair) -> str | None:
    if not fair.background_type:
        return None
    return f"data:{fair.background_type};base64," + base64.b64encode(fair.background).decode("ascii")


def interview_lists(fair: Fair, exhibitors: list[Exhibitor]) -> bytes:
    """Per Aussteller (each on its own page): time, interviewer, visitor, German level, languages."""
    lists = []
    for exhibitor in exhibitors:
        talks = exhibitor_talks(fair, exhibitor.id)
        profiles = visitor_profiles([talk.interview.registration_id for talk in talks])
        rows = []
        for talk in talks:
            profile = profiles.get(talk.interview.registration_id)
            name = talk.interview.registration.full_name
            rows.append({"time": f"{local(talk.starts_at):%H:%M}–{local(talk.ends_at):%H:%M}",
                         "seat": talk.interview.seat + 1, "name": name, "rtl": is_rtl(name),
                         "level": str(GermanLevel(profile.german_level).label) if profile else "",
                         "languages": ", ".join(profile.languages) if profile else ""})
        lists.append({"company": exhibitor.company, "booth": exhibitor.booth.number if exhibitor.booth else "",
                      "rows": rows})
    words = {"time": _("Zeit"), "seat": _("Gesprächsplatz"), "name": _("Name"), "german": _("Deutsch"),
             "languages": _("Sprachen"), "booth": _("Stand"), "none": _("Keine Gespräche geplant.")}
    return render.render_print("fair_interview_lists.html", badge_event(fair.event, back=False),
                               _("Gesprächstermine"), lists=lists, words=words)


def staff_badges(fair: Fair, exhibitors: list[Exhibitor], layout: Layout) -> bytes:
    """One badge per named staff member (or the contact person), band "Aussteller", company as organisation."""
    event = fair.event
    badges = [render.BadgeData(name=name, organisation=exhibitor.company,
                               function=_("Stand %(number)s", number=exhibitor.booth.number) if exhibitor.booth else "",
                               role_label=str(BadgeRole.EXHIBITOR.label),
                               role_colour=role_colour(event, BadgeRole.EXHIBITOR))
              for exhibitor in exhibitors for name in (exhibitor.staff_names or [exhibitor.contact_name])]
    return render.render_badges(badge_event(event, back=False), badges, layout)
