"""The network's logo for badges and its signature for certificates of attendance: PNG or SVG, checked before
it is stored (`common.uploads`), served so that it cannot run scripts."""
from flask_babel import lazy_gettext as _l

from ..common.uploads import ImageRules, UploadRefused, checked_image

MAX_LOGO_BYTES = 512 * 1024

LogoRefused = ImageRefused = UploadRefused  # the names the forms catch

LOGO = ImageRules(
    max_bytes=MAX_LOGO_BYTES,
    too_large=lambda size: _l("Das Logo ist %(size)d KB groß; erlaubt sind höchstens 512 KB.", size=size),
    wrong_kind=_l("Bitte laden Sie das Logo als PNG- oder SVG-Datei hoch."),
    too_many_pixels=_l("Das Logo ist zu groß (höchstens 4000 × 4000 Pixel)."),
)


def checked_logo(data: bytes) -> tuple[bytes, str]:
    """(bytes, media type) of an acceptable logo, or LogoRefused."""
    return checked_image(data, LOGO)


SIGNATURE = ImageRules(
    max_bytes=MAX_LOGO_BYTES,
    too_large=lambda size: _l("Die Unterschrift ist %(size)d KB groß; erlaubt sind höchstens 512 KB.", size=size),
    wrong_kind=_l("Bitte laden Sie die Unterschrift als PNG- oder SVG-Datei hoch."),
    too_many_pixels=_l("Die Unterschrift ist zu groß (höchstens 4000 × 4000 Pixel)."),
)


def checked_signature(data: bytes) -> tuple[bytes, str]:
    """(bytes, media type) of an acceptable signature image, or UploadRefused."""
    return checked_image(data, SIGNATURE)
