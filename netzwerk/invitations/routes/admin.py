"""The event's "Einladungen": choose recipients, preview, send; who answered how; reminders; invitation only."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...common.access import get_managed_or_404, protect_blueprint
from ...common.incoming import database_id
from ...events.models import Event
from ...extensions import db
from ..forms import InvitationOnlyForm, RecipientFilterForm, ReminderForm
from ..models import InvitationState
from ..services import (
    InvitationRefused,
    counts,
    invitation_list,
    invite,
    note_registrations,
    preview,
    remind,
    set_invitation_only,
)

bp = Blueprint("invitation_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)

STATE_LABELS = {state.value: state.label for state in InvitationState}


def _event(event_id: int) -> Event:
    return get_managed_or_404(Event, event_id, current_user)


@bp.route("/veranstaltungen/<int:event_id>/einladungen")
def index(event_id: int):
    event = _event(event_id)
    note_registrations(event.id)
    db.session.commit()
    state = request.args.get("state") if request.args.get("state") in InvitationState else None
    return render_template("invitations/admin/index.html", event=event, counts=counts(event.id), state=state,
                           invitations=invitation_list(event.id, state), reminder_form=ReminderForm(), state_labels=STATE_LABELS,
                           setting_form=InvitationOnlyForm(invitation_only=event.invitation_only))


@bp.route("/veranstaltungen/<int:event_id>/einladungen/neu", methods=["GET", "POST"])
def new(event_id: int):
    """GET: the filters and the list they choose (nothing changes); POST (same filters): send."""
    event = _event(event_id)
    source = request.form if request.method == "POST" else request.args
    form = RecipientFilterForm(formdata=source if _has_filter(source) else None)
    form.fill_choices(event)
    if not form.validate():
        return render_template("invitations/admin/new.html", event=event, form=form, chosen=None), 400
    criteria = form.criteria(event)
    if request.method == "POST" and request.form.get("confirm") != "1":
        abort(400)  # only the preview's button sends (its filters come along)
    if request.method == "POST":
        try:
            sent = invite(event, criteria, user=current_user)
        except InvitationRefused:
            db.session.rollback()
            flash(_("Einladungen gehen erst raus, wenn die Veranstaltung veröffentlicht ist."), "warning")
            return redirect(url_for("invitation_admin.new", event_id=event.id, **request.form.to_dict(flat=False)))
        db.session.commit()
        flash(ngettext("%(num)d Einladung wird versendet.", "%(num)d Einladungen werden versendet.", sent.sent), "success")
        _flash_not_sent(sent)
        return redirect(url_for("invitation_admin.index", event_id=event.id))
    return render_template("invitations/admin/new.html", event=event, form=form, chosen=preview(event, criteria),
                           query=request.args.to_dict(flat=False))


def _has_filter(source) -> bool:
    return any(key not in ("csrf_token", "confirm") for key in source)


@bp.route("/veranstaltungen/<int:event_id>/einladungen/erinnern", methods=["POST"])
def remind_unanswered(event_id: int):
    event = _event(event_id)
    form = ReminderForm()
    if not form.validate_on_submit():
        flash(_("Die Erinnerung wurde nicht verschickt: Bitte versuchen Sie es noch einmal."), "danger")
        return redirect(url_for("invitation_admin.index", event_id=event.id))
    chosen = None
    if form.only_chosen.data:
        chosen = _ids(request.form.getlist("invitation"))
        if not chosen:
            flash(_("Bitte kreuzen Sie an, wen Sie erinnern möchten."), "warning")
            return redirect(url_for("invitation_admin.index", event_id=event.id))
    sent = remind(event, chosen)
    db.session.commit()
    flash(ngettext("%(num)d Erinnerung wird versendet.", "%(num)d Erinnerungen werden versendet.", sent.sent), "success")
    _flash_not_sent(sent)
    return redirect(url_for("invitation_admin.index", event_id=event.id))


@bp.route("/veranstaltungen/<int:event_id>/einladungen/einstellung", methods=["POST"])
def setting(event_id: int):
    event = _event(event_id)
    form = InvitationOnlyForm()
    if form.validate_on_submit():
        set_invitation_only(event, form.invitation_only.data)
        db.session.commit()
        flash(_("Anmeldung nur mit Einladung: an.") if event.invitation_only
              else _("Anmeldung nur mit Einladung: aus."), "success")
    return redirect(url_for("invitation_admin.index", event_id=event.id))


def _ids(values: list[str]) -> list[int]:
    found = []
    for value in values:
        try:
            found.append(database_id(value))
        except ValueError:
            continue
    return found


SHOWN_NAMES = 10  # the flash lives in the session cookie: the rest is counted


def _flash_not_sent(sent) -> None:
    for names, message in ((sent.without_email, lambda listed: _("Ohne E-Mail-Adresse, keine Mail: %(names)s",
                                                                 names=listed)),
                           (sent.opted_out, lambda listed: _("Möchten keine Einladungen, keine Mail: %(names)s",
                                                             names=listed)),
                           (sent.already_invited, lambda listed: _("Schon eingeladen, nicht noch einmal: %(names)s",
                                                                   names=listed)),
                           (sent.just_reminded, lambda listed: _("Eben erst erinnert, nicht noch einmal: %(names)s",
                                                                 names=listed))):
        if names:
            listed = ", ".join(names[:SHOWN_NAMES])
            if len(names) > SHOWN_NAMES:
                listed += " " + _("und %(num)d weitere", num=len(names) - SHOWN_NAMES)
            flash(message(listed), "info")
