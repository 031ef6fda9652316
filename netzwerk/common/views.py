"""The few steps every view shares: a page of a list, a form page, a guarded delete, a PDF download."""
from flask import Response, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import Select

from ..extensions import db
from .references import blocking_references, refusal_message

# Beyond the end of any list; a hand-made ?page= beyond this would overflow the databases' OFFSET (a 500).
MAX_PAGE = 1_000_000


def paginate(stmt: Select):
    page = request.args.get("page", 1, type=int)
    return db.paginate(stmt, page=min(max(page, 1), MAX_PAGE), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)


def render_form(template: str, form: FlaskForm, **context):
    """A form page; 422 when the submitted form had errors, so clients and tests can tell."""
    return render_template(template, form=form, **context), 422 if form.errors else 200


def confirm_delete(obj, *, name: str, what: str, done_url: str, cancel_url: str):
    """GET asks for confirmation; POST deletes unless other data still points at obj (then 409, nothing lost)."""
    blockers = blocking_references(obj)
    refusal = refusal_message(what, blockers) if blockers else ""
    if request.method == "POST":
        if not blockers:
            db.session.delete(obj)
            db.session.commit()
            flash(_("„%(name)s“ wurde gelöscht.", name=name), "success")
            return redirect(done_url)
        flash(refusal, "error")
    context = dict(name=name, blockers=blockers, refusal=refusal, cancel_url=cancel_url)
    return render_template("common/confirm_delete.html", **context), 409 if blockers and request.method == "POST" else 200


def pdf_response(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"  # names of people: never in a shared cache
    return response
