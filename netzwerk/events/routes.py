from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..common.access import get_child_or_404, get_managed_or_404, only_managed, protect_blueprint
from ..common.choices import as_choices
from ..common.incoming import database_id
from ..common.text import search_term
from ..common.timing import local, to_instant
from ..common.translations import translation_form_data
from ..common.views import confirm_delete, paginate, render_form
from ..extensions import db
from ..networks.access import managed_networks, offer_managed_networks
from ..people.models import Person
from .cloning import clone_event
from .forms import AgendaItemForm, CloneEventForm, EventForm
from .models import AgendaItem, Event, EventKind, EventStatus
from .services import TRANSLATED, event_days, event_form_data, save_agenda_item, save_event, set_status

bp = Blueprint("events", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/veranstaltungen")
def index():
    query = search_term(request.args)
    stmt = (
        only_managed(select(Event), Event.network_id, current_user)
        .options(selectinload(Event.network))
        .order_by(Event.starts_at.desc())
    )
    if query:
        stmt = stmt.where(or_(Event.title.ilike(f"%{query}%"), Event.venue_name.ilike(f"%{query}%")))
    if (kind := request.args.get("kind")) in EventKind:
        stmt = stmt.where(Event.kind == kind)
    if (status := request.args.get("status")) in EventStatus:
        stmt = stmt.where(Event.status == status)
    if (network_id := request.args.get("network", type=database_id)) is not None:
        stmt = stmt.where(Event.network_id == network_id)
    if request.args.get("when") == "upcoming":
        stmt = stmt.where(Event.ends_at >= func.now())
    return render_template("events/index.html", page=paginate(stmt), query=query, networks=managed_networks(current_user),
                           kinds=EventKind, statuses=EventStatus)


@bp.route("/veranstaltungen/neu", methods=["GET", "POST"])
@bp.route("/veranstaltungen/<int:event_id>/bearbeiten", methods=["GET", "POST"])
def form(event_id: int | None = None):
    event = get_managed_or_404(Event, event_id, current_user) if event_id else None
    form = EventForm(obj=event, data=event_form_data(event) if event and request.method == "GET" else None)
    offer_managed_networks(form, current_user)
    if form.validate_on_submit():
        event = save_event(event, form.data)
        db.session.commit()
        flash(_("Die Veranstaltung „%(title)s“ wurde gespeichert.", title=event.title), "success")
        return redirect(url_for("events.detail", event_id=event.id))
    return render_form("events/form.html", form, event=event)


@bp.route("/veranstaltungen/<int:event_id>")
def detail(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id)
        .options(selectinload(AgendaItem.speakers)).order_by(AgendaItem.starts_at, AgendaItem.id)
    ).all()
    return render_template("events/detail.html", event=event, items=items)


@bp.route("/veranstaltungen/<int:event_id>/kopieren", methods=["GET", "POST"])
def clone(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = CloneEventForm(data={"title": event.title} if request.method == "GET" else None)
    if form.validate_on_submit():
        start_time = None if event.all_day else (form.start_time.data or local(event.starts_at).time())
        copy = clone_event(event, to_instant(form.start_date.data, start_time), form.title.data, user=current_user)
        db.session.commit()
        flash(_("Die Kopie „%(title)s“ wurde als Entwurf angelegt.", title=copy.title), "success")
        return redirect(url_for("events.detail", event_id=copy.id))
    return render_form("events/clone.html", form, event=event)


# Status changes that reach people (every registrant is mailed; the public page and the calendars change) are asked
# first, with what they do.
ASKED_FIRST = {
    EventStatus.CANCELLED: lambda: _("Alle Angemeldeten erhalten eine Absage per E-Mail, mit einer Kalenderdatei, die "
                                     "den Termin aus ihrem Kalender entfernt. Die öffentliche Seite und die "
                                     "Kalender-Feeds zeigen die Veranstaltung als abgesagt; neue Anmeldungen sind "
                                     "nicht mehr möglich."),
    EventStatus.DRAFT: lambda: _("Die Veranstaltung verschwindet von der öffentlichen Seite und aus den "
                                 "Kalender-Feeds; neue Anmeldungen sind nicht mehr möglich. Alle Angemeldeten "
                                 "erhalten eine E-Mail, dass sich die Veranstaltung geändert hat."),
}


@bp.route("/veranstaltungen/<int:event_id>/status", methods=["POST"])
def change_status(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    status = request.form.get("status")
    if status not in EventStatus:
        abort(400)
    if status in ASKED_FIRST and status != event.status and not request.form.get("confirmed"):
        return render_template("events/confirm_status.html", event=event, status=status,
                               consequences=ASKED_FIRST[status]())
    set_status(event, status)
    db.session.commit()
    flash(_("Status: %(status)s.", status=EventStatus(status).label), "success")
    return redirect(url_for("events.detail", event_id=event.id))


@bp.route("/veranstaltungen/<int:event_id>/loeschen", methods=["GET", "POST"])
def delete(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    return confirm_delete(
        event, name=event.title, what=_("Die Veranstaltung"),
        done_url=url_for("events.index"), cancel_url=url_for("events.detail", event_id=event.id),
    )


@bp.route("/veranstaltungen/<int:event_id>/programm/neu", methods=["GET", "POST"])
@bp.route("/veranstaltungen/<int:event_id>/programm/<int:item_id>", methods=["GET", "POST"])
def agenda_item(event_id: int, item_id: int | None = None):
    event = get_managed_or_404(Event, event_id, current_user)
    item = _item_of(event, item_id) if item_id else None
    form = _agenda_form(event, item)
    if form.validate_on_submit():
        save_agenda_item(event, item, form.data)
        db.session.commit()
        flash(_("Der Programmpunkt wurde gespeichert."), "success")
        return redirect(url_for("events.detail", event_id=event.id) + "#agenda")
    return render_form("events/agenda_item.html", form, event=event, item=item)


@bp.route("/veranstaltungen/<int:event_id>/programm/<int:item_id>/loeschen", methods=["GET", "POST"])
def delete_agenda_item(event_id: int, item_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    item = _item_of(event, item_id)
    detail_url = url_for("events.detail", event_id=event.id)
    return confirm_delete(item, name=item.title, what=_("Der Programmpunkt"), done_url=detail_url, cancel_url=detail_url)


def _item_of(event: Event, item_id: int) -> AgendaItem:
    return get_child_or_404(AgendaItem, item_id, event_id=event.id)


def _agenda_form(event: Event, item: AgendaItem | None) -> AgendaItemForm:
    form = AgendaItemForm(obj=item, data=translation_form_data(item, TRANSLATED) if request.method == "GET" else None)
    form.day.choices = as_choices([(day.isoformat(), format_date(day, "full")) for day in event_days(event)])
    people = db.session.scalars(
        select(Person).where(Person.network_id == event.network_id).order_by(Person.family_name, Person.given_name)
    )
    form.speakers.choices = as_choices([(person.id, person.full_name) for person in people])
    if request.method == "GET" and item is not None:
        form.day.data = local(item.starts_at).date().isoformat()
        form.start_time.data = local(item.starts_at).time()
        form.end_time.data = local(item.ends_at).time() if item.ends_at else None
        form.speakers.data = [person.id for person in item.speakers]
    return form

