"""Kommunen (shared reference data) and their memberships in networks. Services flush; the request commits once."""
from flask import abort
from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.orm import contains_eager, selectinload
from wtforms.fields.choices import SelectChoice

from ..common.access import get_child_or_404, managed_network_ids, only_managed
from ..common.choices import as_choices
from ..extensions import db
from ..networks import services as network_pages
from ..networks.models import Network
from .models import Kommune, Membership

PHASE_SUGGESTIONS = ["Pilotkommunen", "2. Phase"]


def visible_to(user) -> ColumnElement[bool] | None:
    """Which Kommunen a coordinator may see and change: members of a managed network, or of no network.

    None for admins (all of them)."""
    ids = managed_network_ids(user)
    if ids is None:
        return None
    in_managed = exists().where(Membership.kommune_id == Kommune.id, Membership.network_id.in_(ids))
    in_any = exists().where(Membership.kommune_id == Kommune.id)
    return or_(in_managed, ~in_any)


def can_edit_kommune(user, kommune: Kommune) -> bool:
    ids = managed_network_ids(user)
    if ids is None:
        return True
    member_of = {membership.network_id for membership in kommune.memberships}
    return not member_of or bool(member_of & ids)


def get_editable_kommune_or_404(kommune_id: int, user) -> Kommune:
    kommune = db.get_or_404(Kommune, kommune_id)
    if not can_edit_kommune(user, kommune):
        abort(403)
    return kommune


def kommune_list(user, query: str = "", kind: str | None = None, bundesland: str | None = None) -> Select:
    """Kommunen for the list page, with the memberships the user may see (in managed networks) preloaded."""
    memberships = Kommune.memberships
    ids = managed_network_ids(user)
    if ids is not None:
        memberships = memberships.and_(Membership.network_id.in_(ids))
    stmt = select(Kommune).options(selectinload(memberships).selectinload(Membership.network))
    if (visible := visible_to(user)) is not None:
        stmt = stmt.where(visible)
    if query:
        stmt = stmt.where(Kommune.name.ilike(f"%{query}%"))
    if kind:
        stmt = stmt.where(Kommune.kind == kind)
    if bundesland:
        stmt = stmt.where(Kommune.bundesland == bundesland)
    return stmt.order_by(Kommune.name, Kommune.bundesland, Kommune.id)


def kommune_choices(user=None, keep_id: int | None = None) -> list[SelectChoice]:
    """(id, 'Name (Bundesland)') of all Kommunen, or of those visible to user (plus keep_id, the current value)."""
    stmt = select(Kommune).order_by(Kommune.name, Kommune.bundesland)
    if user is not None and (visible := visible_to(user)) is not None:
        stmt = stmt.where(or_(visible, Kommune.id == keep_id) if keep_id else visible)
    return as_choices([(kommune.id, f"{kommune.name} ({kommune.bundesland})") for kommune in db.session.scalars(stmt)])


def save_kommune(kommune: Kommune | None, data: dict) -> Kommune:
    """Create or update a Kommune; on create, optionally as a member of a network right away."""
    if kommune is None:
        kommune = Kommune()
        db.session.add(kommune)
    kommune.name = data["name"].strip()
    kommune.kind = data["kind"]
    kommune.bundesland = data["bundesland"]
    if data.get("network_id"):
        db.session.add(Membership(
            network_id=data["network_id"], kommune=kommune,
            phase=(data.get("phase") or "").strip(), joined_on=data.get("joined_on"),
        ))
    db.session.flush()
    return kommune


def get_membership_or_404(network: Network, membership_id: int) -> Membership:
    return get_child_or_404(Membership, membership_id, network_id=network.id)


def save_membership(network: Network, membership: Membership | None, data: dict) -> Membership:
    if membership is None:
        membership = Membership(network_id=network.id)
        db.session.add(membership)
    membership.kommune_id = data["kommune_id"]
    membership.phase = (data.get("phase") or "").strip()
    membership.joined_on = data.get("joined_on")
    membership.left_on = data.get("left_on")
    db.session.flush()
    return membership


def memberships_by_phase(network: Network) -> list[tuple[str, list[Membership]]]:
    """The network's memberships grouped by phase; phases in the order they began, Kommunen by name."""
    memberships = db.session.scalars(
        select(Membership).join(Membership.kommune).options(contains_eager(Membership.kommune))
        .where(Membership.network_id == network.id)
        .order_by(Membership.joined_on.asc().nulls_last(), Kommune.name)
    ).all()
    groups: dict[str, list[Membership]] = {}
    for membership in memberships:
        groups.setdefault(membership.phase, []).append(membership)
    return [(phase, sorted(members, key=lambda m: m.kommune.name.casefold())) for phase, members in groups.items()]


def phase_suggestions(user) -> list[str]:
    """The usual phases, then the ones already used in the user's networks."""
    used = db.session.scalars(
        only_managed(select(Membership.phase).distinct(), Membership.network_id, user)
        .where(Membership.phase != "").order_by(Membership.phase)
    )
    return PHASE_SUGGESTIONS + [phase for phase in used if phase not in PHASE_SUGGESTIONS]


def show_on_network_pages() -> None:
    network_pages.count_on_network_list("kommunen", Membership)
