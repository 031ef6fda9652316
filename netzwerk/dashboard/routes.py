"""The coordinators' answers: start page overview, global search, a person's history, the network dashboard with
its exports and the yearly report."""
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..common.access import get_managed_or_404, protect_blueprint
from ..common.text import search_term
from ..common.timing import local, utcnow
from ..common.views import pdf_response
from ..networks.access import get_managed_network_or_404
from ..people.models import Person
from ..registrations.export import to_csv, to_xlsx
from .figures import network_figures
from .history import person_history
from .page import chart_views, matrix_rows
from .report import yearly_report
from .search import search as search_all
from .services import dashboard_charts, number_formatter, short_date_formatter, timeline_event_of

bp = Blueprint("dashboard", __name__, url_prefix="/manage")
protect_blueprint(bp)

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MIN_QUERY = 2


@bp.route("/suche")
def search():
    term = search_term(request.args)
    results = search_all(term, current_user) if len(term) >= MIN_QUERY else None
    return render_template("dashboard/search.html", term=term, results=results, min_length=MIN_QUERY)


@bp.route("/personen/<int:person_id>/verlauf")
def person(person_id: int):
    found = get_managed_or_404(Person, person_id, current_user)
    return render_template("dashboard/person.html", person=found, history=person_history(found))


def _year() -> int | None:
    year = request.args.get("jahr", type=int)
    if year is not None and not 2000 <= year <= 2100:
        abort(400, _("Bitte ein Jahr zwischen 2000 und 2100 angeben."))
    return year


def _charts(network_id: int):
    network = get_managed_network_or_404(network_id, current_user)
    year = _year()
    figures = network_figures(network.id, year)
    chosen = timeline_event_of(figures, request.args.get("event", type=int))
    return network, year, figures, chosen, dashboard_charts(network.id, figures, chosen)


@bp.route("/netzwerke/<int:network_id>/dashboard")
def network(network_id: int):
    network_row, year, figures, chosen, built = _charts(network_id)
    number, short_date = number_formatter(), short_date_formatter()
    return render_template("dashboard/network.html", network=network_row, year=year, figures=figures,
                           chosen=chosen, views=chart_views(built["charts"], number),
                           number=number, matrix_rows=matrix_rows(built["matrix"], number),
                           dates={event.id: short_date(event.starts_at) for event in figures.events}, **built)


@bp.route("/netzwerke/<int:network_id>/dashboard/<chart>.<fmt>")
def export(network_id: int, chart: str, fmt: str):
    if fmt not in EXPORT_TYPES:
        abort(404)
    network_row, year, _figures, _chosen, built = _charts(network_id)
    found = next((candidate for candidate in built["charts"] if candidate.key == chart), None)
    if found is None:
        abort(404)
    header, rows = found.header, found.rows
    content = to_csv(header, rows) if fmt == "csv" else to_xlsx(header, rows, sheet_title=found.title)
    filename = f"{network_row.slug}-{chart}{f'-{year}' if year else ''}.{fmt}"
    return Response(content, content_type=EXPORT_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.route("/netzwerke/<int:network_id>/jahresbericht.pdf")
def report(network_id: int):
    network_row = get_managed_network_or_404(network_id, current_user)
    year = _year() or local(utcnow()).year
    figures = network_figures(network_row.id, year)
    built = dashboard_charts(network_row.id, figures, timeline_event_of(figures, None))
    pdf = yearly_report(network_row, year, built["charts"], number_formatter())
    return pdf_response(pdf, f"jahresbericht-{network_row.slug}-{year}.pdf")
