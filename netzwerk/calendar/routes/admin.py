"""The coordinator reissues a person's feed link (the old one stops working)."""
from flask import Blueprint, render_template, url_for
from flask_login import current_user

from ...common.access import ensure_manages, protect_blueprint
from ...extensions import db
from ...people.models import Person
from ...people.services import issue_feed_token

bp = Blueprint("calendar_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/personen/<int:person_id>/kalender-link", methods=["POST"])
def reissue_person_feed(person_id: int):
    person = db.get_or_404(Person, person_id)
    ensure_manages(current_user, person.network_id)
    token = issue_feed_token(person)
    db.session.commit()
    return render_template("calendar/admin/feed_link.html", person=person, network=person.network,
                           feed_url=url_for("calendar.personal_feed", token=token, _external=True))
