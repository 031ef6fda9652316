from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ..common.access import managed_network_ids, only_managed, protect_blueprint
from ..common.text import search_term
from ..common.translations import translation_form_data
from ..common.views import confirm_delete, paginate, render_form
from ..extensions import db, talisman
from .access import get_managed_network_or_404
from .forms import TRANSLATED, NetworkForm
from .models import Network
from .services import network_counts, network_events, overview_for, save_network, upcoming_events

bp = Blueprint("networks", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/")
def dashboard():
    ids = managed_network_ids(current_user)
    networks = db.session.scalars(only_managed(select(Network), Network.id, current_user).order_by(Network.name)).all()
    overview = overview_for(current_user)
    return render_template("networks/dashboard.html", networks=networks, overview=overview,
                           upcoming=[] if overview else upcoming_events(current_user), all_networks=ids is None)


@bp.route("/netzwerke")
def index():
    query = search_term(request.args)
    stmt = only_managed(select(Network), Network.id, current_user).order_by(Network.name)
    if query:
        stmt = stmt.where(or_(Network.name.ilike(f"%{query}%"), Network.slug.ilike(f"%{query}%")))
    page = paginate(stmt)
    return render_template("networks/index.html", page=page, query=query, counts=network_counts(page.items))


@bp.route("/netzwerke/neu", methods=["GET", "POST"])
@bp.route("/netzwerke/<int:network_id>/bearbeiten", methods=["GET", "POST"])
def form(network_id: int | None = None):
    network = _managed_network(network_id) if network_id else None
    form = NetworkForm(obj=network, network=network, data=translation_form_data(network, TRANSLATED))
    if form.validate_on_submit():
        network = save_network(network, form.data, current_user)
        db.session.commit()
        flash(_("Das Netzwerk „%(name)s“ wurde gespeichert.", name=network.name), "success")
        return redirect(url_for("networks.detail", network_id=network.id))
    return render_form("networks/form.html", form, network=network)


@bp.route("/netzwerke/<int:network_id>")
def detail(network_id: int):
    network = _managed_network(network_id)
    return render_template("networks/detail.html", network=network, events=network_events(network))


@bp.route("/netzwerke/<int:network_id>/logo")
# An SVG opened on its own must not run scripts or load anything.
@talisman(content_security_policy={"default-src": "'none'", "style-src": "'unsafe-inline'"})
def logo(network_id: int):
    network = _managed_network(network_id)
    if not network.logo_type:
        abort(404)
    return Response(network.logo, content_type=network.logo_type)


@bp.route("/netzwerke/<int:network_id>/unterschrift")
@talisman(content_security_policy={"default-src": "'none'", "style-src": "'unsafe-inline'"})
def signature(network_id: int):
    network = _managed_network(network_id)
    if not network.signature_type:
        abort(404)
    return Response(network.signature, content_type=network.signature_type)


@bp.route("/netzwerke/<int:network_id>/loeschen", methods=["GET", "POST"])
def delete(network_id: int):
    network = _managed_network(network_id)
    return confirm_delete(
        network,
        name=network.name,
        what=_("Das Netzwerk"),
        done_url=url_for("networks.index"),
        cancel_url=url_for("networks.detail", network_id=network.id),
    )


def _managed_network(network_id: int) -> Network:
    return get_managed_network_or_404(network_id, current_user)
