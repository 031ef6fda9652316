"""The coordinator's table-group pages: set-up, solve, move, lock, publish, projector view."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..common.access import get_child_or_404, get_managed_or_404, protect_blueprint
from ..common.choices import as_choices
from ..events.models import AgendaItem, Event
from ..extensions import db
from . import services
from .assign import InstanceError
from .forms import ActionForm, MoveForm, RoundForm, SettingsForm, SolveForm, TablesForm, table_form
from .models import GroupTable, TableRound

bp = Blueprint("tables", __name__, url_prefix="/manage")
protect_blueprint(bp)


def _event(event_id: int) -> Event:
    return get_managed_or_404(Event, event_id, current_user)


def _overview(event_id: int):
    return redirect(url_for("tables.index", event_id=event_id))


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen")
def index(event_id: int):
    return render_page(_event(event_id))


def render_page(event: Event, status: int = 200, **forms):
    seating = services.seating_of(event)
    evaluation = services.evaluation_of(seating)
    round_form = forms.get("round_form") or RoundForm()
    round_form.agenda_item_id.choices = agenda_choices(event)
    move_form = forms.get("move_form") or MoveForm()
    offer_move_choices(move_form, seating)
    return render_template(
        "tables/index.html", event=event, seating=seating, plan=seating.plan, evaluation=evaluation,
        view=services.plan_view(seating, evaluation) if seating.seats else [],
        metrics=services.metric_rows(seating.plan), round_form=round_form,
        tables_form=forms.get("tables_form") or TablesForm(), solve_form=forms.get("solve_form") or SolveForm(),
        settings_form=forms.get("settings_form") or SettingsForm(participants=seating.plan.participants),
        move_form=move_form, action_form=ActionForm(), refusal=forms.get("refusal"),
    ), status


def agenda_choices(event: Event):
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == event.id)
                               .order_by(AgendaItem.starts_at, AgendaItem.id)).all()
    return as_choices([("", _("keiner"))] + [(item.id, item.title) for item in items])


def offer_move_choices(form: MoveForm, seating: services.Seating) -> None:
    form.registration_id.choices = as_choices([(person.id, person.full_name) for person in seating.people])
    form.round_id.choices = as_choices([(round_.id, round_.label) for round_ in seating.rounds])
    form.table_id.choices = as_choices([(table.id, _("Tisch %(table)s", table=table.label))
                                        for table in seating.tables])


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/runden", methods=["POST"])
def add_round(event_id: int):
    event = _event(event_id)
    form = RoundForm()
    form.agenda_item_id.choices = agenda_choices(event)
    if not form.validate_on_submit():
        return render_page(event, 422, round_form=form)
    services.add_round(event, form.label.data, form.agenda_item_id.data)
    db.session.commit()
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/runden/<int:round_id>/<action>", methods=["POST"])
def round_action(event_id: int, round_id: int, action: str):
    event = _event(event_id)
    round_ = get_child_or_404(TableRound, round_id, event_id=event.id)
    if action not in ("sperren", "freigeben") or not ActionForm().validate_on_submit():
        abort(400)
    round_.locked = action == "sperren"
    db.session.commit()
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/runden/<int:round_id>/loeschen", methods=["GET", "POST"])
def delete_round(event_id: int, round_id: int):
    event = _event(event_id)
    round_ = get_child_or_404(TableRound, round_id, event_id=event.id)
    return _confirm_delete(event, round_.label, lambda: services.remove_round(round_))


def _confirm_delete(event: Event, name: str, delete):
    """GET asks, POST deletes: a round or a table takes its seats with it, in a published plan too."""
    if request.method == "GET":
        return render_template("common/confirm_delete.html", name=name, blockers=[], refusal="",
                               cancel_url=url_for("tables.index", event_id=event.id))
    if not ActionForm().validate_on_submit():
        abort(400)
    delete()
    db.session.commit()
    flash(_("„%(name)s“ wurde gelöscht.", name=name), "success")
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/tische", methods=["POST"])
def add_tables(event_id: int):
    event = _event(event_id)
    form = TablesForm()
    if not form.validate_on_submit():
        return render_page(event, 422, tables_form=form)
    services.add_tables(event, form.count.data, form.capacity.data)
    db.session.commit()
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/tische/<int:table_id>", methods=["GET", "POST"])
def edit_table(event_id: int, table_id: int):
    event = _event(event_id)
    table = get_child_or_404(GroupTable, table_id, event_id=event.id)
    seating = services.seating_of(event)
    data = {"label": table.label, "capacity": table.capacity, "host_registration_id": table.host_registration_id,
            **{f"topic_{round_.id}": table.topic(round_.id) for round_ in seating.rounds}}
    form = table_form(seating.rounds, formdata=request.form if request.method == "POST" else None, data=data)
    form.host_registration_id.choices = as_choices([("", _("niemand"))] + [
        (person.id, person.full_name) for person in seating.people])
    if form.validate_on_submit():
        services.save_table(table, form.data, seating.rounds)
        db.session.commit()
        flash(_("Tisch %(table)s wurde gespeichert.", table=table.label), "success")
        return _overview(event.id)
    status = 422 if form.is_submitted() else 200
    return render_template("tables/table.html", event=event, table=table, form=form,
                           rounds=seating.rounds), status


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/tische/<int:table_id>/loeschen", methods=["GET", "POST"])
def delete_table(event_id: int, table_id: int):
    event = _event(event_id)
    table = get_child_or_404(GroupTable, table_id, event_id=event.id)
    return _confirm_delete(event, _("Tisch %(table)s", table=table.label), lambda: db.session.delete(table))


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/einstellungen", methods=["POST"])
def settings(event_id: int):
    event = _event(event_id)
    form = SettingsForm()
    if not form.validate_on_submit():
        return render_page(event, 422, settings_form=form)
    services.plan_of(event).participants = form.participants.data
    db.session.commit()
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/berechnen", methods=["POST"])
def solve(event_id: int):
    event = _event(event_id)
    form = SolveForm()
    if not form.validate_on_submit():
        return render_page(event, 422, solve_form=form)
    seating = services.seating_of(event)
    try:
        result = services.solve_plan(seating, float(form.seconds.data), form.seed.data)
    except InstanceError as refused:
        db.session.rollback()
        return render_page(event, 422, solve_form=form, refusal=str(refused))
    db.session.commit()
    if seating.plan.moved:
        flash(_("Der Plan wurde neu berechnet; %(moved)d Plätze in gesperrten oder veröffentlichten Runden haben "
                "sich geändert.", moved=result.moved), "warning")
    else:
        flash(_("Der Plan wurde berechnet."), "success")
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/verschieben", methods=["POST"])
def move(event_id: int):
    event = _event(event_id)
    seating = services.seating_of(event)
    form = MoveForm()
    offer_move_choices(form, seating)
    if not form.validate_on_submit():
        return render_page(event, 422, move_form=form)
    round_ = get_child_or_404(TableRound, form.round_id.data, event_id=event.id)
    table = get_child_or_404(GroupTable, form.table_id.data, event_id=event.id)
    try:
        services.move(seating, form.registration_id.data, round_, table)
    except services.SeatingRefused as refused:
        db.session.rollback()
        form.table_id.errors = [str(refused)]
        return render_page(event, 422, move_form=form, refusal=str(refused))  # also on top, where the page opens
    db.session.commit()
    flash(_("Umgesetzt. Markierte Plätze zeigen, was dadurch kollidiert."), "success")
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/<action>", methods=["POST"])
def publish(event_id: int, action: str):
    event = _event(event_id)
    if action not in ("veroeffentlichen", "zurueckziehen") or not ActionForm().validate_on_submit():
        abort(404 if action not in ("veroeffentlichen", "zurueckziehen") else 400)
    seating = services.seating_of(event)
    if action == "veroeffentlichen" and not seating.seats:
        flash(_("Es gibt noch keinen Plan zum Veröffentlichen."), "warning")
        return _overview(event.id)
    services.set_published(seating, action == "veroeffentlichen")
    db.session.commit()
    flash(_("Die Tische sind jetzt für die Teilnehmenden sichtbar.") if action == "veroeffentlichen"
          else _("Die Tische sind nicht mehr sichtbar."), "success")
    return _overview(event.id)


@bp.route("/veranstaltungen/<int:event_id>/tischgruppen/runden/<int:round_id>/beamer")
def projector(event_id: int, round_id: int):
    event = _event(event_id)
    round_ = get_child_or_404(TableRound, round_id, event_id=event.id)
    seating = services.seating_of(event)
    view = {r.id: tables for r, tables in services.plan_view(seating, None)}
    return render_template("tables/projector.html", event=event, round=round_, tables=view.get(round_.id, []))
