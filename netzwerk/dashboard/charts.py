"""Charts as accessible SVG from plain data: no Flask, no database, no gettext (every word comes in the data).

Each chart is an `<svg role="img">` with an aria-label, a `<title>` and a `<desc>` that states every number, and
one `<title>` per bar or point; the page sets a table of the same numbers beside it (`Chart.rows`). Colours are
presentation attributes, never `style`, so the workspace's Content-Security-Policy (no inline styles) holds.
Hand-written rather than pygal: pygal's SVG carries inline `<style>` and a script reference, and no role or label.
"""
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from math import ceil, log10

# Okabe-Ito: told apart with every common colour vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 86


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Chart:
    """kind: "bar" (series side by side), "stacked" (series on top of each other) or "line"."""

    key: str
    title: str
    description: str
    category_label: str
    categories: Sequence[str]
    series: Sequence[Series]
    kind: str = "bar"
    reference: tuple[str, float] | None = None  # a horizontal line, e.g. ("Kapazität", 80)
    percent: bool = False
    extra: Sequence[Series] = field(default_factory=tuple)  # columns of the table that the drawing leaves out

    @property
    def header(self) -> list[str]:
        return [self.category_label, *(series.name for series in (*self.series, *self.extra))]

    @property
    def rows(self) -> list[list]:
        """The chart's numbers as table rows: category, then one value per series (drawn ones first)."""
        return [[category, *(series.values[index] for series in (*self.series, *self.extra))]
                for index, category in enumerate(self.categories)]

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(value for series in self.series for value in series.values if value)


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** int(log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _short(text: str, length: int = 16) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def describe(chart: Chart, number: Callable = str) -> str:
    """Every number of the chart in one text: 'Treffen 1: Jobcenter 3, IHK 2; Treffen 2: …'."""
    suffix = " %" if chart.percent else ""

    def value_text(value):
        return "–" if value is None else number(value) + suffix

    names = [series.name for series in chart.series]
    parts = [f"{category}: " + ", ".join(f"{name} {value_text(series.values[index])}"
                                         for name, series in zip(names, chart.series))
             for index, category in enumerate(chart.categories)]
    if chart.reference:
        parts.append(f"{chart.reference[0]}: {number(chart.reference[1])}")
    return "; ".join(parts)


def chart_svg(chart: Chart, number: Callable = str) -> str:
    """The chart as an SVG element for inline use in HTML and in print."""
    label = escape(chart.title)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-label="{label}" aria-describedby="{chart.key}-desc" width="100%" '
           f'preserveAspectRatio="xMinYMin meet" font-family="sans-serif" font-size="11">',
           f'<title id="{chart.key}-title">{label}</title>',
           f'<desc id="{chart.key}-desc">{escape(chart.description)} {escape(describe(chart, number))}</desc>']
    number = _escaped(number)
    values = [value or 0 for series in chart.series for value in series.values]
    if chart.kind == "stacked":
        values = [sum(series.values[index] or 0 for series in chart.series) for index in range(len(chart.categories))]
    top = _nice_top(max([*values, chart.reference[1] if chart.reference else 0, 0]))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_height - (value / top) * plot_height

    for step in range(5):  # grid and axis numbers
        value = top * step / 4
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                   f'stroke="#d0d4d8" stroke-width="1"/>')
        shown = number(round(value, 1) if value % 1 else int(value)) + (" %" if chart.percent else "")
        out.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#333">{shown}</text>')
    for index, series in enumerate(chart.series):  # legend
        x = LEFT + index * 150
        out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"/>'
                   f'<text x="{x + 16}" y="18" fill="#222">{escape(_short(series.name, 22))}</text>')
    count = max(len(chart.categories), 1)
    band = plot_width / count
    for index, category in enumerate(chart.categories):  # category labels, turned
        x = LEFT + band * index + band / 2
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_height + 14}" text-anchor="end" fill="#222" '
                   f'transform="rotate(-35 {x:.1f} {TOP + plot_height + 14})">{escape(_short(category))}</text>')
    categories = [escape(category) for category in chart.categories]
    if chart.kind == "line":
        out.extend(_lines(chart, categories, band, y, number))
    else:
        out.extend(_bars(chart, categories, band, y, number))
    if chart.reference:
        name, value = chart.reference
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#b00020" '
                   f'stroke-width="2" stroke-dasharray="6 4"><title>{escape(name)}: {number(value)}</title></line>')
        out.append(f'<text x="{WIDTH - RIGHT}" y="{y(value) - 4:.1f}" text-anchor="end" fill="#b00020">'
                   f'{escape(name)}: {number(value)}</text>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#333"/>')
    out.append("</svg>")
    return "".join(out)


def _escaped(number: Callable) -> Callable:
    """number(value), escaped, and each value written once (a number is its bar's label, title and description)."""
    return lru_cache(maxsize=None, typed=True)(lambda value: escape(number(value)))


def _bars(chart: Chart, categories: Sequence[str], band: float, y, number) -> list[str]:
    """categories and number(): escaped already."""
    out = []
    stacked = chart.kind == "stacked"
    suffix = " %" if chart.percent else ""
    per_band = 1 if stacked else max(len(chart.series), 1)
    width = max(min(band * 0.8 / per_band, 48), 1)
    labelled = not stacked and width >= 14
    drawn = [(offset, escape(series.name), series.values, PALETTE[offset % len(PALETTE)])
             for offset, series in enumerate(chart.series)]
    for index, category in enumerate(categories):
        start = LEFT + band * index + (band - width * per_band) / 2
        base = 0.0
        for offset, name, values, colour in drawn:
            value = values[index]
            if value is None:
                continue
            x = start if stacked else start + width * offset
            low, high = (base, base + value) if stacked else (0, value)
            top, bottom = y(high), y(low)
            shown = number(value)
            out.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{max(bottom - top, 0):.1f}" '
                       f'fill="{colour}"><title>{category}, {name}: {shown}{suffix}</title></rect>')
            if labelled and value:
                out.append(f'<text x="{x + width / 2:.1f}" y="{top - 3:.1f}" text-anchor="middle" fill="#222" '
                           f'font-size="9">{shown}</text>')
            if stacked:
                base = high
        if stacked and base:
            out.append(f'<text x="{start + width / 2:.1f}" y="{y(base) - 3:.1f}" text-anchor="middle" fill="#222" '
                       f'font-size="9">{number(base)}</text>')
    return out


def _lines(chart: Chart, categories: Sequence[str], band: float, y, number) -> list[str]:
    out = []
    suffix = " %" if chart.percent else ""
    for number_of_series, series in enumerate(chart.series):
        colour = PALETTE[number_of_series % len(PALETTE)]
        name = escape(series.name)
        points = [(LEFT + band * index + band / 2, y(value), categories[index], value)
                  for index, value in enumerate(series.values) if value is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{py:.1f}" for x, py, _c, _v in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        step = ceil(len(points) / 12) or 1
        for position, (x, py, category, value) in enumerate(points):
            out.append(f'<circle cx="{x:.1f}" cy="{py:.1f}" r="3" fill="{colour}">'
                       f'<title>{category}, {name}: {number(value)}{suffix}</title></circle>')
            if position % step == 0 or position == len(points) - 1:
                out.append(f'<text x="{x:.1f}" y="{py - 6:.1f}" text-anchor="middle" fill="#222" font-size="9">'
                           f'{number(value)}</text>')
    return out
