"""Accounts: authentication and the admin's user management. Services flush; the route commits."""
import secrets
from functools import cache

from sqlalchemy import func, select

from ..common.db import utcnow
from ..extensions import db
from ..networks.models import Network
from .models import User



@cache
def _dummy_user() -> User:
    """Checked when the email is unknown, so response times do not reveal which addresses have accounts."""
    user = User()
    user.set_password(secrets.token_hex(16))
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    if user is None:
        _dummy_user().check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def save_user(user: User | None, data: dict) -> User:
    if user is None:
        user = User()
        db.session.add(user)
    user.name = data["name"].strip()
    user.email = data["email"].strip().lower()
    user.role = data["role"]
    user.active = data["active"]
    if data.get("password"):
        user.set_password(data["password"])
    user.networks = list(db.session.scalars(select(Network).where(Network.id.in_(data["networks"] or []))))
    db.session.flush()
    return user


def create_or_reset_admin(email: str, password: str, name: str = "") -> tuple[User, bool]:
    user = find_user(email)
    created = user is None
    if created:
        user = User(email=email.strip().lower(), name=name or email)
        db.session.add(user)
    user.role = "admin"
    user.active = True
    if name:
        user.name = name
    user.set_password(password)
    db.session.flush()
    return user, created
