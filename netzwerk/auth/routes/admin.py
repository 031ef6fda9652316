"""Admin-only management of coordinator accounts (on the `auth` blueprint)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ...common.choices import as_choices
from ...common.text import search_term
from ...common.views import paginate
from ...extensions import db
from ...networks.models import Network
from ..forms import UserForm
from ..models import Role, User
from ..services import save_user
from .account import bp, renew_login


def _require_admin():
    if not current_user.is_admin:
        abort(403)


def _user_form(user: User | None) -> UserForm:
    form = UserForm(obj=user, user=user)
    form.networks.choices = as_choices([(n.id, n.name) for n in db.session.scalars(select(Network).order_by(Network.name))])
    if request.method == "GET" and user is not None:
        form.networks.data = [n.id for n in user.networks]
    return form


@bp.route("/manage/zugaenge")
@login_required
def users():
    _require_admin()
    query = search_term(request.args)
    stmt = select(User).options(selectinload(User.networks)).order_by(User.email)
    if query:
        stmt = stmt.where(or_(User.email.ilike(f"%{query}%"), User.name.ilike(f"%{query}%")))
    return render_template("auth/admin/users.html", page=paginate(stmt), query=query)


@bp.route("/manage/zugaenge/neu", methods=["GET", "POST"])
@bp.route("/manage/zugaenge/<int:user_id>", methods=["GET", "POST"])
@login_required
def user_form(user_id: int | None = None):
    _require_admin()
    user = db.get_or_404(User, user_id) if user_id else None
    form = _user_form(user)
    if form.validate_on_submit():
        if user is not None and user.id == current_user.id and (form.role.data != Role.ADMIN or not form.active.data):
            form.role.errors.append(_("Sie können sich nicht selbst die Administration entziehen."))
        else:
            saved = save_user(user, form.data)
            if form.password.data and saved.id == current_user.id:
                renew_login(saved)  # a new password ended all the admin's logins; this one goes on
            db.session.commit()
            flash(_("Der Zugang wurde gespeichert."), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/admin/user_form.html", form=form, user=user), 422 if form.errors else 200
