"""The network's "Informiert bleiben": who subscribed (pending, confirmed, unsubscribed), their consent; erasing one."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...common.access import get_child_or_404, protect_blueprint
from ...extensions import db
from ...networks.access import get_managed_network_or_404
from ..forms import ConfirmForm
from ..models import Subscription
from ..services import counts, erase, subscriber_list

bp = Blueprint("subscription_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/netzwerke/<int:network_id>/informiert-bleiben")
def index(network_id: int):
    network = get_managed_network_or_404(network_id, current_user)
    return render_template("subscriptions/admin/index.html", network=network, counts=counts(network.id),
                           subscriptions=subscriber_list(network.id))


@bp.route("/netzwerke/<int:network_id>/informiert-bleiben/<int:subscription_id>/loeschen", methods=["GET", "POST"])
def erase_one(network_id: int, subscription_id: int):
    """GET asks; POST erases the subscription (and the Person it made) for good."""
    network = get_managed_network_or_404(network_id, current_user)
    subscription = get_child_or_404(Subscription, subscription_id, network_id=network.id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        name = subscription.full_name
        erase(subscription)
        db.session.commit()
        flash(_("„%(name)s“ wurde gelöscht.", name=name), "success")
        return redirect(url_for("subscription_admin.index", network_id=network.id))
    return render_template("subscriptions/admin/erase.html", network=network, subscription=subscription, form=form)
