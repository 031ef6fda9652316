"""The public page of a series: its next dates (each registered for on its own) and the form to subscribe to all;
the private link that ends a subscription."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ...common.i18n import offer_public_languages
from ...common.views import render_form
from ...extensions import db, limiter
from ...networks.models import Network
from ..forms import SubscribeForm
from ..mail import queue_subscription_mail
from ..models import EventSeries
from ..services import find_subscription, subscribe, unsubscribe, upcoming_dates

bp = Blueprint("series_public", __name__)
offer_public_languages(bp)

FORM_POST_LIMIT = "20 per minute"


@bp.after_request
def _token_pages_are_not_stored(response):
    if request.endpoint == "series_public.unsubscribe_page":
        response.headers["Cache-Control"] = "no-store"
    return response


def _series_or_404(slug: str, series_id: int) -> EventSeries:
    series = db.session.scalar(
        select(EventSeries).join(EventSeries.network).where(Network.slug == slug, EventSeries.id == series_id)
        .options(contains_eager(EventSeries.network)))
    if series is None or not upcoming_dates([series.id], limit=1)[series.id]:
        abort(404)  # a series with no public date is not public
    return series


@bp.route("/n/<slug>/reihe/<int:series_id>", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def show(slug: str, series_id: int):
    series = _series_or_404(slug, series_id)
    form = SubscribeForm()
    if form.validate_on_submit():
        if not form.website.data:  # the honeypot: robots fill it and are told all is well
            subscription, token = subscribe(series, form.data, locale=str(get_locale() or "de"))
            queue_subscription_mail(series, subscription, token)
            db.session.commit()
        flash(_("Sie haben die Reihe abonniert: Sie sind für alle kommenden Termine angemeldet. Wir haben Ihnen eine "
                "E-Mail mit einem Link zum Abbestellen geschickt."), "success")
        return redirect(url_for("series_public.show", slug=slug, series_id=series_id))
    dates = upcoming_dates([series.id], limit=12)[series.id]
    return render_form("series/public.html", form, network=series.network, series=series, dates=dates)


@bp.route("/reihe/abbestellen/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def unsubscribe_page(token: str):
    subscription = find_subscription(token)
    if subscription is None:
        abort(404)
    series = subscription.series
    if request.method == "POST":
        cancelled = unsubscribe(subscription)
        db.session.commit()
        return render_template("series/unsubscribed.html", series=series, network=series.network, cancelled=cancelled)
    return render_template("series/unsubscribe.html", series=series, network=series.network, token=token)
