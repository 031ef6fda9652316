"""The coordinator's registration pages: list with filters and bulk actions, add, edit, export, import."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from ...common.access import get_managed_or_404, protect_blueprint
from ...common.choices import as_choices
from ...common.incoming import database_id
from ...common.text import search_term
from ...common.timing import utcnow
from ...common.views import paginate, render_form
from ...events.models import Event
from ...extensions import db
from ...kommunen.models import named_apart
from ...organisations.models import OrganisationType
from ...people.models import Person
from ..admin_forms import ActionForm, AddRegistrationForm, DecisionForm, ImportConfirmForm, ImportUploadForm, edit_form
from ..admin_services import (
    BULK_ACTIONS,
    ORGANISATION_TYPE_NAMES,
    NotStartedYet,
    add_by_hand,
    bulk_action,
    capacity_gauges,
    contact_details,
    contacts_matching,
    export_table,
    import_rows,
    kommune_options,
    not_cancelled,
    registration_list,
    registration_of,
    update_registration,
)
from ..capacity import state_counts
from ..export import to_csv, to_xlsx
from ..importer import MAX_BYTES, ImportFileError, parse, validate
from ..models import Attendance, RegistrationState
from ..selfservice import event_questions, network_choices, waitlist_position
from ..services import (
    accept_entered_details,
    approve,
    cancel,
    discard_entered_details,
    person_differences,
    reissue_link,
    reject,
)

bp = Blueprint("registration_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)

EXPORT_TYPES = {
    "csv": "text/csv",  # Response adds "; charset=utf-8" to text types
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _event(event_id: int) -> Event:
    return get_managed_or_404(Event, event_id, current_user)


def _registration(event: Event, registration_id: int):
    return registration_of(event, registration_id) or abort(404)


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen")
def index(event_id: int):
    event = _event(event_id)
    filters = _list_filters()
    stmt = registration_list(event.id, **filters)
    counts = state_counts(event.id)
    return render_template(
        "registrations/admin/index.html", event=event, page=paginate(stmt), counts=counts,
        gauges=capacity_gauges(event, counts), **filters, attendances=Attendance,
        kommunen=named_apart(network_choices(event.network_id)[1]), export_args=_filter_args(filters),
        states=RegistrationState, organisation_types=OrganisationType, bulk_form=ActionForm(),
        has_started=event.starts_at <= utcnow(),
    )


def _list_filters() -> dict:
    """The list's filters from the query string, each dropped when it is not a known value."""
    organisation_type = request.args.get("organisation_type")
    return dict(
        query=search_term(request.args),
        state=request.args.get("state") if request.args.get("state") in RegistrationState else None,
        kommune_id=request.args.get("kommune", type=database_id),
        organisation_type=organisation_type if organisation_type in OrganisationType else None,
        attendance=request.args.get("attendance") if request.args.get("attendance") in Attendance else None,
    )


FILTER_ARGS = {"query": "q", "state": "state", "kommune_id": "kommune", "organisation_type": "organisation_type",
               "attendance": "attendance"}


def _filter_args(filters: dict) -> dict:
    """The filters as the list's query string names them, so the export takes the same."""
    return {FILTER_ARGS[name]: value for name, value in filters.items() if value}


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/sammelaktion", methods=["POST"])
def bulk(event_id: int):
    event = _event(event_id)
    form = ActionForm()
    action = request.form.get("action")
    back = redirect(url_for(".index", event_id=event.id, **request.args))
    if not form.validate_on_submit() or action not in BULK_ACTIONS:
        abort(400)
    ids = [int(value) for value in request.form.getlist("registration_ids") if value.isdigit()]
    if not ids:
        flash(_("Bitte wählen Sie mindestens eine Anmeldung aus."), "warning")
        return back
    if action == "cancel" and not request.form.get("confirmed") and (to_cancel := not_cancelled(event, ids)):
        return _confirm_cancel(event, to_cancel, url_for(".bulk", event_id=event.id, **request.args),
                               url_for(".index", event_id=event.id, **request.args))
    try:
        result = bulk_action(event, ids, action, current_user)
    except NotStartedYet:
        flash(_("Teilnahme kann erst ab Beginn der Veranstaltung vermerkt werden."), "warning")
        return back
    db.session.commit()
    messages = {
        "approve": _approval_summary(result),
        "cancel": ngettext("%(num)d Anmeldung storniert.", "%(num)d Anmeldungen storniert.", result.done),
        "waitlist": ngettext("%(num)d Anmeldung auf die Warteliste gesetzt.",
                             "%(num)d Anmeldungen auf die Warteliste gesetzt.", result.done),
        "resend": ngettext("%(num)d neuer Link verschickt.", "%(num)d neue Links verschickt.", result.done),
        "attend": ngettext("%(num)d Teilnahme vermerkt.", "%(num)d Teilnahmen vermerkt.", result.done),
    }
    summary = [messages[action]]
    if result.moved_up:
        summary.append(ngettext("%(num)d Person ist von der Warteliste nachgerückt.",
                                "%(num)d Personen sind von der Warteliste nachgerückt.", len(result.moved_up)))
    if result.skipped:
        summary.append(ngettext("%(num)d übersprungen (passt nicht zum Status).",
                                "%(num)d übersprungen (passen nicht zum Status).", result.skipped))
    flash(" ".join(summary), "success" if result.done and not result.waitlisted else "warning")
    return back


def _confirm_cancel(event: Event, registrations, action_url: str, back_url: str) -> str:
    """Cancelling mails each person and gives their place away for good: asked first."""
    question = ngettext("%(num)d Anmeldung stornieren?", "%(num)d Anmeldungen stornieren?", len(registrations))
    return render_template("registrations/admin/confirm_cancel.html", event=event, registrations=registrations,
                           question=question, action=action_url, cancel_url=back_url)


NAMES_IN_MESSAGE = 10


def _names(registrations) -> str:
    """Names for a message: the first few, then how many more."""
    names = [registration.full_name or registration.email or "–" for registration in registrations]
    shown = ", ".join(names[:NAMES_IN_MESSAGE])
    if len(names) > NAMES_IN_MESSAGE:
        shown += " " + _("und %(num)d weitere", num=len(names) - NAMES_IN_MESSAGE)
    return shown


def _approval_summary(result) -> str:
    """What approving did to each: confirmed, or on the waiting list because no place was free."""
    if not result.done:
        return _("Keine Anmeldung freigegeben.")
    parts = []
    if result.confirmed:
        parts.append(ngettext("%(num)d bestätigt (%(names)s)", "%(num)d bestätigt (%(names)s)",
                              len(result.confirmed), names=_names(result.confirmed)))
    if result.waitlisted:
        parts.append(ngettext("%(num)d auf die Warteliste, weil kein Platz frei ist (%(names)s)",
                              "%(num)d auf die Warteliste, weil keine Plätze frei sind (%(names)s)",
                              len(result.waitlisted), names=_names(result.waitlisted)))
    head = ngettext("%(num)d Anmeldung freigegeben:", "%(num)d Anmeldungen freigegeben:", result.done)
    return f"{head} {'; '.join(parts)}."


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/neu", methods=["GET", "POST"])
def add(event_id: int):
    event = _event(event_id)
    organisations, kommunen = network_choices(event.network_id)
    contact = _contact(event)
    prefill = contact_details(contact, kommunen) if contact is not None and request.method == "GET" else None
    form = AddRegistrationForm(event_id=event.id, data=prefill)
    form.organisation_id.choices = as_choices(
        [("", _("– keine oder neue –"))] + [(organisation.id, organisation.name) for organisation in organisations])
    form.kommune_id.choices = as_choices([("", _("– keine –")), *named_apart(kommunen)])
    if form.validate_on_submit():
        outcome = add_by_hand(event, form.data, notify=form.send_mail.data)
        db.session.commit()
        flash(_("%(name)s wurde angemeldet (%(state)s).", name=outcome.registration.full_name,
                state=RegistrationState(outcome.registration.state).label), "success")
        return redirect(url_for(".index", event_id=event.id))
    contact_query = search_term(request.args, name="kontakt")
    return render_form("registrations/admin/add.html", form, event=event, contact=contact, contact_query=contact_query,
                       contacts=contacts_matching(current_user, event, contact_query) if contact_query else None)


def _contact(event: Event):
    """The network's person chosen to fill the form (?person=id); another network's is not found."""
    person_id = request.args.get("person", type=database_id)
    if person_id is None:
        return None
    person = db.session.get(Person, person_id)
    return person if person is not None and person.network_id == event.network_id else abort(404)


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/<int:registration_id>", methods=["GET", "POST"])
def edit(event_id: int, registration_id: int):
    event = _event(event_id)
    registration = _registration(event, registration_id)
    questions = event_questions(event.id)
    form = edit_form(registration, questions)
    kommunen = network_choices(event.network_id)[1]
    if registration.kommune is not None and registration.kommune not in kommunen:
        kommunen = [*kommunen, registration.kommune]  # a Kommune that has left the network since stays selectable
    form.kommune_id.choices = as_choices([("", _("– keine –")), *named_apart(kommunen)])
    if form.validate_on_submit():
        update_registration(registration, form.data, questions)
        db.session.commit()
        flash(_("Die Anmeldung von %(name)s wurde gespeichert.", name=registration.full_name), "success")
        return redirect(url_for(".edit", event_id=event.id, registration_id=registration.id))
    return render_form("registrations/admin/edit.html", form, event=event, registration=registration,
                       decision_form=DecisionForm(formdata=None), action_form=ActionForm(formdata=None),
                       differences=person_differences(registration))


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/<int:registration_id>/angaben/<action>",
                methods=["POST"])
def details(event_id: int, registration_id: int, action: str):
    """The entered details against the stored person: take them over into the person, or keep the stored ones."""
    event = _event(event_id)
    registration = _registration(event, registration_id)
    if action not in ("uebernehmen", "verwerfen"):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    back = redirect(url_for(".edit", event_id=event.id, registration_id=registration.id))
    if not person_differences(registration):
        flash(_("Die Angaben stimmen mit dem gespeicherten Kontakt überein; es gibt nichts zu übernehmen."), "info")
        return back
    if action == "uebernehmen":
        accept_entered_details(registration)
        message = _("Die Angaben von %(name)s wurden in den Kontakt übernommen.", name=registration.full_name)
    else:
        discard_entered_details(registration)
        message = _("Die abweichenden Angaben wurden verworfen; die Anmeldung zeigt wieder den gespeicherten Kontakt "
                    "%(name)s.", name=registration.full_name)
    db.session.commit()
    flash(message, "success")
    return back


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/<int:registration_id>/<action>", methods=["POST"])
def action(event_id: int, registration_id: int, action: str):
    event = _event(event_id)
    registration = _registration(event, registration_id)
    form = DecisionForm()
    if action not in {"approve", "reject", "cancel", "reissue"}:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    back = redirect(url_for(".edit", event_id=event.id, registration_id=registration.id))
    allowed = {
        "approve": registration.state == RegistrationState.PENDING,
        "reject": registration.state == RegistrationState.PENDING,
        "cancel": registration.state != RegistrationState.CANCELLED,
        "reissue": registration.state != RegistrationState.CANCELLED and bool(registration.email),
    }
    if not allowed[action]:
        flash(_("Das ist im Status „%(state)s“ nicht möglich.", state=RegistrationState(registration.state).label), "error")
        return back
    if action == "cancel" and not request.form.get("confirmed"):
        return _confirm_cancel(event, [registration], request.path, back.location)
    message = form.message.data or ""
    moved_up = []
    if action == "approve":
        approve(registration, message)
    elif action == "reject":
        reject(registration, message)
    elif action == "cancel":
        moved_up = cancel(registration)
    else:
        reissue_link(registration)
    db.session.commit()
    done = {
        "approve": _approval_message(registration),
        "reject": _("%(name)s: abgelehnt.", name=registration.full_name),
        "cancel": _("%(name)s: storniert.", name=registration.full_name),
        "reissue": _("%(name)s: ein neuer persönlicher Link wurde verschickt; der alte gilt nicht mehr.",
                     name=registration.full_name),
    }[action]
    if moved_up:
        done += " " + _("Nachgerückt: %(names)s.", names=", ".join(person.full_name for person in moved_up))
    flash(done, "warning" if action == "approve" and registration.state == RegistrationState.WAITLISTED else "success")
    return back


def _approval_message(registration) -> str:
    if registration.state == RegistrationState.WAITLISTED:
        return _("%(name)s: freigegeben, aber die Veranstaltung ist voll – auf die Warteliste gesetzt "
                 "(Platz %(position)d).", name=registration.full_name, position=waitlist_position(registration))
    return _("%(name)s: freigegeben und bestätigt.", name=registration.full_name)


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/export.<fmt>")
def export(event_id: int, fmt: str):
    event = _event(event_id)
    if fmt not in EXPORT_TYPES:
        abort(404)
    header, rows = export_table(event, _list_filters())
    content = to_csv(header, rows) if fmt == "csv" else to_xlsx(header, rows, sheet_title=_("Anmeldungen"))
    filename = f"anmeldungen-{event.id}-{event.starts_at:%Y-%m-%d}.{fmt}"
    return Response(content, mimetype=EXPORT_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def _import_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="registration-import")


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/import", methods=["GET", "POST"])
def import_upload(event_id: int):
    """Upload and preview; the checked rows travel signed in the confirm form, no file is kept."""
    event = _event(event_id)
    form = ImportUploadForm()
    context = dict(event=event, rows=None, errors=[], confirm_form=None)
    if not form.validate_on_submit():
        return render_form("registrations/admin/import.html", form, **context)
    upload = form.file.data
    content = upload.stream.read(MAX_BYTES + 1)
    try:
        rows, errors = parse(upload.filename or "", content, kommune_options(event.network_id), ORGANISATION_TYPE_NAMES)
    except ImportFileError as problem:
        form.file.errors.append(str(problem))
        status = 413 if len(content) > MAX_BYTES else 422
        return render_template("registrations/admin/import.html", form=form, **context), status
    context.update(rows=rows, errors=errors)
    if not errors and rows:
        payload = _import_serializer().dumps({"event": event.id, "rows": [row.as_dict() for row in rows]})
        context["confirm_form"] = ImportConfirmForm(formdata=None, payload=payload)
    return render_template("registrations/admin/import.html", form=ImportUploadForm(formdata=None), **context), \
        422 if errors else 200


@bp.route("/veranstaltungen/<int:event_id>/anmeldungen/import/bestaetigen", methods=["POST"])
def import_confirm(event_id: int):
    event = _event(event_id)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        payload = _import_serializer().loads(form.payload.data)
    except BadSignature:
        abort(400)
    if payload.get("event") != event.id:
        abort(400)
    # Checked again: Kommunen may have left the network since the preview.
    table = [(row["number"], {key: value or "" for key, value in row.items()}) for row in payload["rows"]]
    rows, errors = validate(table, kommune_options(event.network_id), ORGANISATION_TYPE_NAMES)
    if errors:
        flash(_("Die Liste ist nicht mehr gültig; bitte laden Sie die Datei erneut hoch."), "error")
        return redirect(url_for(".import_upload", event_id=event.id))
    result = import_rows(event, rows, notify=form.send_mail.data)
    db.session.commit()
    message = ngettext("%(num)d Person importiert.", "%(num)d Personen importiert.", result.imported)
    if result.skipped:
        message += " " + ngettext("%(num)d war schon angemeldet und wurde übersprungen.",
                                  "%(num)d waren schon angemeldet und wurden übersprungen.", result.skipped)
    flash(message, "success")
    return redirect(url_for(".index", event_id=event.id))

