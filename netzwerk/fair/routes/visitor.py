"""The visitor's fair page behind their registration link: profile, wishes, interview slots, guide."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...common.dialects import name_key
from ...common.i18n import use_owner_locale
from ...common.incoming import database_id
from ...common.views import pdf_response
from ...extensions import db, limiter
from ...registrations.models import HOLDS_PLACE
from ...registrations.tokens import find_by_token as find_registration
from .. import printing
from ..directory import public_exhibitor
from ..forms import ActionForm, ProfileForm
from ..instance import may_meet
from ..interviews import (
    SlotRefused,
    book_slot,
    cancel_interview,
    engine_employer,
    engine_visitor,
    interviewing_exhibitors,
    open_slots,
    seats_taken,
    slot_labels,
    suggestions_for,
    visitor_talks,
)
from ..models import InterviewMode
from ..services import fair_of, is_fair
from ..visitors import WishRefused, add_wish, move_wish_up, profile_of, remove_wish, update_profile, wishes_of
from .public import TOKEN_PAGE_LIMIT, bp


def _visitor_or_404(token: str):
    registration = find_registration(token)
    if registration is None or not is_fair(registration.event):
        abort(404)
    use_owner_locale(registration.locale)
    return registration, fair_of(registration.event)


@bp.route("/anmeldung/<token>/messe")
@limiter.limit(TOKEN_PAGE_LIMIT)
def visitor_page(token: str):
    registration, fair = _visitor_or_404(token)
    return _visitor_page(registration, fair, token)


def _visitor_page(registration, fair, token, profile_form=None, status=200):
    profile = profile_of(registration)
    wishes = wishes_of(registration.id)
    wished_ids = [wish.exhibitor_id for wish in wishes]
    talks = visitor_talks(fair, registration.id)
    self_booking = fair.interview_mode == InterviewMode.SELF_BOOKING and registration.state in HOLDS_PLACE
    bookable = []
    # At the most talks a visitor may have, nothing more is offered (booking would refuse it); the page says why.
    booked_up = self_booking and len(talks) >= fair.max_interviews_per_visitor
    if self_booking and not booked_up:
        taken = seats_taken(fair.event_id)
        met = {talk.interview.exhibitor_id for talk in talks}
        busy = {talk.interview.slot for talk in talks}
        labels = slot_labels(fair)
        visitor = engine_visitor(registration.id, profile)
        for candidate in interviewing_exhibitors(fair.event_id):
            if candidate.id in met:
                continue
            # None: the visitor's German does not reach any offer, so no time is offered that booking would refuse
            slots = None if not may_meet(visitor, engine_employer(candidate, fair.slot_count)) else [
                (slot, labels[slot]) for slot in open_slots(fair, candidate, taken) if slot not in busy]
            bookable.append((candidate, slots))
        bookable.sort(key=lambda item: (item[1] is None, item[0].id not in wished_ids, name_key(item[0].company)))
    if profile_form is None:
        profile_form = ProfileForm(data={"languages": profile.languages, "german_level": profile.german_level,
                                         "sectors": profile.sectors, "offer_types": profile.offer_types})
    await_plan = fair.interview_mode not in (InterviewMode.OFF, InterviewMode.SELF_BOOKING)
    return render_template(
        "fair/visitor/page.html", registration=registration, event=fair.event, fair=fair, token=token, profile=profile,
        wishes=wishes, suggestions=suggestions_for(fair, registration, profile, wished_ids), talks=talks,
        bookable=bookable, self_booking=self_booking, booked_up=booked_up, await_plan=await_plan, profile_form=profile_form,
        action_form=ActionForm(), max_wishes=6), status


@bp.route("/anmeldung/<token>/messe/profil", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def visitor_profile(token: str):
    registration, fair = _visitor_or_404(token)
    form = ProfileForm()
    if not form.validate_on_submit():
        return _visitor_page(registration, fair, token, profile_form=form, status=422)
    update_profile(profile_of(registration), form.data)
    db.session.commit()
    flash(_("Ihre Angaben wurden gespeichert."), "success")
    return redirect(url_for("fair.visitor_page", token=token))


@bp.route("/anmeldung/<token>/messe/wuensche", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def visitor_wishes(token: str):
    registration, fair = _visitor_or_404(token)
    action, exhibitor_id = request.form.get("action"), request.form.get("exhibitor_id", type=database_id)
    if not ActionForm().validate_on_submit() or action not in ("add", "remove", "up") or not exhibitor_id:
        abort(400)
    if action == "add":
        chosen = public_exhibitor(fair.event_id, exhibitor_id) or abort(404)
        try:
            add_wish(registration, chosen)
        except WishRefused as refused:
            db.session.rollback()
            flash(str(refused), "warning")
            return redirect(url_for("fair.visitor_page", token=token))
        flash(_("%(company)s steht jetzt auf Ihrer Liste.", company=chosen.company), "success")
    elif action == "remove":
        remove_wish(registration, exhibitor_id)
    else:
        move_wish_up(registration, exhibitor_id)
    db.session.commit()
    return redirect(url_for("fair.visitor_page", token=token) + "#wishes")


@bp.route("/anmeldung/<token>/messe/termine", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def visitor_book(token: str):
    registration, fair = _visitor_or_404(token)
    exhibitor_id, slot = request.form.get("exhibitor_id", type=database_id), request.form.get("slot", type=database_id)
    if not ActionForm().validate_on_submit() or exhibitor_id is None or slot is None:
        abort(400)
    try:
        talk = book_slot(fair, registration, exhibitor_id, slot)
    except SlotRefused as refused:
        db.session.rollback()
        flash(str(refused), "warning")
        return redirect(url_for("fair.visitor_page", token=token) + "#book")
    company = talk.exhibitor.company
    db.session.commit()
    flash(_("Ihr Gespräch mit %(company)s ist gebucht.", company=company), "success")
    return redirect(url_for("fair.visitor_page", token=token) + "#talks")


@bp.route("/anmeldung/<token>/messe/termine/<int:interview_id>/absagen", methods=["POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def visitor_cancel_talk(token: str, interview_id: int):
    registration, fair = _visitor_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    if fair.interview_mode != InterviewMode.SELF_BOOKING or not cancel_interview(registration, interview_id):
        abort(404)
    db.session.commit()
    flash(_("Das Gespräch ist abgesagt."), "success")
    return redirect(url_for("fair.visitor_page", token=token) + "#talks")


@bp.route("/anmeldung/<token>/messe/messefuehrer.pdf")
@limiter.limit(TOKEN_PAGE_LIMIT)
def visitor_guide(token: str):
    registration, fair = _visitor_or_404(token)
    pdf = printing.visitor_guide(fair, str(get_locale()), registration)
    return pdf_response(pdf, f"messefuehrer-{registration.checkin_code}.pdf")
