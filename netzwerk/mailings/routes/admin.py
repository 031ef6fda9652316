"""Mailings of a network and of its events: write (template, placeholders), preview per recipient, test mail to
oneself, send through the outbox; progress and the record of who got what; the network's saved templates."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...common.access import ensure_manages, get_managed_or_404, protect_blueprint
from ...common.incoming import database_id
from ...common.views import confirm_delete, paginate, render_form
from ...events.models import Event
from ...extensions import db
from ...networks.models import Network
from ..audience import event_addressees, network_addressees
from ..forms import EventMailingForm, MailingTemplateForm, NetworkMailingForm
from ..mail import listed_subject
from ..models import Mailing, MailingTemplate
from ..placeholders import allowed_fields
from ..services import (
    Draft,
    just_sent,
    mail_states,
    mailings_of,
    preview,
    progress,
    queue_mailing,
    queue_test_mail,
    recipients_stmt,
    save_template,
    templates_of,
)

bp = Blueprint("mailing_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)

ACTIONS = ("preview", "test", "send")


def _network(network_id: int) -> Network:
    network = db.get_or_404(Network, network_id)
    ensure_manages(current_user, network.id)
    return network


@bp.route("/netzwerke/<int:network_id>/mailings")
def index(network_id: int):
    network = _network(network_id)
    mailings = mailings_of(network.id)
    return render_template("mailings/admin/index.html", network=network, mailings=mailings,
                           subjects={mailing.id: listed_subject(mailing) for mailing in mailings},
                           templates=templates_of(network.id))


@bp.route("/netzwerke/<int:network_id>/mailings/neu", methods=["GET", "POST"])
def new_for_network(network_id: int):
    network = _network(network_id)
    form = NetworkMailingForm()
    form.fill_choices(network.id)
    return _compose(form, network, None, lambda: network_addressees(network.id, form.criteria()),
                    lambda: {"network": form.criteria().__dict__})


@bp.route("/veranstaltungen/<int:event_id>/mailings/neu", methods=["GET", "POST"])
def new_for_event(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = EventMailingForm()
    form.fill_choices(event)
    return _compose(form, event.network, event, lambda: event_addressees(event.id, form.audience()),
                    lambda: {"event": form.audience().as_dict()})


def _compose(form, network, event, addressees_of, filters_of):
    """GET: an empty form (or a saved template's text); POST with `action`: preview, test mail or send."""
    if request.method == "GET":
        _load_template(form, network.id)
        return _render(form, network, event)
    action = request.form.get("action")
    if action not in ACTIONS:
        abort(400)
    if not form.validate_on_submit():
        return _render(form, network, event, status=422)
    draft = Draft(network=network, event=event, subject=form.subject.data, body=form.body.data, filters=filters_of())
    addressees = addressees_of()
    reachable = [a for a in addressees if a.reachable]
    if action == "send":
        if not reachable or request.form.get("confirm") != str(len(reachable)):
            flash(_("Die Liste hat sich geändert oder wurde nicht bestätigt: Bitte prüfen Sie die Vorschau und "
                    "senden Sie noch einmal."), "warning")
            return _render(form, network, event, addressees=addressees, status=409)
        if (earlier := just_sent(draft, len(reachable), current_user)) is not None:
            flash(_("Diese Mail ist eben schon an diese Auswahl gegangen und wurde nicht noch einmal versendet."),
                  "info")
            return redirect(url_for("mailing_admin.detail", mailing_id=earlier.id))
        mailing = queue_mailing(draft, addressees, user=current_user)
        db.session.commit()
        flash(ngettext("%(num)d Mail wird versendet.", "%(num)d Mails werden versendet.", mailing.queued), "success")
        return redirect(url_for("mailing_admin.detail", mailing_id=mailing.id))
    chosen = _chosen(form, reachable)
    if action == "test":
        queue_test_mail(draft, chosen, current_user)
        db.session.commit()
        flash(_("Die Testmail geht an %(address)s.", address=current_user.email), "success")
    return _render(form, network, event, addressees=addressees, shown=preview(draft, chosen) if chosen else None,
                   chosen=chosen)


def _chosen(form, reachable):
    """The recipient the preview shows: the one picked, else the first."""
    form.preview_for.choices = [(_key(a), f"{a.name} <{a.email}>") for a in reachable]
    wanted = form.preview_for.data
    for addressee in reachable:
        if _key(addressee) == wanted:
            return addressee
    if reachable:
        form.preview_for.data = _key(reachable[0])
        return reachable[0]
    return None


def _key(addressee) -> str:
    return f"{addressee.person_id or ''}-{addressee.registration_id or ''}"


def _load_template(form, network_id: int) -> None:
    template_id = request.args.get("vorlage", type=database_id)  # a hand-made number beyond the ids: no template
    if template_id is None:
        return
    template = db.session.get(MailingTemplate, template_id)
    if template is not None and template.network_id == network_id:
        form.subject.data, form.body.data = template.subject, template.body


def _render(form, network, event, addressees=None, shown=None, chosen=None, status=200):
    if form.preview_for.choices is None:
        form.preview_for.choices = []
    return render_template("mailings/admin/new.html", form=form, network=network, event=event, addressees=addressees,
                           reachable=[a for a in addressees or [] if a.reachable], shown=shown, chosen=chosen,
                           templates=templates_of(network.id), fields=allowed_fields(event is not None)), status


@bp.route("/mailings/<int:mailing_id>")
def detail(mailing_id: int):
    mailing = get_managed_or_404(Mailing, mailing_id, current_user)
    page = paginate(recipients_stmt(mailing.id))
    return render_template("mailings/admin/detail.html", mailing=mailing, subject=listed_subject(mailing),
                           counts=progress(mailing.id), page=page, states=mail_states(page.items))


# --- templates -----------------------------------------------------------------------------------------------------

@bp.route("/netzwerke/<int:network_id>/mailing-vorlagen/neu", methods=["GET", "POST"])
def new_template(network_id: int):
    network = _network(network_id)
    return _template_form(network, None)


@bp.route("/mailing-vorlagen/<int:template_id>", methods=["GET", "POST"])
def edit_template(template_id: int):
    template = get_managed_or_404(MailingTemplate, template_id, current_user)
    return _template_form(db.session.get(Network, template.network_id), template)


def _template_form(network, template):
    form = MailingTemplateForm(obj=template, network_id=network.id, template_id=template.id if template else None)
    if form.validate_on_submit():
        save_template(template, network.id, form.data)
        db.session.commit()
        flash(_("Vorlage gespeichert."), "success")
        return redirect(url_for("mailing_admin.index", network_id=network.id))
    return render_form("mailings/admin/template.html", form, network=network, saved=template,
                       fields=allowed_fields(True))


@bp.route("/mailing-vorlagen/<int:template_id>/loeschen", methods=["GET", "POST"])
def delete_template(template_id: int):
    template = get_managed_or_404(MailingTemplate, template_id, current_user)
    back = url_for("mailing_admin.index", network_id=template.network_id)
    return confirm_delete(template, name=template.name, what=_("die Vorlage"), done_url=back, cancel_url=back)
