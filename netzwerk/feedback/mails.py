"""The survey's invitation and reminder, in the attendee's language, into the outbox with the link sealed."""
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..calendar.data import location_line
from ..common.i18n import text_direction
from ..common.translations import text_in
from ..extensions import db
from ..mail.links import LINK_PLACEHOLDER, seal
from ..mail.models import OutboxMail
from ..mail.render import _tidy, event_url, external_url

KINDS = ("feedback", "feedback_reminder")


def queue_feedback_mail(registration, kind: str, token: str) -> OutboxMail | None:
    if kind not in KINDS or not registration.email:
        return None
    event = registration.event
    locale = registration.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        title = text_in(event, "title").plain
        subject = (_("Ihre Rückmeldung: %(title)s", title=title) if kind == "feedback"
                   else _("Erinnerung – Ihre Rückmeldung: %(title)s", title=title))
        context = dict(registration=registration, event=event, network=event.network, kind=kind, subject=subject,
                       link=LINK_PLACEHOLDER, event_url=event_url(event, locale), location=location_line(event),
                       ics_method="", locale=locale, direction=text_direction(locale))
        text = _tidy(render_template("mail/feedback.txt", **context))
        html = render_template("mail/feedback.html", **context)
    link = external_url("feedback_public.answer", token=token)
    mail = OutboxMail(kind=kind, to_address=registration.email, subject=subject, body_text=text, body_html=html,
                      secret_link=seal(link), registration_id=registration.id)
    db.session.add(mail)
    return mail
