"""The survey behind an attendee's private link: no login, one answer per link."""
from flask import Blueprint, abort, render_template, request

from ...common.i18n import offer_public_languages, use_owner_locale
from ...common.views import render_form
from ...extensions import db, limiter
from .. import services
from ..forms import answer_form
from ..models import RATING

bp = Blueprint("feedback_public", __name__)
offer_public_languages(bp)

TOKEN_PAGE_LIMIT = "30 per minute"


@bp.after_request
def _not_stored(response):
    response.headers["Cache-Control"] = "no-store"  # the URL is a secret link
    return response


@bp.route("/rueckmeldung/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def answer(token: str):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        abort(404)
    registration, survey = invitation.registration, invitation.survey
    use_owner_locale(registration.locale)
    event = survey.event
    if invitation.answered:
        return render_template("feedback/answered.html", event=event, already=True), 409
    if not survey.is_open:
        return render_template("feedback/closed.html", event=event), 409
    form = answer_form(survey.questions)
    if form.validate_on_submit():
        ratings = {question["key"]: int(field.data) for question, field in form.question_fields
                   if question["kind"] == RATING and field.data}
        texts = {question["key"]: field.data for question, field in form.question_fields
                 if question["kind"] != RATING and field.data}
        try:
            services.submit(invitation, ratings, texts, with_name=form.with_name.data)
        except services.AlreadyAnswered:
            db.session.rollback()
            return render_template("feedback/answered.html", event=event, already=True), 409
        db.session.commit()
        return render_template("feedback/answered.html", event=event, already=False)
    if request.method == "POST" and not form.errors:
        abort(400)
    return render_form("feedback/answer.html", form, event=event, registration=registration)
