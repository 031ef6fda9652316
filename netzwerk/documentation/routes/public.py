"""Materials on the archive page and behind a participant's private link; a table host's notes by their link."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from ...common.i18n import offer_public_languages, use_owner_locale
from ...common.views import render_form
from ...extensions import db, limiter, talisman
from ...public.services import public_event_by_slug
from ...registrations.tokens import find_by_token
from .. import services
from ..files_response import SANDBOX, material_response
from ..forms import NoteForm
from ..models import Material, MaterialKind, Visibility

bp = Blueprint("documentation_public", __name__)
offer_public_languages(bp)

TOKEN_PAGE_LIMIT = "30 per minute"


def _material_of(event_id: int, material_id: int) -> Material:
    material = db.session.get(Material, material_id)
    if material is None or material.event_id != event_id:
        abort(404)
    return material


def _serve(material: Material, public: bool):
    if material.kind != MaterialKind.FILE:
        return redirect(material.url)
    return material_response(material, public=public)


@bp.route("/n/<slug>/<int:event_id>/material/<int:material_id>")
@talisman(**SANDBOX)
def public_material(slug: str, event_id: int, material_id: int):
    event = public_event_by_slug(slug, event_id) or abort(404)
    material = _material_of(event.id, material_id)
    if material.visibility != Visibility.PUBLIC:
        abort(404)
    return _serve(material, public=True)


@bp.route("/anmeldung/<token>/material/<int:material_id>")
@talisman(**SANDBOX)
@limiter.limit(TOKEN_PAGE_LIMIT)
def participant_material(token: str, material_id: int):
    registration = find_by_token(token) or abort(404)
    material = _material_of(registration.event_id, material_id)
    if not services.may_open(material, registration):
        abort(404)
    return _serve(material, public=False)


@bp.route("/tischnotiz/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def host_note(token: str):
    note = services.note_by_token(token) or abort(404)
    table = note.table
    if table.host is not None:
        use_owner_locale(table.host.locale)
    form = NoteForm(data={"text": note.text})
    if form.validate_on_submit():
        services.save_note(note, form.text.data or "")
        db.session.commit()
        flash(_("Die Notizen wurden gespeichert. Danke!"), "success")
        return redirect(url_for("documentation_public.host_note", token=token))
    return render_form("documentation/note.html", form, event=note.event, table=table, cancel_url=None)


@bp.after_request
def _secret_pages_not_stored(response):
    if request.endpoint in ("documentation_public.host_note", "documentation_public.participant_material"):
        response.headers["Cache-Control"] = "no-store"
    return response

