"""Partner organisations of a network. Services flush; the request commits once."""
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload
from wtforms.fields.choices import SelectChoice

from ..common.access import managed_network_ids, only_managed
from ..extensions import db
from ..networks.models import Network
from .models import Organisation, OrganisationType


def organisation_list(user, query: str = "", network_id: int | None = None, type_: str | None = None) -> Select:
    stmt = (
        only_managed(select(Organisation), Organisation.network_id, user)
        .options(selectinload(Organisation.network), selectinload(Organisation.kommune))
        .order_by(Organisation.name, Organisation.id)
    )
    if query:
        stmt = stmt.where(Organisation.name.ilike(f"%{query}%"))
    if network_id is not None:
        stmt = stmt.where(Organisation.network_id == network_id)
    if type_ in OrganisationType:
        stmt = stmt.where(Organisation.type == type_)
    return stmt


def organisation_choices(user) -> list[SelectChoice]:
    """The organisations in the user's networks, grouped by network if the user has several."""
    organisations = db.session.scalars(
        only_managed(select(Organisation), Organisation.network_id, user)
        .join(Organisation.network).options(contains_eager(Organisation.network))
        .order_by(Network.name, Organisation.name)
    ).all()
    ids = managed_network_ids(user)
    several = ids is None or len(ids) > 1
    return [SelectChoice(o.id, o.name, optgroup=o.network.name if several else None) for o in organisations]


def save_organisation(organisation: Organisation | None, data: dict) -> Organisation:
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.network_id = data["network_id"]
    organisation.name = data["name"].strip()
    organisation.type = data["type"]
    organisation.kommune_id = data.get("kommune_id")
    db.session.flush()
    return organisation
