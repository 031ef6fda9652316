"""The yearly report: every chart of the dashboard with its table, as PDF through the print machinery."""
from flask_babel import gettext as _
from markupsafe import Markup

from ..badges import render
from ..networks.models import Network
from .charts import Chart, chart_svg


def yearly_report(network: Network, year: int, charts: list[Chart], number) -> bytes:
    printed = [{"title": chart.title, "description": chart.description, "svg": Markup(chart_svg(chart, number)),
                "header": chart.header, "rows": [[number(value) if isinstance(value, int | float) else
                                                  ("–" if value is None else value) for value in row]
                                                 for row in chart.rows], "empty": chart.is_empty}
               for chart in charts]
    event = render.BadgeEvent(title=network.name, date_text=str(year), network_name=network.name)
    return render.render_print("dashboard_report.html", event, _("Jahresbericht %(year)s", year=year),
                               charts=printed, words={"none": _("Keine Daten in diesem Jahr.")})
