"""Uploaded images (the network's logo for badges, a fair's floor plan): PNG or SVG, checked before they are
stored, served so that they cannot run scripts."""
import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

MAX_LOGO_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class LogoRefused(ValueError):
    """The upload is not a usable image; the message says why, in the user's language."""


ImageRefused = LogoRefused


@dataclass(frozen=True)
class ImageRules:
    """What an upload may be, and how a refusal is worded for it."""

    max_bytes: int
    too_large: Callable[[int], str]  # size in KB -> message
    wrong_kind: str
    too_many_pixels: str
    max_pixels: int = 4000


LOGO = ImageRules(
    max_bytes=MAX_LOGO_BYTES,
    too_large=lambda size: _l("Das Logo ist %(size)d KB groß; erlaubt sind höchstens 512 KB.", size=size),
    wrong_kind=_l("Bitte laden Sie das Logo als PNG- oder SVG-Datei hoch."),
    too_many_pixels=_l("Das Logo ist zu groß (höchstens 4000 × 4000 Pixel)."),
)


def checked_logo(data: bytes) -> tuple[bytes, str]:
    """(bytes, media type) of an acceptable logo, or LogoRefused."""
    return checked_image(data, LOGO)


def checked_image(data: bytes, rules: ImageRules) -> tuple[bytes, str]:
    """(bytes, media type) of an acceptable PNG or SVG under the rules, or ImageRefused."""
    if len(data) > rules.max_bytes:
        raise ImageRefused(rules.too_large(len(data) // 1024))
    if data.startswith(PNG_SIGNATURE):
        return data, _checked_png(data, rules)
    if b"<svg" in data[:4096]:
        return data, _checked_svg(data, rules)
    raise ImageRefused(rules.wrong_kind)


def _checked_png(data: bytes, rules: ImageRules) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ImageRefused(_l("Die PNG-Datei ist beschädigt oder unvollständig."))
    if width > rules.max_pixels or height > rules.max_pixels:
        raise ImageRefused(rules.too_many_pixels)
    return "image/png"


def _checked_svg(data: bytes, rules: ImageRules) -> str:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # entity expansion ("billion laughs"): refuse outright
        raise ImageRefused(_l("SVG-Dateien mit DOCTYPE oder Entitäten werden nicht angenommen."))
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise ImageRefused(_l("Die SVG-Datei ist kein gültiges XML."))
    if not root.tag.endswith("svg"):
        raise ImageRefused(rules.wrong_kind)
    return "image/svg+xml"
