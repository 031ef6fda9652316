"""The check-in desk: scan or type a badge code, or search a name; take in someone who never registered; a
coordinator lets in who waits for approval or a place. Every POST redirects back (PRG)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_time, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..common.access import WORKSPACE_ROLES, get_child_or_404, get_managed_or_404, protect_blueprint
from ..common.choices import as_choices
from ..common.incoming import database_id
from ..common.text import search_term
from ..common.views import render_form
from ..events.models import Event, EventFormat, EventStatus
from ..extensions import db
from ..kommunen.models import named_apart
from ..registrations.models import Registration, RegistrationState
from ..registrations.selfservice import network_choices
from .forms import WalkInForm
from .services import (
    ADMISSIBLE,
    ALREADY,
    REFUSED,
    SEARCH_LIMIT,
    UNKNOWN,
    WELCOME,
    ScanResult,
    admit,
    check_in,
    check_in_by_code,
    checkin_events,
    desk_counts,
    recent_check_ins,
    search_registrations,
    undo_check_in,
    walk_in,
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
    if shown_id := request.args.get("anmeldung", type=database_id):  # the one just refused: what can be done
        found = [_registration_of(event, shown_id)]
    else:
        found = search_registrations(event, query, limit=SEARCH_LIMIT + 1)  # one more: to say that there are more
    return render_template(
        "checkin/desk.html", event=event, query=query, found=found[:SEARCH_LIMIT], more=len(found) > SEARCH_LIMIT,
        shown=bool(shown_id), counts=desk_counts(event), recent=recent_check_ins(event),
        may_admit=_may_admit(), admissible=ADMISSIBLE, has_door=event.format != EventFormat.ONLINE,
        walk_in_names=_names_from_search(query),
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
    if result.outcome == REFUSED and result.registration.state in ADMISSIBLE:
        return redirect(url_for("checkin.desk", event_id=event.id, anmeldung=result.registration.id))
    return redirect(url_for("checkin.desk", event_id=event.id))


@bp.route("/checkin/<int:event_id>/<int:registration_id>/freigeben", methods=["POST"])
def admit_at_the_door(event_id: int, registration_id: int):
    """Approve (or give a place) and check in, in one step: only coordinators decide who gets a place."""
    if not _may_admit():
        abort(403)
    event = get_managed_or_404(Event, event_id, current_user)
    result = admit(_registration_of(event, registration_id), current_user)
    db.session.commit()
    if result.outcome == REFUSED:
        registration = result.registration
        flash(_("%(name)s wurde nicht freigegeben: Freigeben und einchecken gibt es nur für Anmeldungen, die auf "
                "Freigabe oder auf der Warteliste warten (Status: %(state)s).", name=registration.full_name,
                state=RegistrationState(registration.state).label), "warning")
    else:
        _flash_result(result)
    return redirect(url_for("checkin.desk", event_id=event.id))


@bp.route("/checkin/<int:event_id>/ohne-anmeldung", methods=["GET", "POST"])
def walk_in_form(event_id: int):
    """Someone who never registered is at the door: registered and checked in at once."""
    event = get_managed_or_404(Event, event_id, current_user)
    if event.format == EventFormat.ONLINE:
        abort(404)  # an online meeting has no door
    if event.status != EventStatus.PUBLISHED:
        abort(409, _("Nur bei einer veröffentlichten Veranstaltung kann jemand ohne Anmeldung aufgenommen werden."))
    desk_language = str(get_locale() or "de")
    form = WalkInForm(event_id=event.id, data={"locale": desk_language, **_names_from_args()})
    organisations, kommunen = network_choices(event.network_id)
    form.kommune_id.choices = as_choices([("", _("– keine –")), *named_apart(kommunen)])
    if form.validate_on_submit():
        result = walk_in(event, form.walk_in_data(), current_user, locale=form.locale.data or desk_language)
        db.session.commit()
        _flash_result(result)
        return redirect(url_for("checkin.desk", event_id=event.id))
    return render_form("checkin/walk_in.html", form, event=event, organisations=organisations)


def _may_admit() -> bool:
    return current_user.role in WORKSPACE_ROLES


def _names_from_search(query: str) -> dict[str, str]:
    """A search that found nobody fills the walk-in form: "Jonas Weber" -> given name Jonas, family name Weber."""
    words = query.split()
    if not words or "@" in query:
        return {}
    if len(words) == 1:
        return {"family_name": words[0]}
    return {"given_name": " ".join(words[:-1]), "family_name": words[-1]}


def _names_from_args() -> dict[str, str]:
    return {name: request.args[name][:120] for name in ("given_name", "family_name") if request.args.get(name)}


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
        note = _("Nimmt jetzt vor Ort teil (war online angemeldet).") if result.came_instead_of_online else ""
        _flash_big(_("Willkommen, %(name)s!", name=registration.full_name), "success", note)
        if result.overfull:
            taken, places = result.overfull
            flash(ngettext("Die Veranstaltung ist voll: %(taken)d Personen vor Ort bei %(num)d Platz.",
                           "Die Veranstaltung ist voll: %(taken)d Personen vor Ort bei %(num)d Plätzen.",
                           places, taken=taken), "warning")
    elif result.outcome == ALREADY:
        _flash_big(_("%(name)s ist bereits eingecheckt um %(time)s.", name=registration.full_name,
                     time=format_time(registration.attended_at, "short")), "warning")
    elif result.outcome == UNKNOWN:
        _flash_big(_("Unbekannter Code."), "error", _("Nicht eingecheckt. Bitte per Namenssuche prüfen."))
    elif result.outcome == REFUSED:
        reason = REFUSAL_REASONS.get(registration.state, lambda: "")()
        if registration.state in ADMISSIBLE:
            reason += " " + (_("Unten: „Freigeben und einchecken“.") if _may_admit() else
                             _("Bitte die Koordination holen: Nur sie kann die Person einlassen."))
        _flash_big(_("Nicht eingecheckt: %(name)s", name=registration.full_name), "error", reason)


def _flash_big(headline: str, category: str, detail: str = "") -> None:
    message = Markup('<span class="d-block fs-3 fw-bold">{}</span>').format(headline)
    if detail:
        message += Markup('<span class="d-block">{}</span>').format(detail)
    flash(message, category)
