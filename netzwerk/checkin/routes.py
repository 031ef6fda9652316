"""The check-in desk: scan or type a badge code, or search a name; every POST redirects back (PRG)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..common.access import get_child_or_404, get_managed_or_404, protect_blueprint
from ..common.incoming import database_id
from ..common.text import search_term
from ..events.models import Event
from ..extensions import db
from ..registrations.models import Attendance, Registration, RegistrationState
from .services import (
    ALREADY,
    REFUSED,
    SEARCH_LIMIT,
    UNKNOWN,
    WELCOME,
    ScanResult,
    check_in,
    check_in_by_code,
    checkin_events,
    desk_counts,
    recent_check_ins,
    search_registrations,
    undo_check_in,
)

bp = Blueprint("checkin", __name__, url_prefix="/manage")
protect_blueprint(bp, roles={"admin", "coordinator", "checkin"})


@bp.route("/checkin")
def events():
    return render_template("checkin/events.html", events=checkin_events(current_user))


@bp.route("/checkin/<int:event_id>")
def desk(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    query = search_term(request.args)
    found = search_registrations(event, query, limit=SEARCH_LIMIT + 1)  # one more: to say that there are more
    return render_template(
        "checkin/desk.html", event=event, query=query, found=found[:SEARCH_LIMIT], more=len(found) > SEARCH_LIMIT,
        counts=desk_counts(event), recent=recent_check_ins(event),
    )


@bp.route("/checkin/<int:event_id>", methods=["POST"])
def scan(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    if registration_id := request.form.get("registration_id", type=database_id):
        result = check_in(_registration_of(event, registration_id), current_user)
    else:
        result = check_in_by_code(event, request.form.get("code", ""), current_user)
    db.session.commit()
    _flash_result(result)
    return redirect(url_for("checkin.desk", event_id=event.id))


@bp.route("/checkin/<int:event_id>/<int:registration_id>/rueckgaengig", methods=["POST"])
def undo(event_id: int, registration_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    registration = _registration_of(event, registration_id)
    if undo_check_in(registration):
        db.session.commit()
        flash(_("Check-in von %(name)s wurde rückgängig gemacht.", name=registration.full_name), "info")
    else:
        flash(_("%(name)s war nicht eingecheckt.", name=registration.full_name), "warning")
    return redirect(url_for("checkin.desk", event_id=event.id))


def _registration_of(event: Event, registration_id: int) -> Registration:
    return get_child_or_404(Registration, registration_id, event_id=event.id)


REFUSAL_REASONS = {
    RegistrationState.PENDING: lambda: _("Die Anmeldung wartet noch auf Freigabe."),
    RegistrationState.WAITLISTED: lambda: _("Die Person steht auf der Warteliste und hat keinen Platz."),
    RegistrationState.CANCELLED: lambda: _("Die Anmeldung ist storniert."),
}


def _flash_result(result: ScanResult) -> None:
    """Green welcome, amber repeat, red refusal: large enough to read at arm's length."""
    registration = result.registration
    if result.outcome == WELCOME:
        _flash_big(_("Willkommen, %(name)s!", name=registration.full_name), "success", _online_note(registration))
    elif result.outcome == ALREADY:
        _flash_big(_("%(name)s ist bereits eingecheckt um %(time)s.", name=registration.full_name,
                     time=format_time(registration.attended_at, "short")), "warning")
    elif result.outcome == UNKNOWN:
        _flash_big(_("Unbekannter Code."), "error", _("Nicht eingecheckt. Bitte per Namenssuche prüfen."))
    elif result.outcome == REFUSED:
        reason = REFUSAL_REASONS.get(registration.state, lambda: "")()
        _flash_big(_("Nicht eingecheckt: %(name)s", name=registration.full_name), "error", reason)


def _online_note(registration: Registration) -> str:
    """At a hybrid event someone registered online may turn up at the door (or be marked as having joined online)."""
    return _("Angemeldet für die Teilnahme online.") if registration.attendance == Attendance.ONLINE else ""


def _flash_big(headline: str, category: str, detail: str = "") -> None:
    message = Markup('<span class="d-block fs-3 fw-bold">{}</span>').format(headline)
    if detail:
        message += Markup('<span class="d-block">{}</span>').format(detail)
    flash(message, category)
