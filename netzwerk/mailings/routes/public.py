"""The unsubscribe link of a mailing: GET asks, the POST (the page's button with its CSRF token, or a mail client's
one-click POST from the List-Unsubscribe header, RFC 8058) records that the person wants no more invitations or
mailings from the network. In the mail's language; a bad link is a 404."""
import flask_babel
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ...common.i18n import offer_public_languages
from ...common.one_click import one_click_request
from ...extensions import csrf, db, limiter
from ...invitations.forms import OptOutForm
from ...invitations.services import is_opted_out
from ..services import find_by_unsubscribe_token
from ..services import unsubscribe as record_unsubscribe

bp = Blueprint("mailings", __name__)
offer_public_languages(bp)


@bp.after_request
def _secret_pages_are_not_stored(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/abbestellen/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
@csrf.exempt  # for the one-click POST; a browser's POST is checked in one_click_request
def unsubscribe(token: str):
    record = find_by_unsubscribe_token(token)
    if record is None:
        abort(404)
    if one_click_request():
        record_unsubscribe(record)
        db.session.commit()
        return _page(record, None)
    if "lang" not in request.args and "lang" not in session and record.locale:
        session["lang"] = record.locale
        flask_babel.refresh()
    form = OptOutForm()
    if form.validate_on_submit():
        record_unsubscribe(record)
        db.session.commit()
        flash(_("Sie erhalten von uns keine Rundmails und Einladungen mehr."), "success")
        return redirect(url_for("mailings.unsubscribe", token=token))
    return _page(record, form)


def _page(record, form):
    from ...networks.models import Network
    from ..models import Mailing
    network = db.session.get(Network, db.session.get(Mailing, record.mailing_id).network_id)
    return render_template("mailings/unsubscribe.html", form=form, network=network,
                           opted_out=is_opted_out(record.person_id))
