"""Materials by what they are, not by their name: the first bytes decide (PDF, PNG, JPEG, SVG, PowerPoint/Word
packages); images are decoded once and written anew (no metadata, no trailing payload), SVGs pass the same checks
as logos. A refusal is an UploadRefused whose message goes next to the form field."""
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image

from ..common.uploads import PNG_SIGNATURE, ImageRules, UploadRefused, checked_image, checked_zip

MAX_MATERIAL_BYTES = 8 * 1024 * 1024  # below the app's request limit, so the form can say it
OFFICE_TYPES = {
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}
INLINE_TYPES = {"image/png", "image/jpeg", "application/pdf"}  # everything else only as a download

IMAGE_RULES = ImageRules(
    max_bytes=MAX_MATERIAL_BYTES,
    too_large=lambda size: _l("Die Datei ist %(size)d KB groß; erlaubt sind höchstens 8 MB.", size=size),
    wrong_kind=_l("Diese Art von Datei wird nicht angenommen: erlaubt sind PDF, PNG, JPEG, SVG, PowerPoint "
                  "(.pptx) und Word (.docx)."),
    too_many_pixels=_l("Das Bild ist zu groß (höchstens 8000 × 8000 Pixel)."),
    max_pixels=8000,
)


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    media_type: str
    extension: str


def checked_material(data: bytes) -> CheckedFile:
    if len(data) > MAX_MATERIAL_BYTES:
        raise UploadRefused(IMAGE_RULES.too_large(len(data) // 1024))
    if not data:
        raise UploadRefused(_l("Die Datei ist leer."))
    if data.startswith(b"%PDF-"):
        return CheckedFile(data, "application/pdf", "pdf")
    if data.startswith(PNG_SIGNATURE):
        checked_image(data, IMAGE_RULES)  # declared size first, before anything is decoded
        return CheckedFile(_reencoded(data, "PNG"), "image/png", "png")
    if data.startswith(b"\xff\xd8\xff"):
        return CheckedFile(_reencoded(data, "JPEG"), "image/jpeg", "jpg")
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if b"<svg" in data[:4096]:
        svg, _ = checked_image(data, IMAGE_RULES)
        return CheckedFile(svg, "image/svg+xml", "svg")
    raise UploadRefused(IMAGE_RULES.wrong_kind)


def _reencoded(data: bytes, kind: str) -> bytes:
    """Decoded and written anew: what a camera or an attacker put beside the pixels (EXIF with GPS, appended
    HTML or scripts) is not kept."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind:
                raise UploadRefused(IMAGE_RULES.wrong_kind)
            width, height = image.size
            if width > IMAGE_RULES.max_pixels or height > IMAGE_RULES.max_pixels:
                raise UploadRefused(IMAGE_RULES.too_many_pixels)
            image.load()
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            output = io.BytesIO()
            image.save(output, format=kind, **({"quality": 88} if kind == "JPEG" else {"optimize": True}))
            return output.getvalue()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused(IMAGE_RULES.too_many_pixels)
    except Exception:  # Pillow's ways to say broken
        raise UploadRefused(_l("Die Bilddatei ist beschädigt oder unvollständig."))


def _office(data: bytes) -> CheckedFile:
    package = checked_zip(data, max_members=2000, max_uncompressed=100 * 1024 * 1024,
                          not_a_zip=IMAGE_RULES.wrong_kind)
    with package:
        names = package.namelist()
    if "[Content_Types].xml" in names:
        for folder, (media_type, extension) in OFFICE_TYPES.items():
            if any(name.startswith(folder) for name in names):
                return CheckedFile(data, media_type, extension)
    raise UploadRefused(IMAGE_RULES.wrong_kind)


__all__ = ["MAX_MATERIAL_BYTES", "CheckedFile", "UploadRefused", "checked_material"]
