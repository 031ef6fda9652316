"""Badges on sheets as PDF, from plain data (`BadgeData`, `BadgeEvent`, a `Layout`).

Fewer than PARALLEL_FROM badges render in this process. Larger batches go in chunks of CHUNK_SHEETS sheets to two
worker processes (a forkserver pool kept warm for a minute after its last batch) and are joined with pypdf as they
arrive, in print order.
"""
import atexit
import base64
import io
import math
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass
from urllib.parse import quote

from PIL import Image

from .layouts import Layout
from .namefit import POINTS_PER_MM, SAFETY, fit_name, is_rtl, text_width_em
from .pdf import QR_SCHEME, BadgeEvent, finished_pdf, html_document, pdf_bytes, template_environment, warm_up
from .pool import WarmPool

PARALLEL_FROM = 100  # badges; fewer render in this process (a pool's start costs more than it saves)
WORKERS = 2
CHUNK_SHEETS = 6  # sheets per chunk: small enough for progress and memory, big enough to amortise a render call
DETAIL_PT = 7.5  # type size of the badge's small print at scale 1 (90 × 55 mm)
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "jpeg": "image/jpeg", "jpg": "image/jpeg"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BadgeData:
    """One person's badge. tables: (round label, table label) per exchange round, possibly none."""

    name: str
    organisation: str = ""
    kommune: str = ""
    function: str = ""
    role_label: str = ""
    role_colour: str = "#5c6770"
    checkin_code: str = ""
    tables: Sequence[tuple[str, str]] = ()
    photo_mark: str = ""  # the photo consent, small in the role band ("keine Fotos"), or nothing when not asked


@dataclass(frozen=True)
class Metrics:
    """Where things sit on a badge, in mm from its top left corner, and type sizes in pt; all scale with it."""

    scale: float
    padding: float
    gap: float
    header: float
    name_height: float
    lower_top: float
    lower_height: float
    qr: float
    details_width: float
    band: float
    name_max_pt: float
    name_lines: int


def badge_metrics(layout: Layout) -> Metrics:
    width, height = layout.badge_width, layout.badge_height
    scale = min(width / 90, height / 55)
    padding = 3.5 * scale
    header = 9 * scale
    band = 7 * scale
    gap = 1.5 * scale
    qr = min(0.3 * width, 0.3 * height)
    lower_height = max(qr, 16 * scale)
    lower_top = height - band - gap - lower_height
    name_height = lower_top - gap - (padding + header + gap)
    return Metrics(scale=scale, padding=padding, gap=gap, header=header, name_height=name_height,
                   lower_top=lower_top, lower_height=lower_height, qr=qr,
                   details_width=width - 2 * padding - qr - gap, band=band,
                   name_max_pt=min(24 * scale * (1.5 if height > width else 1), name_height * 72 / 25.4 / 1.15),
                   name_lines=3 if name_height > 30 * scale else 2)


def _role_style(colour: str) -> tuple[str, str]:
    """Background and a readable text colour for it; anything but #rrggbb becomes grey (it goes into CSS)."""
    colour = colour if HEX_COLOUR.fullmatch(colour or "") else "#5c6770"
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return colour.lower(), "#000000" if luminance > 150 else "#ffffff"


def _badge_view(badge: BadgeData, metrics: Metrics, roles: dict[tuple[str, str], int],
                name_sizes: dict[tuple[float, int], int]) -> dict:
    fitted = fit_name(badge.name, _name_width(metrics), metrics.name_height, metrics.name_max_pt,
                      metrics.name_lines)
    # Sizes in half points, so that a sheet needs a few classes rather than a style attribute on every name.
    size = math.floor(fitted.size_pt * 2) / 2
    details = [text for text in (badge.function, badge.organisation, badge.kommune) if text]
    return {
        "name_text": "\n".join(fitted.lines),
        "name_size": name_sizes.setdefault((size, len(fitted.lines)), len(name_sizes)),
        "name_rtl": fitted.rtl,
        "function": bool(badge.function),
        "details_text": "\n".join(details + _table_lines(badge.tables, metrics)),
        "qr": QR_SCHEME + quote(badge.checkin_code, safe="") if badge.checkin_code else None,
        "role_label": f"{badge.role_label} · {badge.photo_mark}" if badge.photo_mark else badge.role_label,
        "role": roles.setdefault(_role_style(badge.role_colour), len(roles)),
    }


def _name_classes(name_sizes: dict[tuple[float, int], int], metrics: Metrics) -> list[tuple[int, float, float, float]]:
    """(index, size in pt, top padding and height in mm) for each name size class: the name centred in its box."""
    classes = []
    for (size, lines), index in sorted(name_sizes.items(), key=lambda item: item[1]):
        offset = max(0.0, (metrics.name_height - size * 1.15 / POINTS_PER_MM * lines) / 2)
        classes.append((index, size, offset, metrics.name_height - offset))
    return classes


def _table_lines(tables: Sequence[tuple[str, str]], metrics: Metrics) -> list[str]:
    """ "Runde 1: Tisch 4 · Runde 2: Tisch 7", on as many lines as it takes to stay uncut."""
    width_em = metrics.details_width * POINTS_PER_MM / DETAIL_PT / metrics.scale
    lines: list[str] = []
    for round_label, table_label in tables:
        entry = f"{round_label}: {table_label}"
        if lines and text_width_em(f"{lines[-1]} · {entry}") * SAFETY <= width_em:
            lines[-1] = f"{lines[-1]} · {entry}"
        else:
            lines.append(entry)
    return lines


def _name_width(metrics: Metrics) -> float:
    return metrics.details_width + metrics.qr + metrics.gap


@dataclass(frozen=True)
class Logo:
    uri: str
    width: float  # mm
    height: float


def _logo(event: BadgeEvent, metrics: Metrics) -> Logo | None:
    """The logo as one data URI for the whole document, sized to the header keeping its aspect ratio."""
    if not event.logo:
        return None
    kind = (event.logo_type or "png").lower()
    ratio = _aspect_ratio(event.logo, kind)
    height = metrics.header
    width = min(height * ratio, 30 * metrics.scale)
    uri = f"data:{MIME_TYPES.get(kind, 'image/png')};base64," + base64.b64encode(event.logo).decode("ascii")
    return Logo(uri, width, width / ratio)


def _aspect_ratio(data: bytes, kind: str) -> float:
    """Width / height of an image; 1 when it cannot be told."""
    try:
        if kind == "svg":
            text = data[:4000].decode("utf-8", "replace")
            box = re.search(r'viewBox\s*=\s*["\']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', text)
            if box:
                return float(box[1]) / float(box[2])
            width = re.search(r'<svg[^>]*\swidth\s*=\s*["\']([\d.]+)', text)
            height = re.search(r'<svg[^>]*\sheight\s*=\s*["\']([\d.]+)', text)
            return float(width[1]) / float(height[1]) if width and height else 1.0
        with Image.open(io.BytesIO(data)) as image:
            return image.width / image.height
    except (ValueError, OSError, ZeroDivisionError, Image.DecompressionBombError):
        return 1.0


def _sheets(badges: Sequence[BadgeData], layout: Layout) -> list[list[BadgeData]]:
    """Badges per sheet; the last sheet may be partly empty, it is printed all the same."""
    return [list(badges[start:start + layout.per_page]) for start in range(0, len(badges), layout.per_page)]


def _cut_marks(layout: Layout, sides: str) -> list[tuple[float, float, float, float]]:
    """Short lines in the margins that continue each badge edge: (left, top, width, height) in mm."""
    length, clearance, marks = 4.0, 1.0, []
    cell = layout.cell_height(sides)
    xs = sorted({x for column in range(layout.columns)
                 for x in (layout.margin_left + column * (layout.badge_width + layout.gap_x),
                           layout.margin_left + column * (layout.badge_width + layout.gap_x) + layout.badge_width)})
    ys = sorted({y for row in range(layout.rows)
                 for y in (layout.margin_top + row * (cell + layout.gap_y),
                           layout.margin_top + row * (cell + layout.gap_y) + cell)})
    top, bottom, left, right = ys[0], ys[-1], xs[0], xs[-1]
    for x in xs:
        if top >= length + clearance:
            marks.append((x, top - clearance - length, 0, length))
        if layout.page_height - bottom >= length + clearance:
            marks.append((x, bottom + clearance, 0, length))
    for y in ys:
        if left >= length + clearance:
            marks.append((left - clearance - length, y, length, 0))
        if layout.page_width - right >= length + clearance:
            marks.append((right + clearance, y, length, 0))
    return marks


def _badges_html(event: BadgeEvent, sheets: Sequence[Sequence[BadgeData]], layout: Layout, sides: str) -> str:
    metrics = badge_metrics(layout)
    roles: dict[tuple[str, str], int] = {}
    name_sizes: dict[tuple[float, int], int] = {}
    views = [[_badge_view(badge, metrics, roles, name_sizes) for badge in sheet] for sheet in sheets]
    return template_environment().get_template("badges/sheets.html").render(
        event=event, layout=layout, sides=sides, m=metrics, sheets=views, detail_pt=DETAIL_PT,
        front_slots=layout.positions(sides), back_slots=layout.positions(sides, back=True),
        roles=sorted(roles.items(), key=lambda item: item[1]), name_classes=_name_classes(name_sizes, metrics),
        logo=_logo(event, metrics),
        event_text="\n".join(filter(None, (event.title, event.date_text))),
        cut_marks=_cut_marks(layout, sides) if layout.cut_marks else [],
        title=f"{event.title} – {event.label('badges')}", back_rtl=is_rtl(event.back_text or ""))


def _render_badge_chunk(event: BadgeEvent, sheets: Sequence[Sequence[BadgeData]], layout: Layout,
                        sides: str) -> bytes:
    return pdf_bytes(html_document(_badges_html(event, sheets, layout, sides), ("print/fonts.css", "badges/badge.css")))


def render_badges(event: BadgeEvent, badges: Sequence[BadgeData], layout: Layout, progress: Progress | None = None,
                  *, sides: str | None = None, workers: int | None = None) -> bytes:
    """Badges on sheets of the layout, in the given order. sides: "front", "duplex" (a mirrored back sheet after
    each front sheet) or "folded" (back below the front, upside down); by default duplex when there is a back
    text. progress(done, total) is called as chunks finish. Raises LayoutDoesNotFit before any work."""
    sides = sides or ("duplex" if event.back_text else "front")
    layout.check(sides)
    badges = list(badges)
    total = len(badges)
    sheets = _sheets(badges, layout)
    chunks = [sheets[start:start + CHUNK_SHEETS] for start in range(0, len(sheets), CHUNK_SHEETS)]
    workers = min(WORKERS if workers is None else workers, len(chunks), os.cpu_count() or 1)
    if total < PARALLEL_FROM or workers < 2:
        return _render_in_process(event, chunks, layout, sides, total, progress)
    return _render_in_pool(event, chunks, layout, sides, total, progress, workers)


def _render_in_process(event, chunks, layout, sides, total, progress) -> bytes:
    sheets = [sheet for chunk in chunks for sheet in chunk] or [[]]
    pdf = _render_badge_chunk(event, sheets, layout, sides)
    if progress:
        progress(total, total)
    return pdf


def _render_in_pool(event, chunks, layout, sides, total, progress, workers) -> bytes:
    """Chunks go to the warm pool; each finished one is reported, and appended to the result as soon as those
    before it are in, so that little merging is left when the last chunk arrives."""
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    arrived: dict[int, bytes] = {}
    next_index = done = 0
    with _pool.use(workers) as pool:
        pending = {pool.submit(_render_badge_chunk, event, chunk, layout, sides): index
                   for index, chunk in enumerate(chunks)}
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = pending.pop(future)
                    arrived[index] = future.result()
                    done += sum(len(sheet) for sheet in chunks[index])
                    if progress:
                        progress(done, total)
                while next_index in arrived:
                    writer.append(PdfReader(io.BytesIO(arrived.pop(next_index))))
                    next_index += 1
        finally:
            for future in pending:
                future.cancel()
    return finished_pdf(writer, title=f"{event.title} – {event.label('badges')}", author=event.network_name)


def _warm_worker() -> None:
    """A pool worker's start: fonts, stylesheets, and one small render that pays Pango's first-use costs."""
    warm_up()
    layout = Layout(90, 55, 90, 55)
    _render_badge_chunk(BadgeEvent("Warm"), [[BadgeData("Warm Ağ Жж يوسف", checkin_code="warm")]], layout, "front")


_pool = WarmPool(initializer=_warm_worker, preload=(__name__,))
atexit.register(_pool.shutdown)
shutdown_pool = _pool.shutdown
