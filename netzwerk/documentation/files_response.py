"""Materials served so that none can run in the browser: only PNG, JPEG and PDF inline, everything else (SVG
above all) as a download, with nosniff; the views add a sandboxing Content-Security-Policy (`SANDBOX`)."""
from flask import Response

from .files import INLINE_TYPES
from .models import Material


def material_response(material: Material, public: bool) -> Response:
    response = Response(material.data, content_type=material.media_type)
    disposition = "inline" if material.media_type in INLINE_TYPES else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{material.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


# For the views' @talisman(...): nothing loads, nothing runs, even when a browser shows the file.
SANDBOX = {"content_security_policy": {"default-src": "'none'", "sandbox": ""}}
