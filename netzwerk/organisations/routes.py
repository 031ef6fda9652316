from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..common.access import get_managed_or_404, protect_blueprint
from ..common.choices import as_choices
from ..common.incoming import database_id
from ..common.text import search_term
from ..common.views import confirm_delete, paginate, render_form
from ..extensions import db
from ..kommunen.services import kommune_choices
from ..networks.access import managed_networks, offer_managed_networks
from .forms import OrganisationForm
from .models import Organisation, OrganisationType
from .services import organisation_list, save_organisation

bp = Blueprint("organisations", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/organisationen")
def index():
    query = search_term(request.args)
    network_id = request.args.get("network", type=database_id)
    type_ = request.args.get("type") if request.args.get("type") in OrganisationType else None
    stmt = organisation_list(current_user, query=query, network_id=network_id, type_=type_)
    return render_template("organisations/index.html", page=paginate(stmt), query=query, network_id=network_id,
                           type_=type_, networks=managed_networks(current_user), types=OrganisationType)


@bp.route("/organisationen/neu", methods=["GET", "POST"])
@bp.route("/organisationen/<int:organisation_id>/bearbeiten", methods=["GET", "POST"])
def form(organisation_id: int | None = None):
    organisation = get_managed_or_404(Organisation, organisation_id, current_user) if organisation_id else None
    form = OrganisationForm(obj=organisation, organisation=organisation)
    offer_managed_networks(form, current_user)
    form.kommune_id.choices = as_choices([("", _("– keine –"))]) + kommune_choices(
        current_user, keep_id=organisation.kommune_id if organisation else None)
    if form.validate_on_submit():
        organisation = save_organisation(organisation, form.data)
        db.session.commit()
        flash(_("Die Organisation „%(name)s“ wurde gespeichert.", name=organisation.name), "success")
        return redirect(url_for("organisations.index", network=organisation.network_id))
    return render_form("organisations/form.html", form, organisation=organisation)


@bp.route("/organisationen/<int:organisation_id>/loeschen", methods=["GET", "POST"])
def delete(organisation_id: int):
    organisation = get_managed_or_404(Organisation, organisation_id, current_user)
    back = url_for("organisations.index", network=organisation.network_id)
    return confirm_delete(organisation, name=organisation.name, what=_("Die Organisation"), done_url=back, cancel_url=back)
