"""The Aussteller's pages behind their private management link: booking, interviews, PDFs, cancelling."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...badges.layouts import preset
from ...common.i18n import use_owner_locale
from ...common.timing import utcnow
from ...common.views import pdf_response, render_form
from ...extensions import db, limiter
from .. import printing
from ..booking import cancel, find_by_token, set_interview_capacity, update_booking
from ..booths import booth_types
from ..forms import ActionForm, interview_capacity_form, manage_form
from ..interviews import exhibitor_talks, mark_held, slot_labels, visitor_profiles
from ..models import ExhibitorState
from ..outcomes import EXHIBITOR, may_record, outcome_labels, outcomes_of, record_outcome
from ..services import booking_closes_at, booking_problem, fair_of
from .public import TOKEN_PAGE_LIMIT, bp

# --- the Aussteller's management link -----------------------------------------------------------------------

def _exhibitor_or_404(token: str):
    found = find_by_token(token)
    if found is None:
        abort(404)
    use_owner_locale(found.locale)
    return found, fair_of(found.event)


@bp.route("/messe/aussteller/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def manage(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    cancelled = exhibitor.state == ExhibitorState.CANCELLED
    problem = booking_problem(fair) or (_("Diese Buchung ist storniert.") if cancelled else None)
    types = booth_types(exhibitor.event_id)
    form = manage_form(types, exhibitor if request.method == "GET" else None)
    if request.method == "POST":
        if problem:
            flash(problem, "warning")
            return redirect(url_for("fair.manage", token=token))
        if form.validate_on_submit():
            update_booking(exhibitor, form.booking_data())
            db.session.commit()
            flash(_("Ihre Angaben wurden gespeichert."), "success")
            return redirect(url_for("fair.manage", token=token))
    return render_form("fair/exhibitor/manage.html", form, exhibitor=exhibitor, fair=fair, event=fair.event, token=token,
                       problem=problem, closes_at=booking_closes_at(fair))


@bp.route("/messe/aussteller/<token>/gespraeche", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def exhibitor_interviews(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    labels = slot_labels(fair)
    form = interview_capacity_form(labels, exhibitor, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and exhibitor.state != ExhibitorState.CANCELLED and form.validate_on_submit():
        slots = form.slots.data or None  # nothing ticked: every slot
        set_interview_capacity(exhibitor, form.interviewers.data, slots)
        db.session.commit()
        flash(_("Ihre Gesprächszeiten wurden gespeichert."), "success")
        return redirect(url_for("fair.exhibitor_interviews", token=token))
    talks = exhibitor_talks(fair, exhibitor.id)
    return render_form("fair/exhibitor/interviews.html", form, exhibitor=exhibitor, fair=fair, event=fair.event,
                       token=token, talks=talks, action_form=ActionForm(), outcomes=outcomes_of([exhibitor.id]),
                       has_started=fair.event.starts_at <= utcnow(),
                       fair_outcomes=outcome_labels(),
                       profiles=visitor_profiles([talk.interview.registration_id for talk in talks]))


@bp.route("/messe/aussteller/<token>/ergebnis/<int:registration_id>", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def exhibitor_outcome(token: str, registration_id: int):
    """After the fair: what came of the talk with this visitor (nothing, Praktikum, ..., Stelle)."""
    exhibitor, _fair = _exhibitor_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not may_record(exhibitor, registration_id):
        abort(404)
    try:
        record_outcome(exhibitor, registration_id, request.form.get("outcome", ""), EXHIBITOR)
    except ValueError:
        abort(400, _("Dieses Ergebnis gibt es nicht."))
    db.session.commit()
    flash(_("Das Ergebnis wurde gespeichert."), "success")
    return redirect(url_for("fair.exhibitor_interviews", token=token))


@bp.route("/messe/aussteller/<token>/gespraeche/<int:interview_id>", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def interview_held(token: str, interview_id: int):
    exhibitor, _fair = _exhibitor_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not mark_held(exhibitor, interview_id, request.form.get("held") == "1"):
        abort(404)
    db.session.commit()
    return redirect(url_for("fair.exhibitor_interviews", token=token))


@bp.route("/messe/aussteller/<token>/gespraeche.pdf")
@limiter.limit(TOKEN_PAGE_LIMIT)
def exhibitor_interviews_pdf(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    return pdf_response(printing.interview_lists(fair, [exhibitor]), f"gespraeche-{exhibitor.id}.pdf")


@bp.route("/messe/aussteller/<token>/namensschilder.pdf")
@limiter.limit(TOKEN_PAGE_LIMIT)
def exhibitor_badges(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    if exhibitor.state != ExhibitorState.CONFIRMED:
        flash(_("Namensschilder gibt es, sobald Ihre Teilnahme bestätigt ist."), "warning")
        return redirect(url_for("fair.manage", token=token))
    return pdf_response(printing.staff_badges(fair, [exhibitor], preset("a4-2x4-90x55")),
                        f"namensschilder-{exhibitor.id}.pdf")


@bp.route("/messe/aussteller/<token>/stornieren", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def cancel_booking(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    if exhibitor.state == ExhibitorState.CANCELLED:
        return redirect(url_for("fair.manage", token=token))
    form = ActionForm()
    if form.validate_on_submit():
        cancel(exhibitor)
        db.session.commit()
        flash(_("Ihre Buchung ist storniert. Sie erhalten eine Bestätigung per E-Mail."), "success")
        return redirect(url_for("fair.manage", token=token))
    return render_template("fair/exhibitor/cancel.html", exhibitor=exhibitor, event=fair.event, token=token, form=form)
