"""A participant's own badge, through their self-service link (and for the coordinator's single badge)."""
from flask import Blueprint, abort, render_template, request

from ...common.i18n import offer_public_languages, use_owner_locale
from ...common.views import pdf_response
from ...events.models import Event
from ...registrations.tokens import find_by_token
from .. import services
from ..layouts import preset

bp = Blueprint("badges_public", __name__)
offer_public_languages(bp)


def own_badge(event: Event, registration, token: str | None = None):
    """The badge as PDF, or a page saying why there is none (with the way back to the private page, given its token)."""
    if not services.gets_badge(registration):
        return render_template("badges/refused.html", event=event, registration=registration, token=token), 409
    layout_name = request.args.get("layout", "a6")
    try:
        layout = preset(layout_name)
    except KeyError:
        abort(400)
    pdf = services.render_badges(event, [registration], layout)
    return pdf_response(pdf, services.badge_filename(event, [registration]))


@bp.route("/anmeldung/<token>/namensschild.pdf")
def self_service_badge(token: str):
    registration = find_by_token(token) or abort(404)
    use_owner_locale(registration.locale)
    return own_badge(registration.event, registration, token)
