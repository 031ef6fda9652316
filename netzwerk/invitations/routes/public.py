"""The invited person's link: the registration form bound to the invited address, "Ich kann nicht teilnehmen", and
no more invitations. Every page is in the visitor's language (first the invitation's); a bad link is a 404."""
import flask_babel
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...common.i18n import offer_public_languages
from ...common.one_click import one_click_request
from ...common.views import render_form
from ...extensions import csrf, db, limiter
from ...registrations.forms import registration_form
from ...registrations.models import RegistrationState
from ...registrations.selfservice import NetworkChoices, event_questions
from ...registrations.services import RegistrationRefused, registration_window_problem
from ...registrations.services import register as register_person
from ..forms import DeclineForm, OptOutForm
from ..models import InvitationState
from ..recipients import profile
from ..services import active_registration, decline, find_by_token, is_opted_out, opt_out, registered_through

bp = Blueprint("invitations", __name__)
offer_public_languages(bp)

TOKEN_PAGE_LIMIT = "30 per minute"


@bp.after_request
def _secret_pages_are_not_stored(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _invitation_or_404(token: str):
    invitation = find_by_token(token)
    if invitation is None:
        abort(404)
    if "lang" not in request.args and "lang" not in session and invitation.locale:
        session["lang"] = invitation.locale  # the language the invitation was written in, until they choose
        flask_babel.refresh()
    return invitation


@bp.route("/einladung/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def show(token: str):
    """The invitation with the registration form, pre-filled from the person and bound to the invited address."""
    invitation = _invitation_or_404(token)
    event = invitation.event
    registration = active_registration(invitation)
    if registration is not None:
        return render_template("invitations/show.html", invitation=invitation, event=event, registration=registration,
                               token=token)
    if problem := registration_window_problem(event):
        return render_template("invitations/show.html", invitation=invitation, event=event, problem=problem,
                               token=token), 409
    choices = NetworkChoices(event.network_id)
    form = registration_form(event, event_questions(event.id), choices.organisations, choices.kommunen,
                             data=_prefilled(invitation, choices) if request.method == "GET" else None)
    del form.email  # the invited address: registering through the link proves it
    del form.website  # the link is the proof of a person, no bot trap needed
    if form.validate_on_submit():
        data = {**form.registration_data(), "email": invitation.email}
        try:
            outcome = register_person(event.id, data, locale=str(get_locale() or "de"))
        except RegistrationRefused as refusal:
            db.session.rollback()
            return render_template("invitations/show.html", invitation=invitation, event=event, problem=str(refusal),
                                   token=token), 409
        registered_through(invitation, outcome.registration)
        db.session.commit()
        flash(*_registered_message(outcome.registration.state))
        return redirect(url_for("invitations.show", token=token))
    return render_form("invitations/show.html", form, invitation=invitation, event=event, token=token)


def _registered_message(state: str) -> tuple[str, str]:
    """What registering through the link led to, in the public form's words (approval and waiting list included)."""
    if state == RegistrationState.PENDING:
        return _("Vielen Dank! Ihre Anmeldung ist eingegangen und wird vom Netzwerkbüro geprüft. Sie erhalten eine "
                 "E-Mail, sobald sie freigegeben ist."), "info"
    if state == RegistrationState.WAITLISTED:
        return _("Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste."), "warning"
    return _("Vielen Dank! Ihre Anmeldung ist bestätigt."), "success"


def _prefilled(invitation, choices: NetworkChoices) -> dict:
    person = invitation.person
    kommune_id, _type = profile(person.id)  # the organisation's, or what a subscriber gave
    if kommune_id not in {row.id for row in choices.kommunen()}:
        kommune_id = None
    return dict(given_name=person.given_name, family_name=person.family_name, function=person.function,
                organisation_id=person.organisation_id, kommune_id=kommune_id)


@bp.route("/einladung/<token>/absagen", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def decline_page(token: str):
    """GET asks (nothing changes); the POST with its CSRF token records "Ich kann nicht teilnehmen"."""
    invitation = _invitation_or_404(token)
    if active_registration(invitation) is not None:
        return redirect(url_for("invitations.show", token=token))
    form = DeclineForm()
    if form.validate_on_submit():
        decline(invitation, form.message.data)
        db.session.commit()
        flash(_("Danke für Ihre Rückmeldung. Schade, dass Sie nicht dabei sein können."), "success")
        return redirect(url_for("invitations.show", token=token))
    return render_form("invitations/decline.html", form, invitation=invitation, event=invitation.event, token=token,
                       declined=invitation.state == InvitationState.DECLINED)


@bp.route("/einladung/<token>/abmelden", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
@csrf.exempt  # for the one-click POST; a browser's POST is checked in one_click_request
def opt_out_page(token: str):
    """GET asks; the POST (the page's button, or a mail client's one click from the List-Unsubscribe header,
    RFC 8058) records that the person wants no more invitations or mailings from the network."""
    invitation = _invitation_or_404(token)
    if one_click_request():
        opt_out(invitation.person_id)
        db.session.commit()
        return render_template("invitations/opt_out.html", form=None, invitation=invitation, event=invitation.event,
                               token=token, opted_out=True)
    form = OptOutForm()
    if form.validate_on_submit():
        opt_out(invitation.person_id)
        db.session.commit()
        flash(_("Sie erhalten von uns keine Einladungen mehr."), "success")
        return redirect(url_for("invitations.opt_out_page", token=token))
    return render_form("invitations/opt_out.html", form, invitation=invitation, event=invitation.event, token=token,
                       opted_out=is_opted_out(invitation.person_id))
