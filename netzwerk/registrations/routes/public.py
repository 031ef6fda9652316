"""The public registration form and the self-service pages behind each person's private link."""
from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...common.i18n import offer_public_languages, use_owner_locale
from ...common.views import render_form
from ...extensions import db, limiter
from ...people.services import issue_feed_token
from ...public.services import public_event_by_slug
from ..capacity import free_places_by_mode
from ..forms import registration_form, registration_form_data
from ..models import Attendance, RegistrationState
from ..online import online_rooms
from ..selfservice import (
    NetworkChoices,
    can_change,
    event_questions,
    network_choices,
    own_page_details,
    public_event_with_questions,
    update,
    waitlist_position,
)
from ..services import AttendanceRefused, RegistrationRefused, registration_window_problem, switch_attendance
from ..services import cancel as cancel_registration
from ..services import register as register_person
from ..tokens import find_by_token

bp = Blueprint("registrations", __name__)
offer_public_languages(bp)

FORM_POST_LIMIT = "20 per minute"
TOKEN_PAGE_LIMIT = "30 per minute"
DONE_KEY = "registration_done"  # what the done page shows; the token itself never leaves the mail


@bp.after_request
def _token_pages_are_not_stored(response):
    """Browsers and proxies must not keep pages whose URL is a secret link."""
    if request.endpoint in TOKEN_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def registration_status(event) -> dict:
    """For the public event page and form: why registration is not possible (or None), and the free places (None:
    unlimited), in all and per mode (on site, online; a hybrid event shows both). Never the online room."""
    problem = registration_window_problem(event) or _invitation_only_problem(event)
    by_mode = {} if problem else free_places_by_mode(event)
    free = None if problem or None in by_mode.values() else sum(by_mode.values())
    return {"problem": problem, "free": free, "by_mode": by_mode}


def _invitation_only_problem(event) -> str | None:
    """Invitation-only events take registrations only through a personal invitation link (netzwerk.invitations)."""
    if not event.invitation_only:
        return None
    return _("Die Anmeldung zu dieser Veranstaltung ist nur mit einer persönlichen Einladung möglich. Bitte nutzen Sie "
             "den Link aus Ihrer Einladungs-E-Mail.")


@bp.route("/n/<slug>/<int:event_id>/anmelden", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def register(slug: str, event_id: int):
    event, questions = public_event_with_questions(slug, event_id)
    if event is None:
        abort(404)
    network = event.network
    if problem := registration_window_problem(event):
        return _refused(network, event, problem)
    if problem := _invitation_only_problem(event):
        return _refused(network, event, problem, status=403)
    choices = NetworkChoices(network.id)
    form = registration_form(event, questions, choices.organisations, choices.kommunen)
    if form.validate_on_submit():
        if form.website.data:
            state = RegistrationState.PENDING if event.requires_approval else RegistrationState.CONFIRMED
            session[DONE_KEY] = {"event_id": event.id, "state": state}
            return redirect(url_for("registrations.done", slug=slug, event_id=event.id))
        try:
            outcome = register_person(event.id, form.registration_data(), locale=str(get_locale() or "de"))
        except RegistrationRefused as refusal:
            db.session.rollback()
            return _refused(network, event, str(refusal))
        # Read before the commit expires the row; the position is counted after it, once the event's lock is free.
        placed = SimpleNamespace(**{name: getattr(outcome.registration, name)
                                    for name in ("id", "event_id", "state", "attendance", "waitlisted_at")})
        hybrid = event.is_hybrid
        db.session.commit()
        session[DONE_KEY] = {"event_id": event_id, "state": placed.state, "duplicate": outcome.duplicate,
                             "position": None if outcome.duplicate else waitlist_position(placed),
                             "attendance": placed.attendance if hybrid else None}
        return redirect(url_for("registrations.done", slug=slug, event_id=event_id))
    return render_form("registrations/register.html", form, network=network, event=event)


@bp.route("/n/<slug>/<int:event_id>/angemeldet")
def done(slug: str, event_id: int):
    network, event = _public_event_or_404(slug, event_id)
    outcome = session.get(DONE_KEY)
    if not outcome or outcome.get("event_id") != event.id:
        return redirect(url_for("public.event", slug=slug, event_id=event.id))
    return render_template("registrations/done.html", network=network, event=event, outcome=outcome)


@bp.route("/anmeldung/<token>")
@limiter.limit(TOKEN_PAGE_LIMIT)
def manage(token: str):
    return manage_page(_registration_or_404(token), token)


def manage_page(registration, token: str, feed_url: str | None = None):
    return render_template("registrations/manage.html", registration=registration, event=registration.event,
                           token=token, questions=event_questions(registration.event_id),
                           position=waitlist_position(registration), changeable=can_change(registration),
                           feed_url=feed_url, online_rooms=online_rooms(registration), **own_page_details(registration))


@bp.route("/anmeldung/<token>/kalender-link", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def feed_link(token: str):
    """Issue (or reissue, revoking the old one) the person's feed link and show it once."""
    registration = _registration_or_404(token)
    if registration.person is None:
        abort(404)
    feed_token = issue_feed_token(registration.person)
    db.session.commit()
    feed_url = url_for("calendar.personal_feed", token=feed_token, lang=None, _external=True)
    return manage_page(registration, token, feed_url=feed_url)


@bp.route("/anmeldung/<token>/aendern", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def edit(token: str):
    registration = _registration_or_404(token)
    event = registration.event
    if not can_change(registration):
        return _not_changeable(registration, token)
    organisations, kommunen = network_choices(event.network_id)
    initial = registration_form_data(registration) if request.method == "GET" else None
    form = registration_form(event, event_questions(event.id), organisations, kommunen, editing=True, data=initial)
    if form.validate_on_submit():
        update(registration, form.registration_data())
        db.session.commit()
        flash(_("Ihre Angaben wurden gespeichert."), "success")
        return redirect(url_for("registrations.manage", token=token))
    return render_form("registrations/edit.html", form, registration=registration, event=event, token=token)


@bp.route("/anmeldung/<token>/teilnahme", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def attendance(token: str):
    """At a hybrid event: change between on site and online, if the other mode has a free place."""
    registration = _registration_or_404(token)
    if not can_change(registration):
        return _not_changeable(registration, token)
    wished = request.form.get("attendance")
    if wished not in Attendance:
        abort(400)
    try:
        switch_attendance(registration, wished)
    except AttendanceRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "warning")
        return redirect(url_for("registrations.manage", token=token))
    waiting = registration.state == RegistrationState.WAITLISTED
    db.session.commit()
    if waiting:  # the other mode was full too: the end of its waiting list
        flash(_("Online sind alle Plätze belegt. Sie stehen auf der Warteliste für einen Platz online.")
              if wished == Attendance.ONLINE else
              _("Vor Ort sind alle Plätze belegt. Sie stehen auf der Warteliste für einen Platz vor Ort."), "warning")
    else:
        flash(_("Sie nehmen jetzt online teil.") if wished == Attendance.ONLINE else _("Sie nehmen jetzt vor Ort teil."),
              "success")
    return redirect(url_for("registrations.manage", token=token))


@bp.route("/anmeldung/<token>/stornieren", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def cancel(token: str):
    registration = _registration_or_404(token)
    if not can_change(registration):
        return _not_changeable(registration, token)
    if request.method == "POST":
        cancel_registration(registration)
        db.session.commit()
        flash(_("Ihre Anmeldung wurde storniert. Sie erhalten eine Bestätigung per E-Mail."), "success")
        return redirect(url_for("registrations.manage", token=token))
    return render_template("registrations/cancel.html", registration=registration, event=registration.event, token=token)


TOKEN_ENDPOINTS = {f"registrations.{name}" for name in ("manage", "edit", "cancel", "feed_link", "attendance")}


def _public_event_or_404(slug: str, event_id: int):
    event = public_event_by_slug(slug, event_id)
    if event is None:
        abort(404)
    return event.network, event


def _refused(network, event, message: str, status: int = 409):
    return render_template("registrations/register.html", network=network, event=event, refusal=message,
                           form=None), status


def _registration_or_404(token: str):
    registration = find_by_token(token)
    if registration is None:
        abort(404)
    use_owner_locale(registration.locale)
    return registration


def _not_changeable(registration, token: str):
    message = (_("Diese Anmeldung ist storniert.") if registration.state == RegistrationState.CANCELLED
               else _("Die Anmeldung kann nicht mehr geändert werden."))
    flash(message, "warning")
    return redirect(url_for("registrations.manage", token=token))
