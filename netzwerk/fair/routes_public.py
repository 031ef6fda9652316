"""Public fair pages (directory, Aussteller page, booking and visitor forms; six languages) and the private
links: the Aussteller's management link and the visitor's fair page behind their registration link."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..badges.layouts import preset
from ..badges.routes import pdf_response
from ..common.choices import FAIR_SECTORS, GERMAN_LEVELS, OFFER_TYPES
from ..common.i18n import offer_public_languages
from ..common.incoming import database_id
from ..common.views import render_form
from ..extensions import db, limiter, talisman
from ..networks.models import Network
from ..public.services import public_event
from ..registrations.services import RegistrationRefused
from ..registrations.tokens import find_by_token as find_registration
from . import printing
from .booking import book, cancel, find_by_token, free_booths, set_interview_capacity, update_booking
from .booths import booth_types, booths, plan_booths, plan_labels
from .directory import DirectoryFilter, directory as list_exhibitors, offer_matches, public_exhibitor
from .floorplan import plan_svg
from .forms import ActionForm, ProfileForm, VisitorForm, booking_form, interview_capacity_form, manage_form
from .interviews import (SlotRefused, book_slot, cancel_interview, exhibitor_talks, interviewing_exhibitors,
                         mark_held, open_slots, seats_taken, slot_labels, suggestions_for, visitor_profiles,
                         visitor_talks)
from .models import CANCELLED, INTERVIEWS_OFF, INTERVIEWS_SELF_BOOKING
from .services import booking_closes_at, booking_problem, fair_of, is_fair
from .visitors import WishRefused, add_wish, move_wish_up, profile_of, register_visitor, remove_wish, update_profile
from .visitors import wishes_of

bp = Blueprint("fair", __name__)
offer_public_languages(bp)

FORM_POST_LIMIT = "20 per minute"
TOKEN_PAGE_LIMIT = "30 per minute"
BOOKED_KEY, VISITOR_KEY = "fair_booked", "fair_visitor"


@bp.after_request
def _token_pages_are_not_stored(response):
    """Pages whose URL is a secret link stay out of browser and proxy caches."""
    if "token" in (request.view_args or {}):
        response.headers["Cache-Control"] = "no-store"
    return response


def _public_fair(slug: str, event_id: int):
    network = db.first_or_404(select(Network).where(Network.slug == slug))
    event = public_event(network, event_id)
    if event is None or not is_fair(event):
        abort(404)
    return network, event, fair_of(event)


def _plan(fair, booth_rows, highlight_id=None, id_prefix="plan"):
    event = fair.event
    background = url_for("fair.background", slug=event.network.slug, event_id=event.id) if fair.background_type \
        else None
    return plan_svg(fair.hall_width, fair.hall_depth, plan_booths(
        booth_rows, public=True, highlight_id=highlight_id,
        link=lambda exhibitor: url_for("fair.exhibitor", slug=event.network.slug, event_id=event.id,
                                       exhibitor_id=exhibitor.id)),
        plan_labels(_("Hallenplan: %(title)s", title=event.title),
                    _("Jedes Rechteck ist ein Stand mit seiner Nummer; belegte Stände führen zur Seite des "
                      "Ausstellers. Die Liste unter dem Plan enthält dieselben Angaben."),
                    highlighted=_("Dieser Stand")),
        background_href=background, legend=("confirmed", "free", "reserved", "blocked"), id_prefix=id_prefix)


# --- directory ------------------------------------------------------------------------------------------------

@bp.route("/n/<slug>/<int:event_id>/messe")
def directory(slug: str, event_id: int):
    network, event, fair = _public_fair(slug, event_id)
    chosen = DirectoryFilter.from_args(request.args)
    return render_template("fair/directory.html", network=network, event=event, fair=fair, chosen=chosen,
                           exhibitors=list_exhibitors(event.id, chosen), plan=_plan(fair, booths(event.id)),
                           offer_matches=offer_matches, booking=booking_problem(fair) is None,
                           sectors=FAIR_SECTORS, offer_types=OFFER_TYPES, levels=GERMAN_LEVELS)


@bp.route("/n/<slug>/<int:event_id>/messe/aussteller/<int:exhibitor_id>")
def exhibitor(slug: str, event_id: int, exhibitor_id: int):
    network, event, fair = _public_fair(slug, event_id)
    shown = public_exhibitor(event.id, exhibitor_id) or abort(404)
    return render_template("fair/exhibitor.html", network=network, event=event, fair=fair, exhibitor=shown,
                           plan=_plan(fair, booths(event.id), highlight_id=shown.booth_id))


# An SVG opened on its own must not run scripts or load anything.
IMAGE_ONLY = {"default-src": "'none'", "style-src": "'unsafe-inline'"}


@bp.route("/n/<slug>/<int:event_id>/messe/hallenplan")
@talisman(content_security_policy=IMAGE_ONLY)
def background(slug: str, event_id: int):
    _network, _event, fair = _public_fair(slug, event_id)
    return background_response(fair)


def background_response(fair, public: bool = True) -> Response:
    if not fair.background_type:
        abort(404)
    response = Response(fair.background, content_type=fair.background_type)
    response.headers["Cache-Control"] = f"{'public' if public else 'private'}, max-age=300"
    return response


# --- booking --------------------------------------------------------------------------------------------------

@bp.route("/n/<slug>/<int:event_id>/messe/stand-buchen", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def booking(slug: str, event_id: int):
    network, event, fair = _public_fair(slug, event_id)
    if problem := booking_problem(fair):
        return render_template("fair/booking.html", network=network, event=event, fair=fair, refusal=problem,
                               form=None), 409
    form = booking_form(booth_types(event.id), free_booths(event.id), booths(event.id))
    if form.validate_on_submit():
        if form.website.data:  # the bot trap: answered as if booked, nothing stored
            session[BOOKED_KEY] = {"event_id": event.id, "booth": None}
            return redirect(url_for("fair.booked", slug=slug, event_id=event.id))
        data = form.booking_data()
        data["preferred_booth_id"] = form.preferred_booth_id.data
        done = book(fair, data, locale=str(get_locale() or "de"))
        session[BOOKED_KEY] = {"event_id": event.id, "booth": done.exhibitor.booth.number if done.got_preferred_booth
                               else None, "wished": bool(form.preferred_booth_id.data)}
        db.session.commit()
        return redirect(url_for("fair.booked", slug=slug, event_id=event.id))
    return render_form("fair/booking.html", form, network=network, event=event, fair=fair,
                       closes_at=booking_closes_at(fair))


@bp.route("/n/<slug>/<int:event_id>/messe/gebucht")
def booked(slug: str, event_id: int):
    network, event, _fair = _public_fair(slug, event_id)
    outcome = session.get(BOOKED_KEY)
    if not outcome or outcome.get("event_id") != event.id:
        return redirect(url_for("fair.directory", slug=slug, event_id=event.id))
    return render_template("fair/booked.html", network=network, event=event, outcome=outcome)


# --- the Aussteller's management link -----------------------------------------------------------------------

def _exhibitor_or_404(token: str):
    found = find_by_token(token)
    if found is None:
        abort(404)
    return found, fair_of(found.event)


@bp.route("/messe/aussteller/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def manage(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    problem = booking_problem(fair) or (_("Diese Buchung ist storniert.") if exhibitor.state == CANCELLED else None)
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
    return render_form("fair/manage.html", form, exhibitor=exhibitor, fair=fair, event=fair.event, token=token,
                       problem=problem, closes_at=booking_closes_at(fair))


@bp.route("/messe/aussteller/<token>/gespraeche", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def exhibitor_interviews(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    labels = slot_labels(fair)
    form = interview_capacity_form(labels, exhibitor, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and exhibitor.state != CANCELLED and form.validate_on_submit():
        slots = form.slots.data or None  # nothing ticked: every slot
        set_interview_capacity(exhibitor, form.interviewers.data, slots)
        db.session.commit()
        flash(_("Ihre Gesprächszeiten wurden gespeichert."), "success")
        return redirect(url_for("fair.exhibitor_interviews", token=token))
    talks = exhibitor_talks(fair, exhibitor.id)
    return render_form("fair/exhibitor_interviews.html", form, exhibitor=exhibitor, fair=fair, event=fair.event,
                       token=token, talks=talks, action_form=ActionForm(),
                       profiles=visitor_profiles([talk.interview.registration_id for talk in talks]))


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
    if exhibitor.state != "confirmed":
        flash(_("Namensschilder gibt es, sobald Ihre Teilnahme bestätigt ist."), "warning")
        return redirect(url_for("fair.manage", token=token))
    return pdf_response(printing.staff_badges(fair, [exhibitor], preset("a4-2x4-90x55")),
                        f"namensschilder-{exhibitor.id}.pdf")


@bp.route("/messe/aussteller/<token>/stornieren", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def cancel_booking(token: str):
    exhibitor, fair = _exhibitor_or_404(token)
    if exhibitor.state == CANCELLED:
        return redirect(url_for("fair.manage", token=token))
    form = ActionForm()
    if form.validate_on_submit():
        cancel(exhibitor)
        db.session.commit()
        flash(_("Ihre Buchung ist storniert. Sie erhalten eine Bestätigung per E-Mail."), "success")
        return redirect(url_for("fair.manage", token=token))
    return render_template("fair/cancel.html", exhibitor=exhibitor, event=fair.event, token=token, form=form)


# --- visitors ---------------------------------------------------------------------------------------------------

@bp.route("/n/<slug>/<int:event_id>/messe/besuchen", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def visit(slug: str, event_id: int):
    network, event, fair = _public_fair(slug, event_id)
    form = VisitorForm()
    if form.validate_on_submit():
        if form.website.data:
            session[VISITOR_KEY] = {"event_id": event.id, "state": "confirmed"}
            return redirect(url_for("fair.visiting", slug=slug, event_id=event.id))
        try:
            outcome = register_visitor(event, form.visitor_data(), locale=str(get_locale() or "de"))
        except RegistrationRefused as refusal:
            db.session.rollback()
            return render_template("fair/visit.html", network=network, event=event, form=None,
                                   refusal=str(refusal)), 409
        # The link is shown once to whoever just registered; a known e-mail gets it by mail only.
        session[VISITOR_KEY] = {"event_id": event.id, "state": outcome.registration.state,
                                "duplicate": outcome.duplicate,
                                "token": None if outcome.duplicate else outcome.token}
        db.session.commit()
        return redirect(url_for("fair.visiting", slug=slug, event_id=event.id))
    return render_form("fair/visit.html", form, network=network, event=event, fair=fair)


@bp.route("/n/<slug>/<int:event_id>/messe/angemeldet")
def visiting(slug: str, event_id: int):
    network, event, _fair = _public_fair(slug, event_id)
    outcome = session.pop(VISITOR_KEY, None)
    if not outcome or outcome.get("event_id") != event.id:
        return redirect(url_for("fair.directory", slug=slug, event_id=event.id))
    response = Response(render_template("fair/visiting.html", network=network, event=event, outcome=outcome))
    response.headers["Cache-Control"] = "no-store"
    return response


def _visitor_or_404(token: str):
    registration = find_registration(token)
    if registration is None or not is_fair(registration.event):
        abort(404)
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
    self_booking = fair.interview_mode == INTERVIEWS_SELF_BOOKING and registration.state in ("confirmed", "attended")
    bookable = []
    if self_booking:
        taken = seats_taken(fair.event_id)
        met = {talk.interview.exhibitor_id for talk in talks}
        busy = {talk.interview.slot for talk in talks}
        labels = slot_labels(fair)
        for candidate in interviewing_exhibitors(fair.event_id):
            if candidate.id not in met:
                slots = [(slot, labels[slot]) for slot in open_slots(fair, candidate, taken) if slot not in busy]
                bookable.append((candidate, slots))
        bookable.sort(key=lambda item: (item[0].id not in wished_ids, item[0].company))
    if profile_form is None:
        profile_form = ProfileForm(data={"languages": profile.languages, "german_level": profile.german_level,
                                         "sectors": profile.sectors, "offer_types": profile.offer_types})
    await_plan = fair.interview_mode not in (INTERVIEWS_OFF, INTERVIEWS_SELF_BOOKING)
    return render_template(
        "fair/visitor.html", registration=registration, event=fair.event, fair=fair, token=token, profile=profile,
        wishes=wishes, suggestions=suggestions_for(fair, registration, profile, wished_ids), talks=talks,
        bookable=bookable, self_booking=self_booking, await_plan=await_plan, profile_form=profile_form,
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
    if fair.interview_mode != INTERVIEWS_SELF_BOOKING or not cancel_interview(registration, interview_id):
        abort(404)
    db.session.commit()
    flash(_("Das Gespräch ist abgesagt."), "success")
    return redirect(url_for("fair.visitor_page", token=token) + "#talks")


@bp.route("/anmeldung/<token>/messe/messefuehrer.pdf")
@limiter.limit(TOKEN_PAGE_LIMIT)
def visitor_guide(token: str):
    registration, fair = _visitor_or_404(token)
    pdf = printing.visitor_guide(fair, str(get_locale() or registration.locale or "de"), registration)
    return pdf_response(pdf, f"messefuehrer-{registration.checkin_code}.pdf")
