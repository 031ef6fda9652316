"""Materials served so that none can run in the browser: only PNG, JPEG and PDF inline, everything else (SVG
above all) as a download, with nosniff; the views add a sandboxing Content-Security-Policy (`SANDBOX`)."""
import os
import unicodedata
from urllib.parse import quote

from flask import Response

from .files import INLINE_TYPES
from .models import Material


def material_response(material: Material, public: bool) -> Response:
    response = Response(material.data, content_type=material.media_type)
    disposition = "inline" if material.media_type in INLINE_TYPES else "attachment"
    response.headers["Content-Disposition"] = f"{disposition}; {_filename_parameters(material.filename)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


# For the views' @talisman(...): nothing loads, nothing runs, even when a browser shows the file.
SANDBOX = {"content_security_policy": {"default-src": "'none'", "sandbox": ""}}


def _filename_parameters(filename: str) -> str:
    """The download name for every browser (RFC 6266): HTTP headers carry only Latin-1, so a title in Arabic or
    Ukrainian gets an ASCII `filename` and its own letters in `filename*`."""
    stem, extension = os.path.splitext(filename)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = "-".join(part for part in "".join(c if c.isalnum() else "-" for c in ascii_stem).split("-") if part)
    fallback = f"{ascii_stem or 'material'}{extension}"
    if fallback == filename:
        return f'filename="{filename}"'
    return f"filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
