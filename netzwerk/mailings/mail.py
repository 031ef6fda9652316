"""Writing scheduled mails and mailings into the outbox, each in the recipient's language.

A mailing's frame (greeting line, the network's signature, the unsubscribe line) is rendered once per language; a
recipient's mail only fills in the coordinator's text, so thousands are written in well under a second. Personal
links are sealed in the outbox row (netzwerk.mail.links) and put in at send time."""
from types import SimpleNamespace

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..calendar.data import location_line
from ..calendar.services import own_detail_lines
from ..common.i18n import text_direction
from ..common.templating import event_period
from ..common.translations import text_in
from ..mail.links import LINK_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER
from ..mail.render import _tidy, event_url
from ..registrations.online import online_rooms
from .models import ReminderKind
from .placeholders import fill, fill_given

BODY_PLACEHOLDER = "[[netzwerk:mailing-body]]"  # survives HTML escaping unchanged, like the link's placeholder


def language(locale: str | None) -> str:
    languages = current_app.config["PUBLIC_LANGUAGES"]
    return locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def map_link(event) -> str:
    if event.latitude is None or event.longitude is None:
        return ""
    return (f"https://www.openstreetmap.org/?mlat={event.latitude:.5f}&mlon={event.longitude:.5f}"
            f"#map=17/{event.latitude:.5f}/{event.longitude:.5f}")


# --- scheduled mails --------------------------------------------------------------------------------------------

def reminder_subject(template: str, title: str) -> str:
    if template == ReminderKind.THANKS:
        return _("Danke für Ihre Teilnahme: %(title)s", title=title)
    return _("Erinnerung: %(title)s", title=title)


def reminder_rows(rule, event, registrations: list) -> list[dict]:
    """Outbox rows for the rule's mail to each registration, in each one's language; their own tables and
    interviews come in a query per provider and language."""
    by_language: dict[str, list] = {}
    for registration in registrations:
        by_language.setdefault(language(registration.locale), []).append(registration)
    rows = []
    for locale, group in by_language.items():
        with force_locale(locale):
            details = own_detail_lines([registration.id for registration in group]) if rule.template == ReminderKind.REMINDER \
                else {}
            subject = reminder_subject(rule.template, text_in(event, "title").plain)
            for registration in group:
                context = dict(
                    registration=registration, event=event, network=event.network, kind=rule.template, rule=rule,
                    subject=subject, link="", event_url=event_url(event, locale), location=location_line(event),
                    map_link=map_link(event), details=details.get(registration.id, []),
                    ics_method="REQUEST" if rule.template == ReminderKind.REMINDER else "", locale=locale,
                    direction=text_direction(locale),
                    online_rooms=online_rooms(registration) if rule.template == ReminderKind.REMINDER else [])
                rows.append(dict(
                    kind=f"scheduled_{rule.template}", registration_id=registration.id, network_id=event.network_id,
                    to_address=registration.email, subject=subject,
                    body_text=_tidy(render_template(f"mail/scheduled_{rule.template}.txt", **context)),
                    body_html=render_template(f"mail/scheduled_{rule.template}.html", **context),
                    ics_method=context["ics_method"]))
    return rows


# --- mailings -----------------------------------------------------------------------------------------------------

def paragraphs_html(text: str) -> Markup:
    """The coordinator's plain text as HTML paragraphs; the personal link becomes a link."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    html = "".join(f'<p style="white-space:pre-line">{escape(block)}</p>' for block in blocks)
    return Markup(html.replace(LINK_PLACEHOLDER, f'<a href="{LINK_PLACEHOLDER}">{LINK_PLACEHOLDER}</a>'))


def event_values(event) -> dict[str, str]:
    """What {veranstaltung}, {datum} and {ort} become, in the current language."""
    return dict(veranstaltung=event.title, datum=event_period(event.starts_at, event.ends_at, event.all_day),
                ort=location_line(event))


def listed_subject(mailing) -> str:
    """The subject as the coordinator's pages show it: the event's placeholders filled in as every recipient got
    them, the personal ones ({vorname} …) left as written, since each recipient read their own."""
    return fill_given(mailing.subject, event_values(mailing.event) if mailing.event is not None else {})


class MailingWriter:
    """Writes one mailing: each language's frame rendered once, each recipient's text filled in."""

    def __init__(self, network, event, subject: str, body: str):
        self.network, self.event, self.subject, self.body = network, event, subject, body
        self._frames: dict[str, tuple[str, str, dict]] = {}

    def frame(self, locale: str) -> tuple[str, str, dict]:
        """(text frame, HTML frame, event values in that language) with BODY_PLACEHOLDER for the text."""
        locale = language(locale)
        if locale not in self._frames:
            with force_locale(locale):
                context = dict(network=self.network, subject=self.subject, body=BODY_PLACEHOLDER,
                               unsubscribe=UNSUBSCRIBE_PLACEHOLDER, locale=locale, direction=text_direction(locale))
                values = {} if self.event is None else event_values(self.event)
                self._frames[locale] = (_tidy(render_template("mail/mailing.txt", **context)),
                                        render_template("mail/mailing.html", **context), values)
        return self._frames[locale]

    def write(self, recipient, locale: str, link: str | None, unsubscribe: bool = True) -> dict:
        """Subject and bodies for one recipient (given_name, family_name); `link` is what {link} becomes (the
        placeholder of the sealed personal link, or a stand-in for a test mail)."""
        text_frame, html_frame, event_values = self.frame(locale)
        values = dict(vorname=recipient.given_name or "", nachname=recipient.family_name or "",
                      name=f"{recipient.given_name or ''} {recipient.family_name or ''}".strip(), **event_values,
                      link=link if link is not None else "",
                      online_link=self.event.online_url if self.event is not None and getattr(recipient, "online", False)
                      else "")
        text = fill(self.body, values).strip()
        body_text, body_html = text_frame.replace(BODY_PLACEHOLDER, text), html_frame.replace(
            BODY_PLACEHOLDER, paragraphs_html(text))
        if not unsubscribe:
            body_text = body_text.replace(UNSUBSCRIBE_PLACEHOLDER, _("[Link zum Abbestellen]"))
            body_html = body_html.replace(UNSUBSCRIBE_PLACEHOLDER, "#")
        return dict(subject=fill(self.subject, values).strip()[:300], body_text=body_text, body_html=body_html)


def sample_recipient(user) -> SimpleNamespace:
    """The coordinator as a recipient of their own test mail."""
    name = (getattr(user, "name", "") or user.email.split("@")[0]).split(" ", 1)
    return SimpleNamespace(given_name=name[0], family_name=name[1] if len(name) > 1 else "")
