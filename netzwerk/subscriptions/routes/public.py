"""The "Informiert bleiben" form of a network and the personal link of each subscription: GET only shows a page
with a button (mail scanners open links), POST confirms or unsubscribes. A bad link is a 404, an expired one a 410."""
import flask_babel
from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...common.i18n import offer_public_languages
from ...common.views import render_form
from ...extensions import db, limiter
from ...networks.models import Network
from ...registrations.selfservice import network_choices
from ..forms import ConfirmForm, SubscribeForm
from ..models import SubscriptionState
from ..services import confirm as confirm_subscription
from ..services import consent_text, find_by_token, is_expired, may_confirm, subscribe, unsubscribe

bp = Blueprint("subscriptions", __name__)
offer_public_languages(bp)

FORM_POST_LIMIT = "10 per minute"
TOKEN_PAGE_LIMIT = "30 per minute"
TOKEN_ENDPOINTS = {"subscriptions.confirm", "subscriptions.unsubscribe_page"}
SENT_KEY = "subscription_sent"


@bp.after_request
def _secret_pages_are_not_stored(response):
    if request.endpoint in TOKEN_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _network_or_404(slug: str) -> Network:
    return db.first_or_404(select(Network).where(Network.slug == slug))


@bp.route("/n/<slug>/informiert-bleiben", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def form(slug: str):
    network = _network_or_404(slug)
    locale = str(get_locale() or "de")
    form = SubscribeForm(data={"locale": locale} if request.method == "GET" else None)
    form.fill_choices(network_choices(network.id)[1], consent_text())
    if form.validate_on_submit():
        if not form.website.data:  # a bot filled the hidden field: it sees the same page, nothing is stored
            try:
                subscribe(network, form.subscription_data(), form.locale.data)
                db.session.commit()
            except IntegrityError:  # the same address submitted twice at once: the first one stands
                db.session.rollback()
        session[SENT_KEY] = network.id
        return redirect(url_for("subscriptions.sent", slug=slug))
    return render_form("subscriptions/form.html", form, network=network)


@bp.route("/n/<slug>/informiert-bleiben/gesendet")
def sent(slug: str):
    """The same answer for a new, pending or already confirmed address: it reveals nothing."""
    network = _network_or_404(slug)
    if session.get(SENT_KEY) != network.id:
        return redirect(url_for("subscriptions.form", slug=slug))
    return render_template("subscriptions/sent.html", network=network)


def _subscription_or_404(token: str):
    subscription = find_by_token(token)
    if subscription is None:
        abort(404)
    if "lang" not in request.args and "lang" not in session and subscription.locale:
        session["lang"] = subscription.locale  # the language they chose for the mails, until they choose another
        flask_babel.refresh()
    return subscription


@bp.route("/informiert-bleiben/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def confirm(token: str):
    subscription = _subscription_or_404(token)
    network = subscription.network
    if is_expired(subscription):
        return render_template("subscriptions/expired.html", network=network), 410
    form = ConfirmForm()
    if may_confirm(subscription) and form.validate_on_submit():
        confirm_subscription(subscription)
        db.session.commit()
        return redirect(url_for("subscriptions.confirm", token=token))
    return render_template("subscriptions/confirm.html", network=network, subscription=subscription, form=form,
                           token=token, may_confirm=may_confirm(subscription))


@bp.route("/informiert-bleiben/<token>/abmelden", methods=["GET", "POST"])
@limiter.limit(TOKEN_PAGE_LIMIT)
def unsubscribe_page(token: str):
    subscription = _subscription_or_404(token)
    form = ConfirmForm()
    if subscription.state != SubscriptionState.UNSUBSCRIBED and form.validate_on_submit():
        unsubscribe(subscription)
        db.session.commit()
        return redirect(url_for("subscriptions.unsubscribe_page", token=token))
    return render_template("subscriptions/unsubscribe.html", network=subscription.network, subscription=subscription,
                           form=form, token=token)
