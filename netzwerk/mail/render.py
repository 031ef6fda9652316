"""A registrant's mail in their language: subject, plain text and HTML from templates/mail/<kind>.*."""
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..calendar.data import location_line
from ..common.i18n import text_direction
from ..common.translations import text_in
from ..registrations.online import online_rooms
from .links import LINK_PLACEHOLDER

# Kinds that carry the event as a calendar invitation, and with which METHOD.
ICS_METHODS = {
    "confirmed": "REQUEST", "approved": "REQUEST", "moved_up": "REQUEST", "event_changed": "REQUEST",
    "attendance_changed": "REQUEST", "cancelled": "CANCEL", "event_cancelled": "CANCEL",
}
KINDS = ("confirmed", "waitlisted", "pending", "moved_up", "approved", "rejected", "cancelled", "link",
         "event_changed", "event_cancelled", "attendance_changed")


@dataclass
class RenderedMail:
    """The bodies hold LINK_PLACEHOLDER where the personal link goes; `link` is that link (to be sealed)."""
    subject: str
    body_text: str
    body_html: str
    link: str = ""


def subject_for(kind: str, title: str) -> str:
    subjects = {  # only the one asked for is translated
        "confirmed": lambda: _("Anmeldung bestätigt: %(title)s", title=title),
        "waitlisted": lambda: _("Warteliste: %(title)s", title=title),
        "pending": lambda: _("Anmeldung eingegangen: %(title)s", title=title),
        "moved_up": lambda: _("Nachgerückt – Ihr Platz ist bestätigt: %(title)s", title=title),
        "approved": lambda: _("Anmeldung angenommen: %(title)s", title=title),
        "rejected": lambda: _("Anmeldung nicht angenommen: %(title)s", title=title),
        "cancelled": lambda: _("Anmeldung storniert: %(title)s", title=title),
        "link": lambda: _("Ihr persönlicher Link zur Anmeldung: %(title)s", title=title),
        "event_changed": lambda: _("Geändert: %(title)s", title=title),
        "event_cancelled": lambda: _("Abgesagt: %(title)s", title=title),
        "attendance_changed": lambda: _("Teilnahme geändert: %(title)s", title=title),
    }
    return subjects[kind]()


def render_registration_mail(registration, kind: str, token: str | None = None) -> RenderedMail:
    if kind not in KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    event = registration.event
    locale = registration.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        subject = subject_for(kind, text_in(event, "title").plain)
        context = dict(
            registration=registration, event=event, network=event.network, kind=kind, subject=subject,
            link=LINK_PLACEHOLDER if token else "",
            event_url=event_url(event, locale), location=location_line(event), ics_method=ICS_METHODS.get(kind, ""),
            locale=locale, direction=text_direction(locale), online_rooms=online_rooms(registration),
        )
        text = render_template(f"mail/{kind}.txt", **context)
        return RenderedMail(subject, _tidy(text), render_template(f"mail/{kind}.html", **context),
                            link=external_url("registrations.manage", token=token, lang=None) if token else "")


def _tidy(text: str) -> str:
    """Template lines left empty by conditions collapse: at most one blank line between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def event_url(event, locale: str | None = None) -> str | None:
    """The public page of a published (or cancelled) event, in the reader's language; drafts have none."""
    if not event.is_public:
        return None
    language = locale if locale and locale != current_app.config["BABEL_DEFAULT_LOCALE"] else None
    return external_url("public.event", slug=event.network.slug, event_id=event.id, lang=language)


TOKEN_SLOT = "netzwerkTOKENslot"  # letters only: no URL building changes it


def token_url_maker(endpoint: str):
    """external_url(endpoint, token=…) for thousands of tokens: the link built once, each token put in (tokens are
    URL-safe base64, which a URL carries unchanged)."""
    template = external_url(endpoint, token=TOKEN_SLOT)
    return lambda token: template.replace(TOKEN_SLOT, token)


def external_url(endpoint: str, **values) -> str:
    """An absolute link; outside a request (CLI, demo) it is built on PUBLIC_URL."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    public = urlsplit(current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000")
    adapter = current_app.url_map.bind(public.netloc, script_name=public.path or "/", url_scheme=public.scheme)
    return adapter.build(endpoint, values, force_external=True)
