"""The coordinator's certificates: all checked-in participants in one PDF (large batches via the print worker)."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from ...common.access import get_managed_or_404, protect_blueprint
from ...common.views import pdf_response
from ...events.models import Event
from ...extensions import db
from ...registrations.admin_services import registration_of
from .. import services

bp = Blueprint("certificates", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/veranstaltungen/<int:event_id>/teilnahmebescheinigungen")
def index(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    attendees = [r for r in services.attendees(event) if services.gets_certificate(r)]
    return render_template("certificates/admin/index.html", event=event, attendees=attendees,
                           inline_limit=services.INLINE_LIMIT)


@bp.route("/veranstaltungen/<int:event_id>/teilnahmebescheinigungen.pdf", methods=["POST"])
def bulk(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    attendees = [r for r in services.attendees(event) if services.gets_certificate(r)]
    if not attendees:
        return render_template("certificates/admin/index.html", event=event, attendees=[],
                               inline_limit=services.INLINE_LIMIT), 409
    if len(attendees) > services.INLINE_LIMIT:
        job = services.queue_certificates(event, attendees, current_user, str(get_locale()))
        db.session.commit()
        return redirect(url_for("badges.job", job_id=job.id))
    return pdf_response(services.render_certificates(event, attendees),
                        services.certificate_filename(event, attendees))


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/<int:registration_id>/teilnahmebescheinigung.pdf")
def single(event_id: int, registration_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    registration = registration_of(event, registration_id) or abort(404)
    if not services.gets_certificate(registration):
        return render_template("certificates/refused.html", event=event), 409
    return pdf_response(services.render_certificates(event, [registration]),
                        services.certificate_filename(event, [registration]))
