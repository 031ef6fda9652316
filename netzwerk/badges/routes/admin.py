"""The coordinator's badge and print pages: choose and download, follow a background job."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...common.access import ensure_manages, get_managed_or_404, protect_blueprint
from ...common.choices import as_choices
from ...common.views import pdf_response
from ...events.models import Event
from ...extensions import db
from ...registrations.admin_services import kommune_options, registration_of
from ...registrations.models import BadgeRole
from .. import services
from ..forms import BadgeForm, BadgeSettingsForm
from ..layouts import LayoutDoesNotFit
from ..models import PrintJob, PrintJobStatus
from .public import own_badge

bp = Blueprint("badges", __name__, url_prefix="/manage")
protect_blueprint(bp)

PRINT_DOCUMENTS = {"teilnahmeliste": services.participant_list, "programm": services.agenda_handout,
                   "tischlisten": services.table_lists, "tischkarten": services.table_cards}


@bp.route("/veranstaltungen/<int:event_id>/namensschilder", methods=["GET", "POST"])
def index(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = BadgeForm()
    form.kommune_id.choices = as_choices([("", _("alle"))] + [(kommune.id, kommune.name)
                                                             for kommune in kommune_options(event.network_id)])
    if form.validate_on_submit():
        try:
            layout = form.chosen_layout()
        except LayoutDoesNotFit as refused:
            form.layout.errors = [layout_refusal(refused)]
        else:
            registrations = services.badge_registrations(event, selection_from(form))
            if not registrations:
                form.states.errors = [_("Keine bestätigte Anmeldung passt zu dieser Auswahl.")]
            elif len(registrations) <= services.INLINE_LIMIT:
                pdf = services.render_badges(event, registrations, layout, form.sides.data)
                return pdf_response(pdf, services.badge_filename(event, registrations))
            else:
                job = services.queue_job(event, registrations, layout, form.sides.data, current_user, str(get_locale()))
                db.session.commit()
                return redirect(url_for("badges.job", job_id=job.id))
    status = 422 if form.is_submitted() else 200
    return render_template("badges/index.html", event=event, form=form, settings_form=settings_form(event),
                           online=event.format != "onsite",
                           count=len(services.badge_registrations(event, services.BadgeSelection())),
                           jobs=recent_jobs(event), documents=PRINT_DOCUMENTS), status


def selection_from(form: BadgeForm) -> services.BadgeSelection:
    return services.BadgeSelection(states=tuple(form.states.data or ()), kommune_id=form.kommune_id.data,
                                   organisation_type=form.organisation_type.data or None,
                                   role=form.role.data or None, order=form.order.data,
                                   with_online=bool(form.with_online.data))


def layout_refusal(refused: LayoutDoesNotFit) -> str:
    if refused.too_wide_mm and refused.too_high_mm:
        return _("Die Schilder passen nicht auf %(page)s: %(wide)d mm zu breit und %(high)d mm zu hoch.",
                 page=refused.page_name, wide=refused.too_wide_mm, high=refused.too_high_mm)
    if refused.too_wide_mm:
        return _("Die Schilder passen nicht auf %(page)s: %(wide)d mm zu breit.", page=refused.page_name,
                 wide=refused.too_wide_mm)
    return _("Die Schilder passen nicht auf %(page)s: %(high)d mm zu hoch.", page=refused.page_name,
             high=refused.too_high_mm)


def settings_form(event: Event, formdata=None) -> BadgeSettingsForm:
    data = {"back": event.badge_back, "back_text": event.badge_back_text}
    data.update({f"colour_{role}": services.role_colour(event, role) for role in BadgeRole})
    return BadgeSettingsForm(formdata=formdata, data=data)


@bp.route("/veranstaltungen/<int:event_id>/namensschilder/einstellungen", methods=["POST"])
def settings(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = settings_form(event, request.form)
    if not form.validate():
        return render_template("badges/index.html", event=event, form=BadgeForm(formdata=None), settings_form=form,
                               count=0, jobs=recent_jobs(event), documents=PRINT_DOCUMENTS), 422
    services.save_settings(event, form.data)
    db.session.commit()
    flash(_("Die Einstellungen der Namensschilder wurden gespeichert."), "success")
    return redirect(url_for("badges.index", event_id=event.id))


def recent_jobs(event: Event) -> list[PrintJob]:
    return db.session.scalars(select(PrintJob).where(PrintJob.event_id == event.id)
                              .order_by(PrintJob.id.desc()).limit(5)).all()


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/<int:registration_id>/namensschild.pdf")
def single(event_id: int, registration_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    registration = registration_of(event, registration_id) or abort(404)
    return own_badge(event, registration)


@bp.route("/druckauftraege/<int:job_id>")
def job(job_id: int):
    job = _managed_job(job_id)
    return render_template("badges/job.html", job=job, event=job.event, DONE=PrintJobStatus.DONE, FAILED=PrintJobStatus.FAILED)


@bp.route("/druckauftraege/<int:job_id>/datei.pdf")
def job_file(job_id: int):
    job = _managed_job(job_id)
    if job.status != PrintJobStatus.DONE:
        abort(404)
    return pdf_response(job.pdf, job.filename)


def _managed_job(job_id: int) -> PrintJob:
    job = db.get_or_404(PrintJob, job_id)
    ensure_manages(current_user, job.event.network_id)
    return job


@bp.route("/veranstaltungen/<int:event_id>/druck/<document>.pdf")
def print_document(event_id: int, document: str):
    event = get_managed_or_404(Event, event_id, current_user)
    if document not in PRINT_DOCUMENTS:
        abort(404)
    return pdf_response(PRINT_DOCUMENTS[document](event), f"{document}-{event.id}.pdf")
