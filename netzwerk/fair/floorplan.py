"""The floor plan as SVG, from plain data: no Flask, no database, no gettext (words come in `PlanLabels`).

The same drawing serves the coordinators' editor, the public directory and the printed visitor guide. Status is
never told by colour alone: reserved booths are dotted and outlined dashed, blocked ones hatched, every booth
has its number on it and a text alternative (<title>), and the legend shows the same patterns with words.

For print, WeasyPrint sets SVG text letter by letter (no shaping, no bidi: Arabic comes out reversed and
unjoined), so the visitor guide draws the plan without words (`words=False`) and sets the names (`label_boxes`)
and the legend (`legend_swatch`) as HTML.
"""
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import ceil

from markupsafe import Markup, escape

STATUSES = ("free", "reserved", "confirmed", "blocked")
FILL = {"free": "#e6f4ea", "reserved": "#fff4c2", "confirmed": "#d3e3fd", "blocked": "#e2e3e5"}
STROKE = {"free": "#1e6b34", "reserved": "#7a5c00", "confirmed": "#0b4b99", "blocked": "#4a4f55"}
DASH = {"reserved": "0.4 0.25"}
PATTERN = {"reserved": "dots", "blocked": "hatch"}
HIGHLIGHT = "#b00020"
LEGEND_ROW = 1.6  # metres of drawing per legend row


@dataclass(frozen=True)
class PlanBooth:
    number: str
    x: float
    y: float
    width: float
    depth: float
    status: str = "free"
    label: str = ""  # written on the booth (the Aussteller's name) when it fits
    title: str = ""  # the text alternative; defaults to the number
    href: str | None = None
    highlighted: bool = False


@dataclass(frozen=True)
class PlanLabels:
    title: str
    description: str = ""
    statuses: dict[str, str] = field(default_factory=dict)  # status -> word for the legend
    highlighted: str = ""  # legend word for the highlighted booth, e.g. "Hier"


def plan_svg(hall_width: float, hall_depth: float, booths: Sequence[PlanBooth], labels: PlanLabels, *,
             background_href: str | None = None, legend: Sequence[str] = STATUSES, id_prefix: str = "plan",
             grid: bool = True, words: bool = True) -> Markup:
    """An <svg> (metres as user units) of the hall with its booths, and a legend below it. words=False: no
    names on the booths (only their numbers), for a page that sets them itself."""
    width, depth = max(float(hall_width), 1.0), max(float(hall_depth), 1.0)
    shown = [status for status in legend if status in STATUSES]
    legend_items = [(status, labels.statuses.get(status, status)) for status in shown]
    if labels.highlighted and any(booth.highlighted for booth in booths):
        legend_items.append(("highlighted", labels.highlighted))
    per_row = max(1, int(width // 8))
    legend_rows = -(-len(legend_items) // per_row) if legend_items else 0
    left, top, view_width, view_depth = view_box(width, depth, legend_rows)
    p = escape(id_prefix)
    # A plan whose booths are links is a group of links (an image may hold nothing a reader can reach: axe's
    # nested-interactive); a plan without links is one picture.
    role = "group" if any(booth.href for booth in booths) else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fair-plan" viewBox="{_n(left)} {_n(top)} '
        f'{_n(view_width)} {_n(view_depth)}" role="{role}" aria-labelledby="{p}-title {p}-desc" '
        f'font-family="Netzwerk Sans, Netzwerk Arabic, sans-serif" direction="ltr">',
        f'<title id="{p}-title">{escape(labels.title)}</title>',
        f'<desc id="{p}-desc">{escape(labels.description)}</desc>',
        _patterns(p),
        f'<rect x="0" y="0" width="{_n(width)}" height="{_n(depth)}" fill="#ffffff" stroke="#343a40" '
        f'stroke-width="0.15"/>',
    ]
    if background_href:
        parts.append(f'<image href="{escape(background_href)}" x="0" y="0" width="{_n(width)}" '
                     f'height="{_n(depth)}" preserveAspectRatio="xMidYMid meet"/>')
    elif grid:
        parts.append(_grid(width, depth))
    for booth in booths:
        parts.append(_booth(booth, p, words))
    parts.append(_legend(legend_items, p, depth + 0.6, per_row, width))
    parts.append("</svg>")
    return Markup("".join(parts))


def view_box(hall_width: float, hall_depth: float, legend_rows: int = 0) -> tuple[float, float, float, float]:
    """The drawing's viewBox (x, y, width, height in metres): the hall, a margin, the legend rows."""
    width, depth = max(float(hall_width), 1.0), max(float(hall_depth), 1.0)
    return -0.5, -0.5, width + 1, depth + 0.6 + legend_rows * LEGEND_ROW + 0.5


@dataclass(frozen=True)
class LabelBox:
    """Where a booth's name goes, in the drawing's metres: left edge, vertical centre, width, font size."""
    text: str
    x: float
    y: float
    width: float
    size: float


def _label_box(booth: PlanBooth) -> LabelBox | None:
    if not booth.label or booth.depth < 1.6:
        return None
    w, d = max(booth.width, 0.2), booth.depth
    size = min(0.45, 0.22 * d)
    return LabelBox(text=_fit(booth.label, w - 0.2, size), x=booth.x + 0.1, y=booth.y + d / 2 + 0.25 * d,
                    width=w - 0.2, size=size)


def label_boxes(booths: Sequence[PlanBooth]) -> list[LabelBox]:
    """The names the plan writes on its booths, for a page that sets them as text over a `words=False` plan."""
    return [box for box in map(_label_box, booths) if box is not None]


def legend_swatch(status: str, id_prefix: str) -> Markup:
    """A legend's sample of one status (colour, outline and pattern) as a small decorative SVG, without words."""
    p = escape(f"{id_prefix}-{status}")
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" class="swatch" viewBox="0 0 1.6 1" aria-hidden="true">',
             _patterns(p)]
    if status == "highlighted":
        parts.append(f'<rect x="0.125" y="0.125" width="1.35" height="0.75" fill="#ffffff" stroke="{HIGHLIGHT}" '
                     f'stroke-width="0.25"/>')
    else:
        status = status if status in STATUSES else "free"
        dash = f' stroke-dasharray="{DASH[status]}"' if status in DASH else ""
        parts.append(f'<rect x="0.05" y="0.05" width="1.5" height="0.9" fill="{FILL[status]}" '
                     f'stroke="{STROKE[status]}" stroke-width="0.1"{dash}/>')
        if status in PATTERN:
            parts.append(f'<rect x="0.05" y="0.05" width="1.5" height="0.9" fill="url(#{p}-{PATTERN[status]})"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _n(value: float) -> str:
    """A coordinate without needless digits: 3, 2.5, 0.35."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _patterns(p: str) -> str:
    return (
        f'<defs><pattern id="{p}-hatch" width="0.6" height="0.6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="0.6" stroke="#4a4f55" stroke-width="0.12"/>'
        f'</pattern><pattern id="{p}-dots" width="0.5" height="0.5" patternUnits="userSpaceOnUse">'
        f'<circle cx="0.25" cy="0.25" r="0.07" fill="#7a5c00"/></pattern></defs>'
    )


def _grid(width: float, depth: float) -> str:
    lines = []
    for x in range(1, ceil(width)):
        lines.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{_n(depth)}" stroke-width="{0.05 if x % 5 else 0.08}"/>')
    for y in range(1, ceil(depth)):
        lines.append(f'<line x1="0" y1="{y}" x2="{_n(width)}" y2="{y}" stroke-width="{0.05 if y % 5 else 0.08}"/>')
    return f'<g stroke="#ced4da" aria-hidden="true">{"".join(lines)}</g>'


def _booth(booth: PlanBooth, p: str, words: bool = True) -> str:
    status = booth.status if booth.status in STATUSES else "free"
    x, y, w, d = booth.x, booth.y, max(booth.width, 0.2), max(booth.depth, 0.2)
    dash = f' stroke-dasharray="{DASH[status]}"' if status in DASH else ""
    stroke, stroke_width = (HIGHLIGHT, 0.3) if booth.highlighted else (STROKE[status], 0.12)
    shapes = [f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(d)}" fill="{FILL[status]}" '
              f'stroke="{stroke}" stroke-width="{stroke_width}"{dash}/>']
    if status in PATTERN:
        shapes.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(d)}" '
                      f'fill="url(#{p}-{PATTERN[status]})"/>')
    if booth.highlighted:
        shapes.append(f'<rect x="{_n(x - 0.35)}" y="{_n(y - 0.35)}" width="{_n(w + 0.7)}" height="{_n(d + 0.7)}" '
                      f'fill="none" stroke="{HIGHLIGHT}" stroke-width="0.12" stroke-dasharray="0.3 0.2"/>')
    number_size = min(0.9, 0.38 * min(w, d))
    label = _label_box(booth)
    number_y = y + d / 2 - (0.2 * d if label else 0)
    shapes.append(f'<text x="{_n(x + w / 2)}" y="{_n(number_y)}" font-size="{_n(number_size)}" font-weight="700" '
                  f'text-anchor="middle" dominant-baseline="central" fill="#111111">{escape(booth.number)}</text>')
    if label and words:
        shapes.append(f'<text x="{_n(x + w / 2)}" y="{_n(label.y)}" font-size="{_n(label.size)}" '
                      f'text-anchor="middle" dominant-baseline="central" fill="#111111">{escape(label.text)}</text>')
    title = f"<title>{escape(booth.title or booth.number)}</title>"
    body = title + "".join(shapes)
    if booth.href:
        return f'<a href="{escape(booth.href)}">{body}</a>'
    return f"<g>{body}</g>"


def _fit(text: str, width: float, size: float) -> str:
    """Cut a label that would run over the booth's edge (an average glyph is about 0.55 em wide)."""
    room = max(int(width / (0.55 * size)), 1)
    return text if len(text) <= room else text[:max(room - 1, 1)].rstrip() + "…"


def _legend(items: list[tuple[str, str]], p: str, top: float, per_row: int, width: float) -> str:
    if not items:
        return ""
    column = width / per_row
    parts = ['<g class="fair-plan-legend">']
    for index, (status, word) in enumerate(items):
        x = (index % per_row) * column
        y = top + (index // per_row) * LEGEND_ROW
        if status == "highlighted":
            parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="1.6" height="1" fill="#ffffff" stroke="{HIGHLIGHT}" '
                         f'stroke-width="0.25"/>')
        else:
            dash = f' stroke-dasharray="{DASH[status]}"' if status in DASH else ""
            parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="1.6" height="1" fill="{FILL[status]}" '
                         f'stroke="{STROKE[status]}" stroke-width="0.1"{dash}/>')
            if status in PATTERN:
                parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="1.6" height="1" '
                             f'fill="url(#{p}-{PATTERN[status]})"/>')
        parts.append(f'<text x="{_n(x + 2)}" y="{_n(y + 0.5)}" font-size="0.7" dominant-baseline="central" '
                     f'fill="#111111">{escape(word)}</text>')
    parts.append("</g>")
    return "".join(parts)
