"""Accounts: authentication, login sessions, lockout and the admin's user management.

Services flush (or write through the session); the route commits.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, func, literal, select

from ..common.columns import UTCDateTime
from ..common.dialects import dialect_insert
from ..common.timing import utcnow
from ..extensions import db
from ..networks.models import Network
from .models import LoginSession, LoginThrottle, Role, User


def _dummy_user() -> User:
    """Checked when the email is unknown, so response times do not reveal which addresses have accounts.

    One per app, hashed with that app's parameters, so that it costs what a real account's check costs."""
    user = current_app.extensions.get("netzwerk.dummy_user")
    if user is None:
        user = current_app.extensions["netzwerk.dummy_user"] = User()
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
    """Create or change an account; a new password or a deactivation ends every login of it."""
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
    if data.get("password") or not user.active:
        end_all_login_sessions(user)
    return user


def set_new_password(user: User, password: str) -> None:
    """The new password ends every login with the old one (a stolen cookie included)."""
    user.set_password(password)
    end_all_login_sessions(user)


def create_or_reset_admin(email: str, password: str, name: str = "") -> tuple[User, bool]:
    user = find_user(email)
    created = user is None
    if created:
        user = User(email=email.strip().lower(), name=name or email)
        db.session.add(user)
    user.role = Role.ADMIN
    user.active = True
    if name:
        user.name = name
    user.set_password(password)
    db.session.flush()
    end_all_login_sessions(user)
    return user, created


# Login sessions. Flask's session is a signed cookie that the server cannot take back, so each login gets a row:
# the cookies (session and "Angemeldet bleiben") carry "<user id>:<token>", and a cookie whose token has no
# row, or an expired one, is anonymous. Logout deletes the row; revocation deletes all of a user's rows.

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_login_session(user: User, lifetime: timedelta) -> None:
    """A new login of the user (sets user.login_token, which Flask-Login stores via user.get_id())."""
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(token_hash=_token_hash(token), user_id=user.id, created_at=now,
                                expires_at=now + lifetime))
    db.session.flush()
    user.login_token = token


def user_for_login(login_id: str) -> User | None:
    """The active user whose login is named by the cookie's "<user id>:<token>"; one primary-key query."""
    user_id, _, token = login_id.partition(":")
    if not user_id.isdigit() or not token:
        return None  # malformed, or a cookie from before login sessions
    user = db.session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == _token_hash(token), User.id == int(user_id),
               LoginSession.expires_at > utcnow(), User.active.is_(True))
    )
    if user is not None:
        user.login_token = token
    return user


def end_login_session(user: User) -> None:
    """Logout: this browser's login ends; cookies copied from it open nothing any more."""
    if user.login_token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(user.login_token)))
    user.login_token = None


def end_all_login_sessions(user: User) -> None:
    """Every login of the user ends, on every device (new password, deactivation, "überall abmelden")."""
    if user.id is not None:
        db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    user.login_token = None


def count_login_sessions(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.expires_at > utcnow()))


# Lockout per account, beside the rate limit per client address: failed logins are counted per e-mail address,
# whether it has an account or not, so that the lock says nothing about which addresses have accounts.

def _account_key(email: str, secret: str) -> str:
    return hmac.new(secret.encode(), email.strip().lower().encode(), hashlib.sha256).hexdigest()


def locked_until(email: str, secret: str) -> datetime | None:
    """When the e-mail address may try again, if it is locked now."""
    until = db.session.scalar(select(LoginThrottle.locked_until).where(
        LoginThrottle.account_key == _account_key(email, secret)))
    return until if until is not None and until > utcnow() else None


def record_failed_login(email: str, secret: str, attempts: int, window: timedelta,
                        duration: timedelta) -> datetime | None:
    """Count a failed login (atomically, for all app processes); the lock's end once it reaches `attempts`."""
    table = LoginThrottle.__table__
    key = _account_key(email, secret)
    now = utcnow()
    window_over = table.c.window_started_at <= now - window
    insert = dialect_insert(db.session.get_bind().dialect, table).values(
        account_key=key, failures=1, window_started_at=now)
    failures = db.session.execute(insert.on_conflict_do_update(
        index_elements=[table.c.account_key],
        set_={
            "failures": case((window_over, 1), else_=table.c.failures + 1),
            "window_started_at": case((window_over, literal(now, UTCDateTime)), else_=table.c.window_started_at),
        },
    ).returning(table.c.failures)).scalar_one()
    if failures < attempts:
        return None
    until = now + duration
    db.session.execute(table.update().where(table.c.account_key == key).values(
        locked_until=until, failures=0, window_started_at=now))
    return until


def clear_failed_logins(email: str, secret: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.account_key == _account_key(email, secret)))


def attempt_login(email: str, password: str, config) -> tuple[User | None, datetime | None]:
    """(the user, None) for the right password; else (None, when the address's lockout ends, or None).

    A locked address is refused before its password is checked: the right one gets no further."""
    secret = config["SECRET_KEY"]
    if (until := locked_until(email, secret)) is not None:
        return None, until
    if (user := authenticate(email, password)) is not None:
        clear_failed_logins(email, secret)
        return user, None
    return None, record_failed_login(email, secret, config["LOGIN_LOCKOUT_ATTEMPTS"], config["LOGIN_LOCKOUT_WINDOW"],
                                     config["LOGIN_LOCKOUT_DURATION"])
