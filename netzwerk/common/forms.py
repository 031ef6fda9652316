"""Small pieces shared by the feature forms."""
from flask import request

from .access import managed_networks
from .choices import as_choices


def optional_int(value) -> int | None:
    """Coerce for a select whose first option, value "", means 'none'."""
    return int(value) if value not in (None, "") else None


def offer_managed_networks(form, user) -> None:
    """The network select lists the networks the user manages; a new object's form preselects ?network=."""
    form.network_id.choices = as_choices([(network.id, network.name) for network in managed_networks(user)])
    if request.method == "GET" and not form.network_id.data:
        form.network_id.data = request.args.get("network", type=int)
