from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..common.i18n import safe_next
from ..extensions import db, limiter, login_manager
from . import bp
from .forms import LoginForm, PasswordChangeForm
from .models import User
from .services import authenticate

login_manager.login_view = "auth.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def home_for(user) -> str:
    """Check-in helpers have no workspace: they start at the check-in desk list."""
    return url_for("checkin.events") if user.role == "checkin" else url_for("networks.dashboard")


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), home_for(user)))
        form.password.errors.append(_("E-Mail oder Passwort ist falsch."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/abmelden", methods=["POST"])
def logout():
    logout_user()
    flash(_("Sie sind abgemeldet."), "success")
    return redirect(url_for("public.index"))


@bp.route("/manage/konto/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current_password.data):
            current_user.set_password(form.new_password.data)
            db.session.commit()
            flash(_("Ihr Passwort wurde geändert."), "success")
            return redirect(url_for("networks.dashboard"))
        form.current_password.errors.append(_("Das bisherige Passwort ist falsch."))
    return render_template("auth/change_password.html", form=form), 422 if form.errors else 200


from . import users  # noqa: E402,F401  (admin-only user management routes)
