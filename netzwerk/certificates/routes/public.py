"""A participant's own certificate of attendance, through their private link, in their language."""
from flask import Blueprint, abort, render_template

from ...common.i18n import offer_public_languages, use_owner_locale
from ...common.views import pdf_response
from ...extensions import limiter
from ...registrations.tokens import find_by_token
from .. import services

bp = Blueprint("certificates_public", __name__)
offer_public_languages(bp)


@bp.route("/anmeldung/<token>/teilnahmebescheinigung.pdf")
@limiter.limit("30 per minute")
def own(token: str):
    registration = find_by_token(token) or abort(404)
    use_owner_locale(registration.locale)
    event = registration.event
    if not services.gets_certificate(registration):
        return render_template("certificates/refused.html", event=event), 409
    return pdf_response(services.render_certificates(event, [registration]),
                        services.certificate_filename(event, [registration]))
