from collections.abc import Callable

from sqlalchemy import func, select

from ..common.translations import translations_from
from ..extensions import db
from .models import Network

EDITABLE = ("name", "slug", "description", "contact_name", "contact_email", "contact_phone", "website", "signatory")

# What the network pages count and list comes from the features that own those rows (events, Kommunen); they
# register here in their init_app, so that networks, which they build on, imports none of them.
_counted: dict[str, type] = {}
_events: dict[str, Callable] = {}


def count_on_network_list(name: str, model: type) -> None:
    """The network list shows, per network, how many rows of `model` (which has a network_id) it has."""
    _counted[name] = model


def list_events_with(upcoming: Callable, of_network: Callable) -> None:
    """upcoming(user): the next events the user manages (dashboard); of_network(network): a network's events."""
    _events.update(upcoming=upcoming, of_network=of_network)


_overview: list[Callable] = []


def show_on_overview(build: Callable) -> None:
    """build(user): the numbers and tasks of the workspace's start page (the dashboard feature fills this)."""
    _overview[:] = [build]


def overview_for(user):
    return _overview[0](user) if _overview else None


def upcoming_events(user) -> list:
    return _events["upcoming"](user) if _events else []


def network_events(network: Network) -> list:
    return _events["of_network"](network) if _events else []


def save_network(network: Network | None, data: dict, user) -> Network:
    """Create or update a network; a coordinator who creates one manages it from then on."""
    created = network is None
    if created:
        network = Network()
        db.session.add(network)
    for name in EDITABLE:
        setattr(network, name, (data.get(name) or "").strip())
    privacy_text = (data.get("privacy_text") or "").strip()
    in_other_languages = translations_from(data, ("privacy_text",)).get("privacy_text", {})
    before = (network.privacy_text, (network.translations or {}).get("privacy_text") or {})
    if not created and (privacy_text, in_other_languages) != before:
        network.privacy_version = (network.privacy_version or 1) + 1  # consents name the text they agreed to
    network.privacy_text = privacy_text
    network.translations = {**(network.translations or {}), "privacy_text": in_other_languages}
    if data.get("logo"):
        network.logo, network.logo_type = data["logo"]
    elif data.get("remove_logo"):
        network.logo, network.logo_type = None, ""
    if data.get("signature"):
        network.signature, network.signature_type = data["signature"]
    elif data.get("remove_signature"):
        network.signature, network.signature_type = None, ""
    if created and not user.is_admin:
        user.networks.append(network)
    db.session.flush()
    return network


def network_counts(networks: list[Network]) -> dict[int, dict[str, int]]:
    """Events and member Kommunen per network (what is registered), one query each for a whole page of networks."""
    ids = [network.id for network in networks]
    counts = {network_id: dict.fromkeys(_counted, 0) for network_id in ids}
    for key, model in _counted.items():
        rows = db.session.execute(
            select(model.network_id, func.count()).where(model.network_id.in_(ids)).group_by(model.network_id)
        )
        for network_id, count in rows:
            counts[network_id][key] = count
    return counts
