"""Impressum, Erklärung zur Barrierefreiheit with its feedback form, and the favicon browsers ask for."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..common.i18n import offer_public_languages
from ..common.views import render_form
from ..extensions import db, limiter
from .forms import AccessibilityFeedbackForm
from .operator import operator_from
from .services import send_accessibility_feedback

bp = Blueprint("site", __name__)
offer_public_languages(bp)  # visitors of every language must find both statements
FEEDBACK_POST_LIMIT = "5 per hour"


@bp.route("/impressum")
def impressum():
    operator = operator_from(current_app.config)
    if operator.impressum_url and not operator.configured:
        return redirect(operator.impressum_url)
    return render_template("site/impressum.html", operator=operator)


@bp.route("/barrierefreiheit")
def accessibility():
    return render_template("site/accessibility.html", operator=operator_from(current_app.config))


@bp.route("/barrierefreiheit/barriere-melden", methods=["GET", "POST"])
@limiter.limit(FEEDBACK_POST_LIMIT, methods=["POST"])
def accessibility_feedback():
    form = AccessibilityFeedbackForm(page=request.args.get("seite", ""))
    if form.validate_on_submit():
        send_accessibility_feedback(operator_from(current_app.config), form.data, str(get_locale()))
        db.session.commit()
        flash(_("Danke! Ihre Rückmeldung ist angekommen. Wir antworten innerhalb eines Monats, wenn Sie eine "
                "Adresse angegeben haben."), "success")
        return redirect(url_for("site.accessibility"))
    return render_form("site/accessibility_feedback.html", form)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on every site even when the page names another icon: no 404 in every log."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)

