"""The networks a user manages: for select fields, filters and the network pages."""
from flask import request
from sqlalchemy import select

from ..common.access import ensure_manages, only_managed
from ..common.choices import as_choices
from ..common.incoming import database_id
from ..extensions import db
from .models import Network


def managed_networks(user) -> list[Network]:
    """The networks a user may change, by name, for select fields and filters."""
    return db.session.scalars(only_managed(select(Network), Network.id, user).order_by(Network.name)).all()


def get_managed_network_or_404(network_id: int, user) -> Network:
    network = db.get_or_404(Network, network_id)
    ensure_manages(user, network.id)
    return network


def offer_managed_networks(form, user) -> None:
    """The network select lists the networks the user manages; a new object's form preselects ?network=."""
    form.network_id.choices = as_choices([(network.id, network.name) for network in managed_networks(user)])
    if request.method == "GET" and not form.network_id.data:
        form.network_id.data = request.args.get("network", type=database_id)
