from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..common.access import protect_blueprint
from ..common.choices import as_choices
from ..common.incoming import database_id
from ..common.text import search_term
from ..common.views import confirm_delete, paginate, render_form
from ..extensions import db
from ..networks.access import get_managed_network_or_404, managed_networks
from .forms import KommuneForm, MembershipForm, NewKommuneForm
from .models import Bundesland, KommuneKind
from .services import (
    get_editable_kommune_or_404,
    get_membership_or_404,
    kommune_choices,
    kommune_list,
    memberships_by_phase,
    phase_suggestions,
    save_kommune,
    save_membership,
)

bp = Blueprint("kommunen", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/kommunen")
def index():
    query = search_term(request.args)
    kind = request.args.get("kind") if request.args.get("kind") in KommuneKind else None
    bundesland = request.args.get("bundesland") if request.args.get("bundesland") in Bundesland else None
    stmt = kommune_list(current_user, query=query, kind=kind, bundesland=bundesland)
    return render_template("kommunen/index.html", page=paginate(stmt), query=query, kind=kind, bundesland=bundesland,
                           kinds=KommuneKind, bundeslaender=Bundesland)


@bp.route("/kommunen/neu", methods=["GET", "POST"])
@bp.route("/kommunen/<int:kommune_id>/bearbeiten", methods=["GET", "POST"])
def form(kommune_id: int | None = None):
    kommune = get_editable_kommune_or_404(kommune_id, current_user) if kommune_id else None
    form = KommuneForm(obj=kommune, kommune=kommune) if kommune else NewKommuneForm()
    if kommune is None:
        form.network_id.choices = as_choices([("", _("– keinem –"))] + [(n.id, n.name) for n in managed_networks(current_user)])
        if request.method == "GET":
            form.network_id.data = request.args.get("network", type=database_id)
    if form.validate_on_submit():
        kommune = save_kommune(kommune, form.data)
        db.session.commit()
        flash(_("Die Kommune „%(name)s“ wurde gespeichert.", name=kommune.name), "success")
        if form.data.get("network_id"):
            return redirect(url_for("kommunen.memberships", network_id=form.data["network_id"]))
        return redirect(url_for("kommunen.index", q=kommune.name))
    return render_form("kommunen/form.html", form, kommune=kommune, phases=phase_suggestions(current_user))


@bp.route("/kommunen/<int:kommune_id>/loeschen", methods=["GET", "POST"])
def delete(kommune_id: int):
    kommune = get_editable_kommune_or_404(kommune_id, current_user)
    return confirm_delete(
        kommune, name=kommune.name, what=_("Die Kommune"),
        done_url=url_for("kommunen.index"), cancel_url=url_for("kommunen.index", q=kommune.name),
    )


@bp.route("/netzwerke/<int:network_id>/kommunen")
def memberships(network_id: int):
    network = get_managed_network_or_404(network_id, current_user)
    return render_template("kommunen/memberships.html", network=network, groups=memberships_by_phase(network))


@bp.route("/netzwerke/<int:network_id>/kommunen/neu", methods=["GET", "POST"])
@bp.route("/netzwerke/<int:network_id>/kommunen/<int:membership_id>", methods=["GET", "POST"])
def membership_form(network_id: int, membership_id: int | None = None):
    network = get_managed_network_or_404(network_id, current_user)
    membership = get_membership_or_404(network, membership_id) if membership_id else None
    form = MembershipForm(obj=membership, network_id=network.id, membership=membership)
    form.kommune_id.choices = as_choices([("", _("– bitte wählen –"))]) + kommune_choices()
    if form.validate_on_submit():
        membership = save_membership(network, membership, form.data)
        db.session.commit()
        flash(_("Die Mitgliedschaft von „%(name)s“ wurde gespeichert.", name=membership.kommune.name), "success")
        return redirect(url_for("kommunen.memberships", network_id=network.id))
    return render_form("kommunen/membership_form.html", form, network=network, membership=membership,
                       phases=phase_suggestions(current_user))


@bp.route("/netzwerke/<int:network_id>/kommunen/<int:membership_id>/entfernen", methods=["GET", "POST"])
def membership_delete(network_id: int, membership_id: int):
    network = get_managed_network_or_404(network_id, current_user)
    membership = get_membership_or_404(network, membership_id)
    back = url_for("kommunen.memberships", network_id=network.id)
    name = _("%(kommune)s im Netzwerk %(network)s", kommune=membership.kommune.name, network=network.name)
    return confirm_delete(membership, name=name, what=_("Die Mitgliedschaft"), done_url=back, cancel_url=back)
