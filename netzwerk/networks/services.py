from sqlalchemy import func, select

from ..events.models import Event
from ..extensions import db
from ..kommunen.models import Membership
from .models import Network

EDITABLE = ("name", "slug", "description", "contact_name", "contact_email", "contact_phone", "website")


def save_network(network: Network | None, data: dict, user) -> Network:
    """Create or update a network; a coordinator who creates one manages it from then on."""
    created = network is None
    if created:
        network = Network()
        db.session.add(network)
    for name in EDITABLE:
        setattr(network, name, (data.get(name) or "").strip())
    privacy_text = (data.get("privacy_text") or "").strip()
    if not created and privacy_text != network.privacy_text:
        network.privacy_version = (network.privacy_version or 1) + 1  # consents name the text they agreed to
    network.privacy_text = privacy_text
    if data.get("logo"):
        network.logo, network.logo_type = data["logo"]
    elif data.get("remove_logo"):
        network.logo, network.logo_type = None, ""
    if created and not user.is_admin:
        user.networks.append(network)
    db.session.flush()
    return network


def network_counts(networks: list[Network]) -> dict[int, dict[str, int]]:
    """Events and member Kommunen per network, two queries for a whole page of networks."""
    ids = [network.id for network in networks]
    counts = {network_id: {"events": 0, "kommunen": 0} for network_id in ids}
    for key, model in (("events", Event), ("kommunen", Membership)):
        rows = db.session.execute(
            select(model.network_id, func.count()).where(model.network_id.in_(ids)).group_by(model.network_id)
        )
        for network_id, count in rows:
            counts[network_id][key] = count
    return counts
