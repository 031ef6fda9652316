"""The coordinator's documentation page: materials, table-group notes (own edits or a link for the host), PDF."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...common.access import get_child_or_404, get_managed_or_404, protect_blueprint
from ...common.views import pdf_response, render_form
from ...events.models import Event
from ...extensions import db, talisman
from ...mail.render import external_url
from ...tables.models import GroupTable
from .. import services
from ..files_response import SANDBOX, material_response
from ..forms import MaterialForm, NoteForm
from ..models import Material, MaterialKind
from ..pdf import documentation_pdf

bp = Blueprint("documentation", __name__, url_prefix="/manage")
protect_blueprint(bp)


def _page(event, form, status=200, note_link=None):
    return render_template("documentation/admin/index.html", event=event, form=form,
                           materials=services.materials(event.id), tables=services.tables_with_notes(event.id),
                           note_link=note_link), status


@bp.route("/veranstaltungen/<int:event_id>/dokumentation", methods=["GET", "POST"])
def index(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = MaterialForm()
    if form.validate_on_submit():
        back = redirect(url_for("documentation.index", event_id=event.id))
        if services.just_added(event, form.title.data, form.file.data or None, form.url.data or ""):
            flash(_("„%(title)s“ wurde gerade schon hinzugefügt.", title=form.title.data), "info")
            return back
        if form.file.data:
            services.add_file(event, form.title.data, form.file.data, form.visibility.data)
        else:
            services.add_link(event, form.title.data, form.url.data, form.visibility.data)
        db.session.commit()
        flash(_("„%(title)s“ wurde hinzugefügt.", title=form.title.data), "success")
        return back
    return _page(event, form, 422 if form.errors else 200)


@bp.route("/veranstaltungen/<int:event_id>/dokumentation/<int:material_id>")
@talisman(**SANDBOX)
def material(event_id: int, material_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    material = get_child_or_404(Material, material_id, event_id=event.id)
    if material.kind != MaterialKind.FILE:
        return redirect(material.url)
    return material_response(material, public=False)


@bp.route("/veranstaltungen/<int:event_id>/dokumentation/<int:material_id>/loeschen", methods=["POST"])
def delete_material(event_id: int, material_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    material = get_child_or_404(Material, material_id, event_id=event.id)
    db.session.delete(material)
    db.session.commit()
    flash(_("„%(name)s“ wurde gelöscht.", name=material.title), "success")
    return redirect(url_for("documentation.index", event_id=event.id))


@bp.route("/veranstaltungen/<int:event_id>/tischnotizen/<int:table_id>", methods=["GET", "POST"])
def note(event_id: int, table_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    table = get_child_or_404(GroupTable, table_id, event_id=event.id)
    note = services.note_of(table)
    form = NoteForm(data={"text": note.text})
    if form.validate_on_submit():
        services.save_note(note, form.text.data or "")
        db.session.commit()
        flash(_("Die Notizen wurden gespeichert."), "success")
        return redirect(url_for("documentation.index", event_id=event.id))
    db.session.commit()
    return render_form("documentation/note.html", form, event=event, table=table, cancel_url=url_for(
        "documentation.index", event_id=event.id))


@bp.route("/veranstaltungen/<int:event_id>/tischnotizen/<int:table_id>/link", methods=["POST"])
def note_link(event_id: int, table_id: int):
    """A new link for the table's host, shown once here (pass it on); the previous one stops working."""
    event = get_managed_or_404(Event, event_id, current_user)
    table = get_child_or_404(GroupTable, table_id, event_id=event.id)
    token = services.issue_note_link(table)
    db.session.commit()
    link = external_url("documentation_public.host_note", token=token)
    return _page(event, MaterialForm(formdata=None), note_link=(table, link))


@bp.route("/veranstaltungen/<int:event_id>/dokumentation.pdf")
def pdf(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    return pdf_response(documentation_pdf(event), f"dokumentation-{event.id}.pdf")


