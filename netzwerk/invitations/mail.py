"""Invitation and reminder mails in each person's language. Each language's mail is rendered once per run with
placeholders; a person's mail only puts in their name, and the outbox keeps their personal link encrypted until
it is sent (netzwerk.mail.links)."""
from types import SimpleNamespace

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape

from ..calendar.data import location_line
from ..common.i18n import text_direction
from ..common.translations import text_in
from ..mail.links import LINK_PLACEHOLDER, seal
from ..mail.render import RenderedMail, _tidy, event_url, token_url_maker

NAME_PLACEHOLDER = "[[netzwerk:name]]"  # survives HTML escaping unchanged, like the link's placeholder
KINDS = ("invitation", "invitation_reminder")


def subject_for(kind: str, title: str) -> str:
    if kind == "invitation_reminder":
        return _("Erinnerung – Einladung: %(title)s", title=title)
    return _("Einladung: %(title)s", title=title)


class MailWriter:
    """Writes one kind of invitation mail for one event, rendering each language once."""

    def __init__(self, event, kind: str):
        if kind not in KINDS:
            raise ValueError(f"unknown invitation mail kind {kind!r}")
        self.event, self.kind = event, kind
        self._rendered: dict[str, RenderedMail] = {}
        self._link, self._opt_out = token_url_maker("invitations.show"), token_url_maker("invitations.opt_out_page")

    def rendered(self, locale: str) -> RenderedMail:
        languages = current_app.config["PUBLIC_LANGUAGES"]
        locale = locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
        if locale not in self._rendered:
            self._rendered[locale] = render_invitation(self.event, self.kind, locale)
        return self._rendered[locale]

    def mail(self, address: str, name: str, locale: str, token: str) -> dict:
        """The outbox row's values (inserted in bulk: one statement for thousands)."""
        rendered = self.rendered(locale)
        return dict(
            kind=self.kind, network_id=self.event.network_id, to_address=address, subject=rendered.subject,
            body_text=rendered.body_text.replace(NAME_PLACEHOLDER, name),
            body_html=rendered.body_html.replace(NAME_PLACEHOLDER, str(escape(name))),
            secret_link=seal(self._link(token), self._opt_out(token)),  # the second: List-Unsubscribe
        )


def render_invitation(event, kind: str, locale: str) -> RenderedMail:
    with force_locale(locale):
        subject = subject_for(kind, text_in(event, "title").plain)
        context = dict(
            registration=SimpleNamespace(full_name=NAME_PLACEHOLDER, decision_message=""), event=event,
            network=event.network, kind=kind, subject=subject, link=LINK_PLACEHOLDER, event_url=event_url(event, locale),
            location=location_line(event), ics_method="", locale=locale, direction=text_direction(locale),
        )
        return RenderedMail(subject, _tidy(render_template("mail/invitation.txt", **context)),
                            render_template("mail/invitation.html", **context))
