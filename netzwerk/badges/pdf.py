"""HTML to PDF with WeasyPrint, kept warm: fonts registered, stylesheets parsed and templates loaded once per
process, and nothing fetched but our fonts, data URIs and QR codes. Plain data in, no request, no database, no
gettext: every word a reader sees comes in the data (`BadgeEvent.labels`, filled in the reader's language).
"""
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jinja2
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .namefit import fit_name
from .qr import qr_png

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
FONTS = STATIC / "fonts"
STYLESHEETS = ("print/fonts.css", "badges/badge.css", "print/print.css")
QR_SCHEME = "qr:"  # <img src="qr:CODE">: the fetcher draws the code, which keeps the HTML short to parse

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
    "photo": "Fotos",
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


_PNG_HEADERS = EmailMessage()
_PNG_HEADERS["Content-Type"] = "image/png"


class LocalFetcher(URLFetcher):
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
        self.fetcher = LocalFetcher()
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
            template_environment()
    return _warm_state


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    environment.filters["css_string"] = css_string
    return environment


def css_string(text: str) -> str:
    """A CSS string literal: quotes, backslashes and line breaks escaped (for labels in `content:`)."""
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\\n\r\f<>' else char for char in str(text))
    return f'"{escaped}"'


def html_document(html: str, stylesheets: Sequence[str]) -> weasyprint.Document:
    warm = warm_up()
    with warm.lock:
        return weasyprint.HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=warm.fetcher).render(
            font_config=warm.font_config, stylesheets=[warm.stylesheets[name] for name in stylesheets])


def pdf_bytes(document: weasyprint.Document) -> bytes:
    warm = warm_up()
    with warm.lock:
        return document.write_pdf()


def finished_pdf(writer, title: str, author: str) -> bytes:
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "netzwerk"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
