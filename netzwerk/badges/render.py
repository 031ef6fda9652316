"""Badges and print documents as PDF, from plain data: no request, no database, no gettext.

Every word a reader sees comes in the data (`BadgeEvent.labels`, filled by the app in the reader's language), so
this module runs as well in a worker process as in a request. Templates live in templates/badges and
templates/print, fonts in static/fonts; nothing else may be fetched while rendering.

Fewer than PARALLEL_FROM badges render in this process, with fonts and stylesheets loaded once per process.
Larger batches go in chunks of CHUNK_SHEETS sheets to two worker processes (a forkserver pool kept warm for a
minute after its last batch) and are joined with pypdf as they arrive, in print order.
"""
import atexit
import base64
import io
import math
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from email.message import EmailMessage
from urllib.parse import quote, unquote, urlsplit
from urllib.request import url2pathname

import jinja2
import weasyprint
from PIL import Image
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .layouts import Layout
from .namefit import POINTS_PER_MM, SAFETY, fit_name, is_rtl, text_width_em
from .qr import qr_png

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
FONTS = STATIC / "fonts"
STYLESHEETS = ("print/fonts.css", "badges/badge.css", "print/print.css")

DEFAULT_LABELS = {
    "badges": "Namensschilder",
    "participant_list": "Teilnahmeliste",
    "table_lists": "Tischlisten",
    "table_cards": "Tischkarten",
    "agenda": "Programm",
    "number": "Nr.",
    "name": "Name",
    "organisation": "Organisation",
    "kommune": "Kommune",
    "signature": "Unterschrift",
    "table": "Tisch",
    "topic": "Thema",
    "host": "Gastgeber:in",
    "members": "Am Tisch",
    "time": "Zeit",
    "item": "Programmpunkt",
    "place": "Ort",
    "page_numbers": "Seite {page} von {pages}",
}
PARALLEL_FROM = 100  # badges; fewer render in this process (a pool's start costs more than it saves)
WORKERS = 2
CHUNK_SHEETS = 6  # sheets per chunk: small enough for progress and memory, big enough to amortise a render call
DETAIL_PT = 7.5  # type size of the badge's small print at scale 1 (90 × 55 mm)
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
QR_SCHEME = "qr:"  # <img src="qr:CODE">: the fetcher draws the code, which keeps the HTML short to parse
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


@dataclass(frozen=True)
class BadgeEvent:
    """What every page of an event shares. logo: PNG/SVG/JPEG bytes with logo_type "png", "svg" or "jpeg"."""

    title: str
    date_text: str = ""
    network_name: str = ""
    logo: bytes | None = None
    logo_type: str = "png"
    back_text: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    lang: str = "de"

    def label(self, key: str) -> str:
        return self.labels.get(key) or DEFAULT_LABELS[key]


@dataclass(frozen=True)
class ListPerson:
    name: str
    organisation: str = ""
    kommune: str = ""


@dataclass(frozen=True)
class TableGroup:
    label: str
    topic: str = ""
    host: str = ""
    members: Sequence[str] = ()


@dataclass(frozen=True)
class TableRound:
    label: str
    tables: Sequence[TableGroup] = ()


@dataclass(frozen=True)
class TableCard:
    label: str
    topic: str = ""
    round_label: str = ""


@dataclass(frozen=True)
class AgendaItem:
    time_text: str
    title: str
    detail: str = ""
    place: str = ""


# --- warm state: one per process -------------------------------------------------------------------------------

_PNG_HEADERS = EmailMessage()
_PNG_HEADERS["Content-Type"] = "image/png"


class _LocalFetcher(URLFetcher):
    """Data URIs and our own fonts only: nothing in a name or a logo (an SVG may point anywhere) can make the
    renderer read a file or the network."""

    def fetch(self, url, headers=None):
        if url.startswith(QR_SCHEME):
            return URLFetcherResponse(url, qr_png(unquote(url.removeprefix(QR_SCHEME))), _PNG_HEADERS)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(url2pathname(parts.path)).resolve()
            if path.is_relative_to(FONTS) and path.suffix == ".ttf":
                return super().fetch(path.as_uri(), headers)
        raise ValueError(f"not fetched while printing: {url[:80]}")


class _Warm:
    """Fonts registered and stylesheets parsed once per process; WeasyPrint objects are not shared across threads,
    hence the lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.fetcher = _LocalFetcher()
        self.font_config = FontConfiguration()
        self.stylesheets = {name: weasyprint.CSS(string=(TEMPLATES / name).read_text(encoding="utf-8"),
                                                 base_url=STATIC.as_uri() + "/", url_fetcher=self.fetcher,
                                                 font_config=self.font_config)
                            for name in STYLESHEETS}


_warm_state: _Warm | None = None
_warm_lock = threading.Lock()


def warm_up() -> _Warm:
    """Load fonts, stylesheets and metrics now rather than on the first badge (also a pool's initializer)."""
    global _warm_state
    with _warm_lock:
        if _warm_state is None:
            _warm_state = _Warm()
            fit_name("Warm", 10, 10, 10)
            _environment()
    return _warm_state


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    environment.filters["css_string"] = css_string
    return environment


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and line breaks escaped (for labels in `content:`)."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\\n\r\f<>' else char for char in str(text))
    return f'"{escaped}"'


def _document(html: str, stylesheets: Sequence[str]) -> weasyprint.Document:
    warm = warm_up()
    with warm.lock:
        return weasyprint.HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=warm.fetcher).render(
            font_config=warm.font_config, stylesheets=[warm.stylesheets[name] for name in stylesheets])


def _pdf(document: weasyprint.Document) -> bytes:
    warm = warm_up()
    with warm.lock:
        return document.write_pdf()


# --- badges --------------------------------------------------------------------------------------------------------

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
        "role_label": badge.role_label,
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
    return _environment().get_template("badges/sheets.html").render(
        event=event, layout=layout, sides=sides, m=metrics, sheets=views, detail_pt=DETAIL_PT,
        front_slots=layout.positions(sides), back_slots=layout.positions(sides, back=True),
        roles=sorted(roles.items(), key=lambda item: item[1]), name_classes=_name_classes(name_sizes, metrics),
        logo=_logo(event, metrics),
        event_text="\n".join(filter(None, (event.title, event.date_text))),
        cut_marks=_cut_marks(layout, sides) if layout.cut_marks else [],
        title=f"{event.title} – {event.label('badges')}", back_rtl=is_rtl(event.back_text or ""))


def _render_badge_chunk(event: BadgeEvent, sheets: Sequence[Sequence[BadgeData]], layout: Layout,
                        sides: str) -> bytes:
    return _pdf(_document(_badges_html(event, sheets, layout, sides), ("print/fonts.css", "badges/badge.css")))


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
    return _finish(writer, title=f"{event.title} – {event.label('badges')}", author=event.network_name)


class _WarmPool:
    """Two worker processes kept warm between batches (fonts loaded, first render done) and shut down after a
    minute without work, so that a job runner pays the start-up once, not per batch."""

    IDLE_SECONDS = 60

    def __init__(self):
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._workers = 0
        self._users = 0
        self._timer: threading.Timer | None = None

    @contextmanager
    def use(self, workers: int):
        with self._lock:
            if self._timer:
                self._timer.cancel()
                self._timer = None
            if self._executor is None or (self._workers != workers and not self._users):
                if self._executor is not None:
                    self._executor.shutdown(wait=False)
                self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(),
                                                     initializer=_warm_worker)
                self._workers = workers
            self._users += 1
            executor = self._executor
        broken = False
        try:
            yield executor
        except BrokenProcessPool:
            broken = True
            raise
        finally:
            with self._lock:
                self._users -= 1
                if broken and self._executor is executor:
                    self._executor = None
                    executor.shutdown(wait=False)
                if not self._users and self._executor is not None:
                    self._timer = threading.Timer(self.IDLE_SECONDS, self.shutdown)
                    self._timer.daemon = True
                    self._timer.start()

    def shutdown(self) -> None:
        with self._lock:
            if self._users:
                return
            if self._timer:
                self._timer.cancel()
                self._timer = None
            if self._executor is not None:
                self._executor.shutdown(wait=True)
                self._executor = None


_pool = _WarmPool()
atexit.register(_pool.shutdown)
shutdown_pool = _pool.shutdown


def _warm_worker() -> None:
    """A pool worker's start: fonts, stylesheets, and one small render that pays Pango's first-use costs."""
    warm_up()
    layout = Layout(90, 55, 90, 55)
    _render_badge_chunk(BadgeEvent("Warm"), [[BadgeData("Warm Ağ Жж يوسف", checkin_code="warm")]], layout, "front")


@lru_cache(maxsize=1)
def _pool_context():
    """forkserver, not fork: the web process has threads, and a forked copy of a held lock never opens. The
    server imports this module once, so every worker starts without paying for the imports (only the renderer:
    the package's views are imported by the app factory, not by the package)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _finish(writer, title: str, author: str) -> bytes:
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "netzwerk"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# --- print documents -----------------------------------------------------------------------------------------------

def render_print(template: str, event: BadgeEvent, title: str, **context) -> bytes:
    """Any print document (a booth sign is a template and a three-line function away): templates/print/<template>
    extends print/base.html; title heads it, "event – title" is its PDF title. Page numbers when it runs to
    several pages (rendered again without them if it fits on one)."""
    numbers = _page_number_content(event.label("page_numbers"))
    environment = _environment()

    def render(numbered: bool) -> weasyprint.Document:
        html = environment.get_template(f"print/{template}").render(
            event=event, title=title, document_title=f"{event.title} – {title}", label=event.label,
            page_numbers=numbers if numbered else None, **context)
        return _document(html, ("print/fonts.css", "print/print.css"))

    document = render(True)
    if len(document.pages) == 1:
        document = render(False)
    return _pdf(document)


def _page_number_content(pattern: str) -> str:
    """"Seite {page} von {pages}" as a CSS content value with counters."""
    parts = []
    for piece in re.split(r"(\{pages?\})", pattern):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or "counter(page)"


def render_participant_list(event: BadgeEvent, people: Sequence[ListPerson], *, blank_rows: int = 0) -> bytes:
    """Name, organisation, Kommune and a box to sign in, e.g. as proof of attendance for funded events."""
    rows = [(person, is_rtl(person.name)) for person in people]
    return render_print("participant_list.html", event, event.label("participant_list"), rows=rows,
                        blank_rows=blank_rows)


def render_table_lists(event: BadgeEvent, rounds: Sequence[TableRound]) -> bytes:
    """Per round, who sits at which table with whom as host; each round starts on a new page."""
    return render_print("table_lists.html", event, event.label("table_lists"), rounds=rounds, is_rtl=is_rtl)


def render_table_cards(event: BadgeEvent, cards: Sequence[TableCard], *, fold: str = "a4-landscape") -> bytes:
    """One card per page with a big table number and its topic: flat on A4 landscape ("a4-landscape") or as a
    tent from A4 portrait folded to A5 ("a5-folded", the upper half upside down)."""
    if fold not in ("a4-landscape", "a5-folded"):
        raise ValueError(f"unknown table card format {fold!r}")
    return render_print("table_cards.html", event, event.label("table_cards"), cards=cards, fold=fold,
                        is_rtl=is_rtl)


def render_agenda(event: BadgeEvent, items: Sequence[AgendaItem]) -> bytes:
    """The programme as a handout."""
    return render_print("agenda.html", event, event.label("agenda"), items=items, is_rtl=is_rtl)
