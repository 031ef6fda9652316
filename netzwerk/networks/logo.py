"""The network's logo for badges: PNG or SVG, checked before it is stored, served so that it cannot run scripts."""
import io
from xml.etree import ElementTree

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class LogoRefused(ValueError):
    """The upload is not a usable logo; the message says why, in the user's language."""


def checked_logo(data: bytes) -> tuple[bytes, str]:
    """(bytes, media type) of an acceptable logo, or LogoRefused."""
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(_l("Das Logo ist %(size)d KB groß; erlaubt sind höchstens 512 KB.", size=len(data) // 1024))
    if data.startswith(PNG_SIGNATURE):
        return data, _checked_png(data)
    if b"<svg" in data[:4096]:
        return data, _checked_svg(data)
    raise LogoRefused(_l("Bitte laden Sie das Logo als PNG- oder SVG-Datei hoch."))


def _checked_png(data: bytes) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise LogoRefused(_l("Die PNG-Datei ist beschädigt oder unvollständig."))
    if width > 4000 or height > 4000:
        raise LogoRefused(_l("Das Logo ist zu groß (höchstens 4000 × 4000 Pixel)."))
    return "image/png"


def _checked_svg(data: bytes) -> str:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # entity expansion ("billion laughs"): refuse outright
        raise LogoRefused(_l("SVG-Dateien mit DOCTYPE oder Entitäten werden nicht angenommen."))
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise LogoRefused(_l("Die SVG-Datei ist kein gültiges XML."))
    if not root.tag.endswith("svg"):
        raise LogoRefused(_l("Bitte laden Sie das Logo als PNG- oder SVG-Datei hoch."))
    return "image/svg+xml"
