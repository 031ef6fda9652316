"""Walk-in registration at the fair's entrance (check-in helpers too): a visitor's link as a QR code."""
import segno
from flask import Blueprint, make_response, redirect, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from ...common.access import protect_blueprint
from ...common.views import render_form
from ...extensions import db
from ..forms import WalkInForm
from ..visitors import register_visitor
from .admin import _fair

bp = Blueprint("fair_desk", __name__, url_prefix="/manage")
protect_blueprint(bp, roles={"admin", "coordinator", "checkin"})

WALK_IN_KEY = "fair_walk_in"


@bp.route("/checkin/<int:event_id>/messe-einlass", methods=["GET", "POST"])
def walk_in(event_id: int):
    event, _fair_settings = _fair(event_id)
    desk_language = str(get_locale() or "de")
    form = WalkInForm(data={"locale": desk_language})
    if form.validate_on_submit():
        outcome = register_visitor(event, form.visitor_data(), locale=form.locale.data or desk_language,
                                   walk_in_by=current_user)
        db.session.commit()
        session[WALK_IN_KEY] = {"event_id": event.id, "token": outcome.token, "name": outcome.registration.full_name,
                                "code": outcome.registration.checkin_code}
        return redirect(url_for(".walk_in", event_id=event.id))
    last = session.pop(WALK_IN_KEY, None) if request.method == "GET" else None
    if last and last.get("event_id") != event.id:
        last = None
    qr = None
    if last:
        link = url_for("fair.visitor_page", token=last["token"], _external=True)
        qr = segno.make(link, error="m", micro=False).svg_data_uri(scale=4, border=4)
        last["link"] = link
    body, status = render_form("fair/desk/walk_in.html", form, event=event, last=last, qr=qr)
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"  # the page may show a visitor's private link
    return response
