from flask import Blueprint, abort, make_response, render_template, request, url_for
from slugify import slugify
from sqlalchemy import select

from ..calendar.data import event_file
from ..extensions import db
from ..networks.models import Network
from .services import public_event, public_events

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return render_template("public/index.html", networks=networks)


@bp.route("/n/<slug>/")
def network(slug: str):
    network = db.first_or_404(select(Network).where(Network.slug == slug))
    upcoming, past = public_events(network)
    return render_template("public/network.html", network=network, upcoming=upcoming, past=past)


@bp.route("/n/<slug>/<int:event_id>")
def event(slug: str, event_id: int):
    network = db.first_or_404(select(Network).where(Network.slug == slug))
    event = public_event(network, event_id)
    if event is None:
        abort(404)
    return render_template("public/event.html", network=network, event=event)


@bp.route("/n/<slug>/<int:event_id>.ics")
def event_ics(slug: str, event_id: int):
    """The event as a file to download; ?agenda=1 adds each Programmpunkt as its own entry."""
    network = db.first_or_404(select(Network).where(Network.slug == slug))
    event = public_event(network, event_id)
    if event is None:
        abort(404)
    url = url_for("public.event", slug=network.slug, event_id=event.id, _external=True)
    response = make_response(event_file(event, url, with_agenda=request.args.get("agenda") == "1"))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    filename = slugify(event.title) or "veranstaltung"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
