"""Subscribed feeds (network, personal) answered conditionally, and the coordinator's feed-link reissue."""
from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..common.access import ensure_manages, protect_blueprint
from ..common.choices import EVENT_KINDS
from ..extensions import db, limiter
from ..people.models import Person
from .services import (Validator, cached_feed, issue_feed_token, network_feed, network_feed_for,
                       network_feed_validator, person_for_feed_token, personal_feed, personal_feed_validator)

bp = Blueprint("calendar", __name__)
admin_bp = Blueprint("calendar_admin", __name__, url_prefix="/manage")
protect_blueprint(admin_bp)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
FEED_LIMIT = "120 per minute"


@bp.route("/n/<slug>/kalender.ics", endpoint="network_feed")
@limiter.limit(FEED_LIMIT)
def network_feed_view(slug: str):
    kind = request.args.get("kind") or None
    if kind is not None and kind not in EVENT_KINDS:
        message = _("Unbekannte Veranstaltungsart: %(kind)s. Möglich sind: %(kinds)s.",
                    kind=kind, kinds=", ".join(EVENT_KINDS))
        return Response(message, 400, content_type="text/plain; charset=utf-8")
    feed = network_feed_for(slug, kind)
    if feed is None:
        abort(404)
    validator = network_feed_validator(feed)
    return feed_response(validator, lambda: cached_feed(feed.key, validator, lambda: network_feed(feed)),
                         filename=f"{slug}.ics", private=False)


@bp.route("/kalender/<token>.ics", endpoint="personal_feed")
@limiter.limit(FEED_LIMIT)
def personal_feed_view(token: str):
    person = person_for_feed_token(token)
    if person is None:
        abort(404)
    validator = personal_feed_validator(person)
    return feed_response(validator, lambda: cached_feed(f"person:{person.id}", validator,
                                                         lambda: personal_feed(person)),
                         filename="meine-veranstaltungen.ics", private=True)


def feed_response(validator: Validator, body, filename: str, private: bool) -> Response:
    """304 when the client has this version (nothing is built), else the (cached) feed, inline, gzipped if asked."""
    response = Response(status=200, content_type=CALENDAR_TYPE)
    response.set_etag(validator.etag)
    if validator.last_modified is not None:
        response.last_modified = validator.last_modified
    response.headers["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
    response.vary.update(("Accept-Language", "Accept-Encoding"))
    if _client_is_current(validator):
        response.status_code = 304
        return response
    built = body()
    if request.accept_encodings["gzip"]:
        response.set_data(built.gzipped)
        response.content_encoding = "gzip"
    else:
        response.set_data(built.plain)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _client_is_current(validator: Validator) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(validator.etag)
    since = request.if_modified_since
    return since is not None and validator.last_modified is not None and validator.last_modified <= since


@admin_bp.route("/personen/<int:person_id>/kalender-link", methods=["POST"])
def reissue_person_feed(person_id: int):
    person = db.get_or_404(Person, person_id)
    ensure_manages(current_user, person.network_id)
    token = issue_feed_token(person)
    db.session.commit()
    return render_template("calendar/feed_link.html", person=person, network=person.network,
                           feed_url=url_for("calendar.personal_feed", token=token, _external=True))
