"""The mail that confirms a series subscription and carries the private link to end it."""
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db
from ..mail.links import LINK_PLACEHOLDER, seal
from ..mail.models import OutboxMail
from ..mail.render import _tidy, external_url
from .models import EventSeries, SeriesSubscription


def queue_subscription_mail(series: EventSeries, subscription: SeriesSubscription, token: str) -> OutboxMail:
    with force_locale(subscription.locale):
        subject = _("Reihe abonniert: %(title)s", title=series.title)
        body = render_template("series/subscribed_mail.txt", series=series, subscription=subscription,
                               link=LINK_PLACEHOLDER)
    mail = OutboxMail(kind="series_subscription", network_id=series.network_id, to_address=subscription.email,
                      subject=subject, body_text=_tidy(body),
                      secret_link=seal(external_url("series_public.unsubscribe_page", token=token)))
    db.session.add(mail)
    db.session.flush()
    return mail
