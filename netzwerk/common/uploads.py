"""Checks for uploaded files before anything is decoded: images (PNG or SVG, the logo and the hall plan) by
the size their header declares, ZIP packages (XLSX) by the sizes their directory declares.

A refusal is an `UploadRefused` whose message, in the user's language, goes next to the form field."""
import base64
import binascii
import io
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

from flask_babel import lazy_gettext as _l
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_MEGAPIXELS = 40  # whatever the sides: a decoded image of 40 MP takes 160 MB as RGBA
# Elements that run code or embed other documents; an SVG logo or hall plan needs none of them.
SVG_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
CSS_EXTERNAL = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
EMBEDDED_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif);base64,", re.IGNORECASE)


class UploadRefused(ValueError):
    """The upload cannot be used; the message says why, in the user's language."""


@dataclass(frozen=True)
class ImageRules:
    """What an image upload may be, and how a refusal is worded for it."""

    max_bytes: int
    too_large: Callable[[int], str]  # size in KB -> message
    wrong_kind: str
    too_many_pixels: str
    max_pixels: int = 4000  # per side


def checked_image(data: bytes, rules: ImageRules) -> tuple[bytes, str]:
    """(bytes, media type) of an acceptable PNG or SVG under the rules, or UploadRefused."""
    if len(data) > rules.max_bytes:
        raise UploadRefused(rules.too_large(len(data) // 1024))
    if data.startswith(PNG_SIGNATURE):
        _check_raster(data, rules)
        return data, "image/png"
    if b"<svg" in data[:4096]:
        _check_svg(data, rules)
        return data, "image/svg+xml"
    raise UploadRefused(rules.wrong_kind)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height as the PNG's IHDR chunk declares them, read without decoding anything."""
    if len(data) < 33 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise UploadRefused(_l("Die PNG-Datei ist beschädigt oder unvollständig."))
    return struct.unpack(">II", data[16:24])


def _check_raster(data: bytes, rules: ImageRules) -> None:
    """A PNG (or an image embedded in an SVG): its declared size first, then Pillow reads the header and
    checks the chunks; the pixels are never decoded here."""
    if data.startswith(PNG_SIGNATURE):
        _check_dimensions(*png_size(data), rules)
    try:  # over 89 MP Pillow warns (an error where warnings are errors), over 179 MP it refuses
        with Image.open(io.BytesIO(data)) as image:
            _check_dimensions(*image.size, rules)
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(rules.too_many_pixels)
    except UploadRefused:
        raise
    except Exception:  # UnidentifiedImageError, OSError, SyntaxError, struct.error...: Pillow's ways to say broken
        raise UploadRefused(_l("Die Bilddatei ist beschädigt oder unvollständig."))


def _check_dimensions(width: int, height: int, rules: ImageRules) -> None:
    if not width or not height:
        raise UploadRefused(_l("Die Bilddatei ist beschädigt oder unvollständig."))
    if width > rules.max_pixels or height > rules.max_pixels or width * height > MAX_MEGAPIXELS * 1_000_000:
        raise UploadRefused(rules.too_many_pixels)


def _check_svg(data: bytes, rules: ImageRules) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # entity expansion ("billion laughs"): refuse outright
        raise UploadRefused(_l("SVG-Dateien mit DOCTYPE oder Entitäten werden nicht angenommen."))
    if b"<?xml-stylesheet" in data:
        raise _svg_active()
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise UploadRefused(_l("Die SVG-Datei ist kein gültiges XML."))
    if _local(root.tag) != "svg":
        raise UploadRefused(rules.wrong_kind)
    for element in root.iter():
        if _local(element.tag).lower() in SVG_ACTIVE_ELEMENTS:
            raise _svg_active()
        if _local(element.tag) == "style" and CSS_EXTERNAL.search(element.text or ""):
            raise _svg_active()
        for name, value in element.attrib.items():
            name = _local(name).lower()
            if name.startswith("on") or CSS_EXTERNAL.search(value):  # handlers; url() in style or fill
                raise _svg_active()
            if name in {"href", "src"}:
                _check_svg_reference(value.strip(), rules)


def _check_svg_reference(value: str, rules: ImageRules) -> None:
    """Only references inside the file (#id) and embedded PNG/JPEG/GIF images, themselves size-checked."""
    if value.startswith("#"):
        return
    embedded = EMBEDDED_IMAGE.match(value)
    if not embedded:
        raise _svg_active()
    try:
        image = base64.b64decode(value[embedded.end():], validate=False)
    except (binascii.Error, ValueError):
        raise UploadRefused(_l("Die Bilddatei ist beschädigt oder unvollständig."))
    _check_raster(image, rules)


def _svg_active() -> UploadRefused:
    return UploadRefused(_l("Die SVG-Datei enthält Skripte oder Verweise auf andere Dateien; bitte speichern "
                            "Sie sie ohne diese oder laden Sie ein PNG hoch."))


def _local(tag) -> str:
    """An element or attribute name without its namespace ('{http://www.w3.org/2000/svg}svg' -> 'svg')."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def checked_zip(data: bytes, *, max_members: int, max_uncompressed: int, not_a_zip: str) -> zipfile.ZipFile:
    """The ZIP package (an XLSX) opened, once its directory shows it unpacks to a bounded size; UploadRefused
    otherwise. Python's zipfile never inflates a member past the size declared here, so the check holds."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile, an unknown zip version, a bad offset...: zipfile's ways to say broken
        raise UploadRefused(not_a_zip)
    members = package.infolist()
    if len(members) > max_members or sum(member.file_size for member in members) > max_uncompressed:
        package.close()
        raise UploadRefused(_l("Die Datei entpackt sich auf mehr als %(mb)d MB; bitte speichern Sie nur die "
                               "Tabelle mit den Personen.", mb=max_uncompressed // (1024 * 1024)))
    return package
