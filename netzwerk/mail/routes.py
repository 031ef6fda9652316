"""Postausgang: the mails of the coordinator's networks, as written to the outbox (sent or not), each personal
link only named, never shown."""
from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from ..common.access import ensure_manages, managed_network_ids, only_managed, protect_blueprint
from ..common.views import paginate
from ..events.models import Event
from ..extensions import db
from ..registrations.models import Registration
from .links import shown
from .models import OutboxMail, OutboxStatus

bp = Blueprint("mail", __name__, url_prefix="/manage")
protect_blueprint(bp)

KINDS = {
    "confirmed": _l("Bestätigung"), "waitlisted": _l("Warteliste"), "pending": _l("Eingangsbestätigung"),
    "moved_up": _l("Nachgerückt"), "approved": _l("Angenommen"), "rejected": _l("Abgelehnt"),
    "cancelled": _l("Storniert"), "link": _l("Persönlicher Link"), "event_changed": _l("Veranstaltung geändert"),
    "event_cancelled": _l("Veranstaltung abgesagt"), "attendance_changed": _l("Art der Teilnahme geändert"),
    "invitation": _l("Einladung"),
    "invitation_reminder": _l("Erinnerung an eine Einladung"),
    "scheduled_reminder": _l("Erinnerung vor der Veranstaltung"), "scheduled_thanks": _l("Dank nach der Veranstaltung"),
    "mailing": _l("Mailing"), "mailing_test": _l("Test-Mail eines Mailings"),
    "feedback": _l("Einladung zur Rückmeldung"), "feedback_reminder": _l("Erinnerung an die Rückmeldung"),
    "subscription_confirm": _l("„Informiert bleiben“: Bestätigungslink"),
    "series_subscription": _l("Abo einer Veranstaltungsreihe"),
    "fair_booked": _l("Messe: Buchung eingegangen"), "fair_confirmed": _l("Messe: Stand bestätigt"),
    "fair_waitlisted": _l("Messe: Warteliste"), "fair_cancelled": _l("Messe: Buchung storniert"),
    "fair_link": _l("Messe: Link zur Standbuchung"),
    "accessibility_feedback": _l("Rückmeldung zur Barrierefreiheit"),  # to the staff; no network, admins see it
}


@bp.route("/postausgang")
def outbox():
    stmt = (
        select(OutboxMail)
        .outerjoin(Registration, OutboxMail.registration_id == Registration.id)
        .outerjoin(Event, Registration.event_id == Event.id)
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    )
    # A mail of a registration belongs to its event's network; one written for no registration names its network.
    stmt = only_managed(stmt, func.coalesce(Event.network_id, OutboxMail.network_id), current_user)
    status = request.args.get("status", "")
    if status in OutboxStatus:
        stmt = stmt.where(OutboxMail.status == status)
    return render_template("mail/outbox/index.html", page=paginate(stmt), status=status, statuses=OutboxStatus,
                           kinds=KINDS)


@bp.route("/postausgang/<int:mail_id>")
def outbox_detail(mail_id: int):
    mail = db.get_or_404(OutboxMail, mail_id)
    registration = db.session.get(Registration, mail.registration_id) if mail.registration_id else None
    if registration is not None:
        ensure_manages(current_user, registration.event.network_id)
    elif mail.network_id is not None:
        ensure_manages(current_user, mail.network_id)
    elif managed_network_ids(current_user) is not None:
        abort(403)  # a mail of no network (its registration erased) is for admins only
    return render_template("mail/outbox/detail.html", mail=mail, registration=registration, body=shown(mail.body_text),
                           statuses=OutboxStatus, kinds=KINDS)
