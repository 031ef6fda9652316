"""DSGVO views: a person's data as a JSON download, and erasure after a confirmation page."""
import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..common.access import get_managed_or_404, protect_blueprint
from ..common.personal_records import personal_records
from ..common.references import refusal_message
from ..extensions import db
from ..people.models import Person
from . import services

bp = Blueprint("privacy", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/personen/<int:person_id>/daten.json")
def export_person(person_id: int):
    person = get_managed_or_404(Person, person_id, current_user)
    body = json.dumps(services.export_person(person), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="person-{person.id}-daten.json"',
        "Cache-Control": "no-store",
    })


@bp.route("/personen/<int:person_id>/loeschen-dsgvo", methods=["GET", "POST"])
def erase_person(person_id: int):
    person = get_managed_or_404(Person, person_id, current_user)
    name, network_id = person.full_name, person.network_id
    if request.method == "POST":
        try:
            anonymised = services.erase_person(person)
        except services.ErasureBlocked as blocked:
            db.session.rollback()
            flash(refusal_message(_("Die Person"), blocked.args[0]), "error")
            return redirect(url_for("privacy.erase_person", person_id=person_id))
        db.session.commit()
        current_app.logger.info("DSGVO erasure: person %s by user %s, %s registrations anonymised",
                                person_id, current_user.id, anonymised)
        flash(_("„%(name)s“ wurde nach DSGVO gelöscht; %(count)d Anmeldungen wurden anonymisiert.",
                name=name, count=anonymised), "success")
        return redirect(url_for("people.index", network=network_id))
    registrations = services.person_registrations(person)
    kept_elsewhere = [(records.label, count) for records in personal_records() if (count := len(records.export(person)))]
    return render_template("privacy/erase_person.html", person=person, registrations=registrations,
                           mails=services.mails_of(person, registrations), speaker_items=services.speaker_items(person),
                           kept_elsewhere=kept_elsewhere)
