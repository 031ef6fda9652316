from ..extensions import db
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
    if created and not user.is_admin:
        user.networks.append(network)
    db.session.flush()
    return network
