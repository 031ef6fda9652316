"""An event's scheduled mails: the rules (add, change, delete, the usual ones in one click) and what each sent."""
from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...common.access import ensure_manages, get_managed_or_404, protect_blueprint
from ...common.views import render_form
from ...events.models import Event
from ...extensions import db
from ..forms import ReminderRuleForm
from ..models import Anchor, Audience, Direction, ReminderKind, ReminderRule
from ..schedule import DEFAULT_RULES, add_default_rules, due_at, rules_of, save_rule, sent_counts

bp = Blueprint("reminder_admin", __name__, url_prefix="/manage")
protect_blueprint(bp)

LABELS = {name: {member.value: member.label for member in vocabulary} for name, vocabulary in
          (('directions', Direction), ('anchors', Anchor), ('audiences', Audience), ('templates', ReminderKind))}


def _rule(rule_id: int) -> ReminderRule:
    rule = db.get_or_404(ReminderRule, rule_id)
    ensure_manages(current_user, rule.event.network_id)
    return rule


@bp.route("/veranstaltungen/<int:event_id>/erinnerungen", methods=["GET", "POST"])
def index(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = ReminderRuleForm()
    if form.validate_on_submit():
        save_rule(None, event, form.data)
        db.session.commit()
        flash(_("Regel angelegt."), "success")
        return redirect(url_for("reminder_admin.index", event_id=event.id))
    rules = rules_of(event.id)
    return render_form("mailings/admin/rules.html", form, event=event, rules=rules, sent=sent_counts(event.id),
                       due={rule.id: due_at(rule, event) for rule in rules},
                       offsets={rule.id: offset_text(rule.days, rule.hours) for rule in rules}, **LABELS)


def offset_text(days: int, hours: int) -> str:
    """"1 Tag", "7 Tage 2 Stunden", "3 Stunden": a part that is zero left out (both zero: "0 Stunden")."""
    parts = [ngettext("%(num)d Tag", "%(num)d Tage", days)] if days else []
    if hours or not days:
        parts.append(ngettext("%(num)d Stunde", "%(num)d Stunden", hours))
    return " ".join(parts)


@bp.route("/veranstaltungen/<int:event_id>/erinnerungen/standard", methods=["POST"])
def defaults(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    from flask_wtf import FlaskForm
    if FlaskForm().validate_on_submit():
        added = add_default_rules(event)
        db.session.commit()
        flash(*defaults_added(added))
    return redirect(url_for("reminder_admin.index", event_id=event.id))


def defaults_added(added: int) -> tuple[str, str]:
    """The message and its category: a second click adds none, which "0 Regeln angelegt." did not explain."""
    if not added:
        return _("Die Standard-Erinnerungen gibt es schon."), "info"
    if added < len(DEFAULT_RULES):
        return ngettext("%(num)d Standard-Erinnerung angelegt, die übrigen gab es schon.",
                        "%(num)d Standard-Erinnerungen angelegt, die übrigen gab es schon.", added), "success"
    return ngettext("%(num)d Standard-Erinnerung angelegt.", "%(num)d Standard-Erinnerungen angelegt.", added), "success"


@bp.route("/erinnerungen/<int:rule_id>", methods=["GET", "POST"])
def edit(rule_id: int):
    rule = _rule(rule_id)
    form = ReminderRuleForm(obj=rule)
    if form.validate_on_submit():
        save_rule(rule, rule.event, form.data)
        db.session.commit()
        flash(_("Regel gespeichert."), "success")
        return redirect(url_for("reminder_admin.index", event_id=rule.event_id))
    return render_form("mailings/admin/rule.html", form, rule=rule, event=rule.event)


@bp.route("/erinnerungen/<int:rule_id>/loeschen", methods=["POST"])
def delete(rule_id: int):
    rule = _rule(rule_id)
    from flask_wtf import FlaskForm
    if FlaskForm().validate_on_submit():
        event_id = rule.event_id
        db.session.delete(rule)
        db.session.commit()
        flash(_("Regel gelöscht."), "success")
        return redirect(url_for("reminder_admin.index", event_id=event_id))
    return redirect(url_for("reminder_admin.index", event_id=rule.event_id))
