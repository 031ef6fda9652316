from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..common.access import get_managed_or_404, protect_blueprint
from ..common.choices import as_choices
from ..common.incoming import database_id
from ..common.text import search_term
from ..common.views import confirm_delete, paginate, render_form
from ..extensions import db
from ..networks.access import managed_networks, offer_managed_networks
from ..organisations.services import organisation_choices
from .forms import FUNCTION_SUGGESTIONS, PersonForm
from .models import Person
from .services import list_position, person_list, save_person

bp = Blueprint("people", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/personen")
def index():
    query = search_term(request.args)
    network_id = request.args.get("network", type=database_id)
    stmt = person_list(current_user, query=query, network_id=network_id,
                       organisation_id=request.args.get("organisation", type=database_id))
    networks = managed_networks(current_user)
    return render_template("people/index.html", page=paginate(stmt), query=query, network_id=network_id, networks=networks,
                           saved_id=request.args.get("gespeichert", type=database_id))


@bp.route("/personen/neu", methods=["GET", "POST"])
@bp.route("/personen/<int:person_id>/bearbeiten", methods=["GET", "POST"])
def form(person_id: int | None = None):
    person = get_managed_or_404(Person, person_id, current_user) if person_id else None
    form = PersonForm(obj=person, person=person)
    offer_managed_networks(form, current_user)
    form.organisation_id.choices = as_choices([("", _("– keine –"))]) + organisation_choices(current_user)
    if form.validate_on_submit():
        person = save_person(person, form.data)
        db.session.commit()
        flash(_("%(name)s wurde gespeichert.", name=person.full_name), "success")
        return redirect(_where_shown(person))
    return render_form("people/form.html", form, person=person, functions=FUNCTION_SUGGESTIONS)


def _where_shown(person: Person) -> str:
    """The network's list at the page that shows the person, their row marked: page 1 rarely holds a new name."""
    page = list_position(current_user, person, person.network_id) // current_app.config["PAGE_SIZE"] + 1
    return url_for("people.index", network=person.network_id, page=page if page > 1 else None,
                   gespeichert=person.id, _anchor=f"person-{person.id}")


@bp.route("/personen/<int:person_id>/loeschen", methods=["GET", "POST"])
def delete(person_id: int):
    person = get_managed_or_404(Person, person_id, current_user)
    back = url_for("people.index", network=person.network_id)
    return confirm_delete(person, name=person.full_name, what=_("Die Person"), done_url=back, cancel_url=back)
