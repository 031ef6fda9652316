"""Calendar files: a public event's file, a registrant's file behind their private link, and the subscribed
feeds (network, personal), answered conditionally. The URLs are those that sent mails and pages link to."""
from flask import Blueprint, Response, abort, make_response, request, url_for
from flask_babel import gettext as _
from slugify import slugify

from ...common.i18n import offer_public_languages, use_owner_locale
from ...events.models import EventKind
from ...extensions import limiter
from ...public.services import public_event_by_slug
from ...registrations.online import online_rooms
from ...registrations.tokens import find_by_token
from ..data import event_calendar, event_file
from ..services import (
    Validator,
    cached_feed,
    network_feed,
    network_feed_for,
    network_feed_validator,
    person_for_feed_token,
    person_locale,
    personal_feed,
    personal_feed_validator,
)

bp = Blueprint("calendar", __name__)
offer_public_languages(bp)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
FEED_LIMIT = "120 per minute"
TOKEN_PAGE_LIMIT = "30 per minute"


@bp.route("/n/<slug>/<int:event_id>.ics")
def event_download(slug: str, event_id: int):
    """A public event as a file to download; ?agenda=1 adds each Programmpunkt as its own entry."""
    event = public_event_by_slug(slug, event_id, with_agenda=True) or abort(404)
    url = url_for("public.event", slug=event.network.slug, event_id=event.id, _external=True)
    response = make_response(event_file(event, url, with_agenda=request.args.get("agenda") == "1"))
    response.headers["Content-Type"] = CALENDAR_TYPE
    filename = slugify(event.title) or "veranstaltung"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


@bp.route("/anmeldung/<token>/veranstaltung.ics")
@limiter.limit(TOKEN_PAGE_LIMIT)
def registration_download(token: str):
    """The registered event as a file, behind the registrant's private link (so drafts too)."""
    registration = find_by_token(token)
    if registration is None:
        abort(404)
    use_owner_locale(registration.locale)
    event = registration.event
    public_url = url_for("public.event", slug=event.network.slug, event_id=event.id, _external=True) \
        if event.is_public else ""
    response = make_response(event_calendar(event, url=public_url or None, online_rooms=online_rooms(registration)))
    response.headers["Content-Type"] = CALENDAR_TYPE
    response.headers["Content-Disposition"] = 'attachment; filename="veranstaltung.ics"'
    response.headers["Cache-Control"] = "no-store"  # a secret link: no browser or proxy keeps it
    return response


@bp.route("/n/<slug>/kalender.ics", endpoint="network_feed")
@limiter.limit(FEED_LIMIT)
def network_feed_view(slug: str):
    kind = request.args.get("kind") or None
    if kind is not None and kind not in EventKind:
        message = _("Unbekannte Veranstaltungsart: %(kind)s. Möglich sind: %(kinds)s.",
                    kind=kind, kinds=", ".join(EventKind))
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
    use_owner_locale(person_locale(person))
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
