"""Who may see what: login and role per blueprint, network scope per object."""
from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy import Select

from ..extensions import db, login_manager

WORKSPACE_ROLES = {"admin", "coordinator"}


def protect_blueprint(bp: Blueprint, roles: set[str] = WORKSPACE_ROLES) -> None:
    """Every route of the blueprint needs a logged-in user with one of the roles (none can be forgotten)."""

    @bp.before_request
    def _require_role():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None


def managed_network_ids(user) -> set[int] | None:
    """The networks a user may change; None means all (admins)."""
    if user.is_admin:
        return None
    return {network.id for network in user.networks}


def can_manage(user, network_id: int) -> bool:
    ids = managed_network_ids(user)
    return ids is None or network_id in ids


def ensure_manages(user, network_id: int) -> None:
    if not can_manage(user, network_id):
        abort(403)


def only_managed(stmt: Select, network_id_column, user) -> Select:
    ids = managed_network_ids(user)
    return stmt if ids is None else stmt.where(network_id_column.in_(ids))


def get_managed_or_404(model, object_id: int, user):
    """The object if it exists (else 404) and belongs to a network the user manages (else 403)."""
    obj = db.get_or_404(model, object_id)
    ensure_manages(user, obj.network_id)
    return obj


def get_child_or_404(model, object_id: int, **parent):
    """The object if it exists and belongs to the given parent (e.g. event_id=event.id); else 404."""
    obj = db.get_or_404(model, object_id)
    if any(getattr(obj, name) != value for name, value in parent.items()):
        abort(404)
    return obj
