"""The coordinators' fair pages: overview with figures, hall and booths, Aussteller, interviews, print."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ...badges.layouts import preset
from ...common.access import get_child_or_404, get_managed_or_404, protect_blueprint
from ...common.incoming import database_id
from ...common.timing import from_local_input, local_date_input
from ...common.views import pdf_response, render_form
from ...events.models import Event
from ...extensions import db, talisman
from ...registrations.models import HOLDS_PLACE, Registration
from .. import printing
from ..booking import (
    BoothRefused,
    assign_booth,
    auto_assign,
    cancel,
    confirm,
    free_booths,
    reissue_link,
    release_booth,
    waitlist,
)
from ..booths import (
    booth_types,
    booths,
    delete_booth,
    delete_booth_type,
    plan_booths,
    plan_labels,
    save_booth,
    save_booth_type,
    save_hall,
)
from ..figures import fair_figures
from ..floorplan import plan_svg
from ..forms import (
    ActionForm,
    AssignBoothForm,
    BoothTypeForm,
    HallForm,
    InterviewSettingsForm,
    ScheduleForm,
    booth_choice_label,
    booth_form,
)
from ..interviews import clear_schedule, interviewing_exhibitors, run_scheduler, slot_labels
from ..models import Booth, BoothType, Exhibitor, ExhibitorState, Interview, Sector
from ..outcomes import COORDINATOR, may_record, outcome_labels, outcomes_of, record_outcome
from ..services import booking_closes_at, by_company, fair_of, is_fair, stored_fair
from .public import IMAGE_ONLY, background_response

bp = Blueprint("fair_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)

EXHIBITOR_ACTIONS = {"confirm": confirm, "waitlist": waitlist, "cancel": cancel, "reissue": reissue_link}


def _fair(event_id: int):
    """The managed fair event and its settings (stored before anything is changed)."""
    event = get_managed_or_404(Event, event_id, current_user)
    if not is_fair(event):
        abort(404)
    return event, stored_fair(event) if request.method == "POST" else fair_of(event)


# --- overview and figures -------------------------------------------------------------------------------------

@bp.route("/veranstaltungen/<int:event_id>/messe")
def index(event_id: int):
    event, fair = _fair(event_id)
    return render_template("fair/admin/index.html", event=event, fair=fair, figures=fair_figures(event.id),
                           sectors=Sector, closes_at=booking_closes_at(fair))


# --- hall, booth types, booths --------------------------------------------------------------------------------

@bp.route("/veranstaltungen/<int:event_id>/messe/hallenplan", methods=["GET", "POST"])
def floorplan(event_id: int):
    event, fair = _fair(event_id)
    hall_form = HallForm(data=None if request.method == "POST" else {
        "hall_width": fair.hall_width, "hall_depth": fair.hall_depth,
        "booking_deadline": local_date_input(fair.booking_deadline)})
    if request.method == "POST":
        if hall_form.validate_on_submit():
            save_hall(fair, hall_form.hall_data())
            db.session.commit()
            flash(_("Die Halle wurde gespeichert."), "success")
            return redirect(url_for(".floorplan", event_id=event.id))
        return _floorplan_page(event, fair, 422, hall_form=hall_form)
    return _floorplan_page(event, fair, hall_form=hall_form)


def _floorplan_page(event, fair, status=200, hall_form=None, booth_form_=None, type_form=None, refusal=None):
    types, booth_rows = booth_types(event.id), booths(event.id)
    background = url_for(".background", event_id=event.id) if fair.background_type else None
    plan = plan_svg(fair.hall_width, fair.hall_depth,
                    plan_booths(booth_rows, link=lambda exhibitor: url_for(".exhibitor", event_id=event.id,
                                                                            exhibitor_id=exhibitor.id)),
                    plan_labels(_("Hallenplan: %(title)s", title=event.title),
                                _("Alle Stände mit Nummer und Status; die Tabelle darunter enthält dieselben "
                                  "Angaben.")), background_href=background)
    return render_template(
        "fair/admin/floorplan.html", event=event, fair=fair, plan=plan, booth_types=types, booths=booth_rows,
        hall_form=hall_form or HallForm(data={"hall_width": fair.hall_width, "hall_depth": fair.hall_depth}),
        booth_form=booth_form_ or booth_form(fair, types, booth_rows, formdata=None),
        type_form=type_form or BoothTypeForm(formdata=None), action_form=ActionForm(), refusal=refusal,
    ), status


@bp.route("/veranstaltungen/<int:event_id>/messe/hallenplan/bild")
@talisman(content_security_policy=IMAGE_ONLY)
def background(event_id: int):
    _event, fair = _fair(event_id)
    return background_response(fair, public=False)


@bp.route("/veranstaltungen/<int:event_id>/messe/standtypen", methods=["POST"])
def add_booth_type(event_id: int):
    event, fair = _fair(event_id)
    form = BoothTypeForm()
    if not form.validate_on_submit():
        return _floorplan_page(event, fair, 422, type_form=form)
    save_booth_type(event.id, None, form.data)
    db.session.commit()
    flash(_("Standtyp „%(name)s“ angelegt.", name=form.name.data), "success")
    return redirect(url_for(".floorplan", event_id=event.id) + "#types")


@bp.route("/veranstaltungen/<int:event_id>/messe/standtypen/<int:booth_type_id>", methods=["GET", "POST"])
def booth_type(event_id: int, booth_type_id: int):
    event, _fair_settings = _fair(event_id)
    kind = get_child_or_404(BoothType, booth_type_id, event_id=event.id)
    form = BoothTypeForm(obj=kind)
    if form.validate_on_submit():
        save_booth_type(event.id, kind, form.data)
        db.session.commit()
        flash(_("Standtyp „%(name)s“ gespeichert.", name=kind.name), "success")
        return redirect(url_for(".floorplan", event_id=event.id) + "#types")
    return render_form("fair/admin/booth_type.html", form, event=event, booth_type=kind, action_form=ActionForm())


@bp.route("/veranstaltungen/<int:event_id>/messe/standtypen/<int:booth_type_id>/loeschen", methods=["POST"])
def remove_booth_type(event_id: int, booth_type_id: int):
    event, _fair_settings = _fair(event_id)
    kind = get_child_or_404(BoothType, booth_type_id, event_id=event.id)
    if not ActionForm().validate_on_submit():
        abort(400)
    delete_booth_type(kind)
    db.session.commit()
    flash(_("Standtyp „%(name)s“ gelöscht.", name=kind.name), "success")
    return redirect(url_for(".floorplan", event_id=event.id) + "#types")


@bp.route("/veranstaltungen/<int:event_id>/messe/staende", methods=["POST"])
def add_booth(event_id: int):
    event, fair = _fair(event_id)
    form = booth_form(fair, booth_types(event.id), booths(event.id))
    if not form.validate_on_submit():
        return _floorplan_page(event, fair, 422, booth_form_=form)
    booth = save_booth(event.id, None, form.data)
    db.session.commit()
    flash(_("Stand %(number)s angelegt.", number=booth.number), "success")
    return redirect(url_for(".floorplan", event_id=event.id) + "#booths")


@bp.route("/veranstaltungen/<int:event_id>/messe/staende/<int:booth_id>", methods=["GET", "POST"])
def booth(event_id: int, booth_id: int):
    event, fair = _fair(event_id)
    chosen = get_child_or_404(Booth, booth_id, event_id=event.id)
    form = booth_form(fair, booth_types(event.id), booths(event.id), booth=chosen,
                      obj=chosen if request.method == "GET" else None)
    refusal = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            save_booth(event.id, chosen, form.data)
        except BoothRefused as refused:
            db.session.rollback()
            refusal = str(refused)
        else:
            db.session.commit()
            flash(_("Stand %(number)s gespeichert.", number=chosen.number), "success")
            return redirect(url_for(".floorplan", event_id=event.id) + "#booths")
    status = 409 if refusal else 422 if form.errors else 200
    return render_template("fair/admin/booth.html", form=form, event=event, booth=chosen, refusal=refusal,
                           action_form=ActionForm()), status


@bp.route("/veranstaltungen/<int:event_id>/messe/staende/<int:booth_id>/loeschen", methods=["POST"])
def remove_booth(event_id: int, booth_id: int):
    event, fair = _fair(event_id)
    chosen = get_child_or_404(Booth, booth_id, event_id=event.id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        delete_booth(chosen)
    except BoothRefused as refused:
        db.session.rollback()
        form = booth_form(fair, booth_types(event.id), booths(event.id), booth=chosen, formdata=None, obj=chosen)
        return render_template("fair/admin/booth.html", form=form, event=event, booth=chosen,
                               refusal=str(refused), action_form=ActionForm()), 409
    db.session.commit()
    flash(_("Stand %(number)s gelöscht.", number=chosen.number), "success")
    return redirect(url_for(".floorplan", event_id=event.id) + "#booths")


# --- Aussteller -----------------------------------------------------------------------------------------------

@bp.route("/veranstaltungen/<int:event_id>/messe/aussteller")
def exhibitors(event_id: int):
    event, fair = _fair(event_id)
    state = request.args.get("state") if request.args.get("state") in ExhibitorState else None
    stmt = (select(Exhibitor).where(Exhibitor.event_id == event.id)
            .options(selectinload(Exhibitor.booth), selectinload(Exhibitor.booth_type),
                     selectinload(Exhibitor.preferred_booth))
            .order_by(Exhibitor.sector, by_company()))
    if state:
        stmt = stmt.where(Exhibitor.state == state)
    counts = dict(db.session.execute(select(Exhibitor.state, func.count()).where(Exhibitor.event_id == event.id)
                                     .group_by(Exhibitor.state)).all())
    return render_template("fair/admin/exhibitors.html", event=event, fair=fair,
                           exhibitors=db.session.scalars(stmt).all(), state=state, counts=counts,
                           states=ExhibitorState, action_form=ActionForm())


@bp.route("/veranstaltungen/<int:event_id>/messe/aussteller/<int:exhibitor_id>")
def exhibitor(event_id: int, exhibitor_id: int):
    event, fair = _fair(event_id)
    chosen = get_child_or_404(Exhibitor, exhibitor_id, event_id=event.id)
    return _exhibitor_page(event, fair, chosen)


def _exhibitor_page(event, fair, chosen, status=200, assign_form=None, refusal=None):
    form = assign_form or AssignBoothForm(formdata=None, booth_id=chosen.booth_id)
    options = free_booths(event.id)
    if chosen.booth is not None:
        options = [chosen.booth, *options]
    form.booth_id.choices = [("", _("– kein Stand –"))] + [(booth.id, booth_choice_label(booth))
                                                           for booth in options]
    talks = db.session.scalar(select(func.count()).where(Interview.exhibitor_id == chosen.id))
    return render_template("fair/admin/exhibitor.html", event=event, fair=fair, exhibitor=chosen, assign_form=form,
                           action_form=ActionForm(), talks=talks, refusal=refusal), status


@bp.route("/veranstaltungen/<int:event_id>/messe/aussteller/<int:exhibitor_id>/<action>", methods=["POST"])
def exhibitor_action(event_id: int, exhibitor_id: int, action: str):
    event, _fair_settings = _fair(event_id)
    chosen = get_child_or_404(Exhibitor, exhibitor_id, event_id=event.id)
    if action not in EXHIBITOR_ACTIONS or not ActionForm().validate_on_submit():
        abort(400)
    EXHIBITOR_ACTIONS[action](chosen)
    db.session.commit()
    messages = {"confirm": _("%(company)s ist bestätigt."), "waitlist": _("%(company)s steht auf der Warteliste."),
                "cancel": _("%(company)s ist storniert."),
                "reissue": _("%(company)s hat einen neuen Link per E-Mail bekommen; der alte gilt nicht mehr.")}
    flash(messages[action] % {"company": chosen.company}, "success")
    return redirect(request.form.get("back") == "list" and url_for(".exhibitors", event_id=event.id)
                    or url_for(".exhibitor", event_id=event.id, exhibitor_id=chosen.id))


@bp.route("/veranstaltungen/<int:event_id>/messe/aussteller/<int:exhibitor_id>/stand", methods=["POST"])
def exhibitor_booth(event_id: int, exhibitor_id: int):
    event, fair = _fair(event_id)
    chosen = get_child_or_404(Exhibitor, exhibitor_id, event_id=event.id)
    form = AssignBoothForm()
    options = free_booths(event.id) + ([chosen.booth] if chosen.booth else [])
    form.booth_id.choices = [("", "")] + [(booth.id, booth.number) for booth in options]
    if not form.validate_on_submit():
        return _exhibitor_page(event, fair, chosen, 422, assign_form=form)
    try:
        if form.booth_id.data:
            booth = assign_booth(chosen, form.booth_id.data)
            message = _("%(company)s hat jetzt Stand %(number)s.", company=chosen.company, number=booth.number)
        else:
            release_booth(chosen)
            message = _("%(company)s hat keinen Stand mehr.", company=chosen.company)
    except BoothRefused as refused:
        db.session.rollback()
        return _exhibitor_page(event, fair, chosen, 409, refusal=str(refused))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".exhibitor", event_id=event.id, exhibitor_id=chosen.id))


@bp.route("/veranstaltungen/<int:event_id>/messe/staende-zuordnen", methods=["POST"])
def assign_all(event_id: int):
    event, fair = _fair(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    placed, left = auto_assign(fair)
    db.session.commit()
    flash(_("%(placed)d Aussteller haben einen Stand bekommen; %(left)d sind noch ohne Stand.", placed=placed,
            left=left), "success" if not left else "warning")
    return redirect(url_for(".exhibitors", event_id=event.id))


# --- outcomes: what came of the fair -------------------------------------------------------------------------

@bp.route("/veranstaltungen/<int:event_id>/messe/ergebnisse", methods=["GET", "POST"])
def outcomes(event_id: int):
    """Every interview with its outcome; coordinators also record contacts that had no interview."""
    event, _fair_settings = _fair(event_id)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        exhibitor = db.session.scalar(select(Exhibitor).where(
            Exhibitor.id == request.form.get("exhibitor_id", type=database_id), Exhibitor.event_id == event.id))
        registration_id = request.form.get("registration_id", type=database_id)
        if exhibitor is None or registration_id is None or not may_record(exhibitor, registration_id):
            abort(400, _("Bitte wählen Sie ein Aussteller und eine Besucherin oder einen Besucher dieser Messe."))
        try:
            record_outcome(exhibitor, registration_id, request.form.get("outcome", ""), COORDINATOR)
        except ValueError:
            abort(400, _("Dieses Ergebnis gibt es nicht."))
        db.session.commit()
        flash(_("Das Ergebnis wurde gespeichert."), "success")
        # back to the row just saved, not the top of a list of hundreds of talks
        talked = db.session.scalar(select(Interview.id).where(Interview.exhibitor_id == exhibitor.id,
                                                               Interview.registration_id == registration_id))
        return redirect(url_for(".outcomes", event_id=event.id, _anchor=outcome_anchor(exhibitor.id, registration_id)
                                if talked else "contact-heading"))
    exhibitors = db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == event.id)
                                    .order_by(by_company())).all()
    talks = db.session.execute(
        select(Interview.exhibitor_id, Interview.registration_id, Registration.given_name, Registration.family_name)
        .join(Registration, Registration.id == Interview.registration_id)
        .where(Interview.event_id == event.id).order_by(Interview.exhibitor_id, Interview.slot)).all()
    visitors = db.session.execute(
        select(Registration.id, Registration.given_name, Registration.family_name)
        .where(Registration.event_id == event.id, Registration.state.in_(HOLDS_PLACE))
        .order_by(Registration.family_name, Registration.given_name)).all()
    return render_template("fair/admin/outcomes.html", event=event, exhibitors=exhibitors, talks=talks,
                           visitors=visitors, outcomes=outcomes_of([exhibitor.id for exhibitor in exhibitors]),
                           fair_outcomes=outcome_labels(), action_form=ActionForm(), outcome_anchor=outcome_anchor)


def outcome_anchor(exhibitor_id: int, registration_id: int) -> str:
    return f"outcome-{exhibitor_id}-{registration_id}"


# --- interviews -----------------------------------------------------------------------------------------------

@bp.route("/veranstaltungen/<int:event_id>/messe/gespraeche", methods=["GET", "POST"])
def interviews(event_id: int):
    event, fair = _fair(event_id)
    form = InterviewSettingsForm(data=None if request.method == "POST" else {
        "interview_mode": fair.interview_mode, "first_slot_at": local_date_input(fair.first_slot_at),
        "slot_minutes": fair.slot_minutes, "slot_count": fair.slot_count,
        "max_interviews_per_visitor": fair.max_interviews_per_visitor})
    if request.method == "POST" and form.validate_on_submit():
        fair.interview_mode, fair.first_slot_at = form.interview_mode.data, from_local_input(form.first_slot_at.data)
        fair.slot_minutes, fair.slot_count = form.slot_minutes.data, form.slot_count.data
        fair.max_interviews_per_visitor = form.max_interviews_per_visitor.data
        db.session.commit()
        flash(_("Die Einstellungen für Gesprächstermine wurden gespeichert."), "success")
        return redirect(url_for(".interviews", event_id=event.id))
    return _interviews_page(event, fair, form)


def _interviews_page(event, fair, form=None, schedule_form=None, status=None):
    form = form or InterviewSettingsForm(formdata=None)
    per_exhibitor = dict(db.session.execute(select(Interview.exhibitor_id, func.count())
                                            .where(Interview.event_id == event.id)
                                            .group_by(Interview.exhibitor_id)).all())
    status = status or (422 if form.errors else 200)
    return render_template("fair/admin/interviews.html", event=event, fair=fair, form=form,
                           schedule_form=schedule_form or ScheduleForm(formdata=None),
                           action_form=ActionForm(), exhibitors=interviewing_exhibitors(event.id),
                           per_exhibitor=per_exhibitor, slots=slot_labels(fair),
                           metrics=fair.schedule_metrics or {}), status


@bp.route("/veranstaltungen/<int:event_id>/messe/gespraeche/planen", methods=["POST"])
def schedule(event_id: int):
    event, fair = _fair(event_id)
    form = ScheduleForm()
    if not form.validate_on_submit():
        return _interviews_page(event, fair, schedule_form=form, status=422)
    metrics = run_scheduler(fair, suggestions=form.suggestions.data)
    db.session.commit()
    flash(_("%(interviews)d Gespräche geplant (höchstens möglich: %(bound)d) in %(slots)d Zeitfenstern "
            "(mindestens nötig: %(lower)d).", interviews=metrics["interviews"], bound=metrics["upper_bound"],
            slots=metrics["slots_used"], lower=metrics["slots_lower_bound"]), "success")
    return redirect(url_for(".interviews", event_id=event.id))


@bp.route("/veranstaltungen/<int:event_id>/messe/gespraeche/leeren", methods=["POST"])
def unschedule(event_id: int):
    event, fair = _fair(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    clear_schedule(fair)
    db.session.commit()
    flash(_("Alle Gesprächstermine wurden gelöscht."), "success")
    return redirect(url_for(".interviews", event_id=event.id))


# --- print ----------------------------------------------------------------------------------------------------

PRINT_DOCUMENTS = ("standschilder", "messefuehrer", "gespraeche", "aussteller-namensschilder")


@bp.route("/veranstaltungen/<int:event_id>/messe/druck/<fair_document>.pdf")
def print_document(event_id: int, fair_document: str):
    event, fair = _fair(event_id)
    if fair_document not in PRINT_DOCUMENTS:
        abort(404)
    if fair_document == "standschilder":
        pdf = printing.booth_signs(fair)
    elif fair_document == "messefuehrer":
        language = request.args.get("lang")
        pdf = printing.visitor_guide(fair, language if language in current_app.config["PUBLIC_LANGUAGES"]
                                     else str(get_locale() or "de"))
    elif fair_document == "gespraeche":
        pdf = printing.interview_lists(fair, interviewing_exhibitors(event.id))
    else:
        confirmed = db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == event.id,
                                                               Exhibitor.state == ExhibitorState.CONFIRMED)
                                       .options(selectinload(Exhibitor.booth)).order_by(by_company())).all()
        pdf = printing.staff_badges(fair, confirmed, preset("a4-2x4-90x55"))
    return pdf_response(pdf, f"{fair_document}-{event.id}.pdf")
