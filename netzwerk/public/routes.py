from flask import Blueprint, abort, render_template
from sqlalchemy import select

from ..common.i18n import offer_public_languages
from ..extensions import db
from ..networks.models import Network
from .services import public_event_by_slug, public_events

bp = Blueprint("public", __name__)
offer_public_languages(bp)


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
    event = public_event_by_slug(slug, event_id, with_agenda=True) or abort(404)
    return render_template("public/event.html", network=event.network, event=event)
