"""Public fair pages in six languages: directory, Aussteller page, hall plan, booth booking, visitor form.

The blueprint `fair` also carries the private-link pages in `exhibitor.py` and `visitor.py`."""
from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ...common.i18n import offer_public_languages
from ...common.views import render_form
from ...extensions import db, limiter, talisman
from ...public.services import public_event_by_slug
from ...registrations.models import RegistrationState
from ...registrations.services import RegistrationRefused
from ..booking import book, free_booths
from ..booths import booth_types, booths, plan_booths, plan_labels
from ..directory import DirectoryFilter, offer_matches, public_exhibitor
from ..directory import directory as list_exhibitors
from ..floorplan import plan_svg
from ..forms import VisitorForm, booking_form
from ..models import GermanLevel, OfferType, Sector
from ..services import booking_closes_at, booking_problem, fair_of, is_fair
from ..visitors import register_visitor

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
    event = public_event_by_slug(slug, event_id)
    if event is None or not is_fair(event):
        abort(404)
    return event.network, event, fair_of(event)


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
                           sectors=Sector, offer_types=OfferType, levels=GermanLevel)


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


# --- visitors ---------------------------------------------------------------------------------------------------

@bp.route("/n/<slug>/<int:event_id>/messe/besuchen", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def visit(slug: str, event_id: int):
    network, event, fair = _public_fair(slug, event_id)
    form = VisitorForm()
    if form.validate_on_submit():
        if form.website.data:
            session[VISITOR_KEY] = {"event_id": event.id, "state": RegistrationState.CONFIRMED}
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
