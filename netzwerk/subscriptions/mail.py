"""The confirmation mail in the subscriber's language; its link is sealed in the outbox (netzwerk.mail.links)."""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..common.i18n import text_direction
from ..mail.links import LINK_PLACEHOLDER, seal
from ..mail.render import _tidy, external_url

KIND = "subscription_confirm"


def confirmation_mail(subscription, token: str, locale: str | None = None) -> dict:
    """The outbox row's values for the mail with the confirmation link (which later unsubscribes), in the
    subscription's language or the one the form was filled in."""
    network = subscription.network
    locale = locale or subscription.locale
    with force_locale(locale):
        subject = _("Bitte bestätigen Sie: Informiert bleiben – %(network)s", network=network.name)
        context = dict(subscription=subscription, network=network, subject=subject, link=LINK_PLACEHOLDER,
                       locale=locale, direction=text_direction(locale))
        body_text = _tidy(render_template("mail/subscription_confirm.txt", **context))
        body_html = render_template("mail/subscription_confirm.html", **context)
    # Without the form page's `?lang=`: the mail puts "/abmelden" after the link, and the link's page finds the
    # subscription's language itself.
    return dict(kind=KIND, network_id=network.id, to_address=subscription.email, subject=subject,
                body_text=body_text, body_html=body_html,
                secret_link=seal(external_url("subscriptions.confirm", token=token, lang=None)))
