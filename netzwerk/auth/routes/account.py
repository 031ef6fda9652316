"""Everyone's own account: login (rate limit, lockout), logout everywhere, a new password."""
import math

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ...common.i18n import safe_next
from ...common.timing import utcnow
from ...extensions import db, limiter, login_manager
from ..forms import LoginForm, PasswordChangeForm
from ..models import User
from ..services import (
    attempt_login,
    count_login_sessions,
    end_all_login_sessions,
    end_login_session,
    set_new_password,
    start_login_session,
    user_for_login,
)

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    user = user_for_login(login_id)
    g.signed_in = user is not None
    return user


@bp.after_app_request
def keep_signed_in_pages_out_of_caches(response):
    """What a signed-in user sees (names, registrations) stays in no cache, the browser's back button included."""
    if g.get("signed_in") and "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


def home_for(user) -> str:
    """Check-in helpers have no workspace: they start at the check-in desk list."""
    return url_for("checkin.events") if user.role == "checkin" else url_for("networks.dashboard")


def log_in(user: User, remember: bool) -> None:
    """A new login session for this browser; the route commits."""
    config = current_app.config
    start_login_session(user, config["REMEMBER_COOKIE_DURATION"] if remember else config["LOGIN_SESSION_LIFETIME"])
    login_user(user, remember=remember)
    g.signed_in = True


def renew_login(user: User) -> None:
    """After all of the user's logins were ended (new password): this browser stays logged in, with a new one."""
    log_in(user, remember=current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies)


def _lockout_message(until) -> str:
    minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
    return _("Zu viele fehlgeschlagene Anmeldeversuche mit dieser E-Mail-Adresse. Die Anmeldung ist für "
             "%(minutes)s Minuten gesperrt.", minutes=minutes)


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user, locked = attempt_login(form.email.data, form.password.data, current_app.config)
        db.session.commit()  # the attempt is counted (or the count cleared) whatever follows
        if user is not None:
            log_in(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), home_for(user)))
        form.password.errors.append(_lockout_message(locked) if locked else _("E-Mail oder Passwort ist falsch."))
        return render_template("auth/login.html", form=form), 429 if locked else 422
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


def _logged_out(message: str, to: str):
    """The session's rows are gone (and committed): clear this browser's cookies too."""
    logout_user()
    g.signed_in = False
    flash(message, "success")
    return redirect(to)


@bp.route("/abmelden", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_login_session(current_user)
        db.session.commit()
    return _logged_out(_("Sie sind abgemeldet."), url_for("public.index"))


@bp.route("/abmelden/ueberall", methods=["POST"])
@login_required
def logout_everywhere():
    end_all_login_sessions(current_user)
    db.session.commit()
    return _logged_out(_("Sie sind jetzt auf allen Geräten abgemeldet."), url_for("auth.login"))


@bp.route("/manage/konto/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current_password.data):
            user = current_user._get_current_object()
            set_new_password(user, form.new_password.data)
            renew_login(user)
            db.session.commit()
            flash(_("Ihr Passwort wurde geändert. Auf allen anderen Geräten sind Sie abgemeldet."), "success")
            return redirect(url_for("networks.dashboard"))
        form.current_password.errors.append(_("Das bisherige Passwort ist falsch."))
    return render_template("auth/change_password.html", form=form, login_count=count_login_sessions(current_user)), (
        422 if form.errors else 200)

