"""The dashboard page's charts and the rows of their tables as HTML, written in one pass from the same formatted
numbers. The page has thousands of cells: a Jinja loop per cell (autoescape, a macro's caller) took a third of its
time, so the rows come ready and the template sets them in."""
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from .charts import Chart, chart_svg


@dataclass(frozen=True)
class ChartView:
    svg: Markup
    rows: Markup  # the <tr>s of the chart's table body


def cell_texts(chart: Chart, number: Callable) -> list[tuple[str, list[str]]]:
    """The chart's table as text: (category, formatted values), percent signs on the drawn series."""
    drawn = len(chart.series)
    percent = " %" if chart.percent else ""
    return [(str(row[0]), ["–" if value is None else number(value) + (percent if index < drawn else "")
                           for index, value in enumerate(row[1:])]) for row in chart.rows]


def chart_views(charts: list[Chart], number: Callable) -> dict[str, ChartView]:
    """Each chart's drawing and table rows; a cell's text is escaped once for every cell that shows it."""
    escaped: dict[str, str] = {}

    def cell(text: str) -> str:
        if (html := escaped.get(text)) is None:
            html = escaped[text] = escape(text)
        return html

    views = {}
    for chart in charts:
        rows = "".join(f'<tr><th scope="row">{escape(category)}</th>'
                       + "".join(f'<td class="text-end">{cell(value)}</td>' for value in values) + "</tr>\n"
                       for category, values in cell_texts(chart, number))
        views[chart.key] = ChartView(Markup(chart_svg(chart, number)), Markup(rows))
    return views


def matrix_rows(matrix: dict, number: Callable) -> Markup:
    """Per Kommune: name, phase and, per event, the registrations with a place (empty for none), as <tr>s."""
    presence, events = matrix["presence"], matrix["events"]
    out = []
    for kommune_id, name, phase in matrix["kommunen"]:
        cells = []
        for event in events:
            count = presence.get((event.id, kommune_id))
            cells.append(f'<td class="text-end table-success">{number(count)}</td>' if count
                         else '<td class="text-end"></td>')
        out.append(f'<tr><th scope="row">{escape(name)}</th><td>{escape(phase)}</td>{"".join(cells)}</tr>\n')
    return Markup("".join(out))
