"""The coordinator's survey page: questions (or the template), open and send, remind, results, export."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...common.access import get_managed_or_404, protect_blueprint
from ...events.models import Event
from ...extensions import db
from ...registrations.export import to_csv, to_xlsx
from .. import services
from ..forms import QuestionForm
from ..models import SurveyQuestionKind
from ..questions import label

bp = Blueprint("feedback", __name__, url_prefix="/manage")
protect_blueprint(bp)


@bp.route("/veranstaltungen/<int:event_id>/rueckmeldungen")
def index(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    return _page(event, QuestionForm())


def _page(event, form, status: int = 200):
    survey = services.survey_of(event)
    results = services.results(survey) if survey else None
    to_invite, without_email = services.not_yet_invited(event, survey)
    return render_template("feedback/admin/index.html", event=event, survey=survey, form=form,
                           results=results, question_label=label, question_kinds=SurveyQuestionKind.label_of,
                           answered_keys=_answered(results), to_invite=to_invite,
                           without_email=without_email), status


def _answered(results) -> set[str]:
    """The questions with answers (their Entfernen button is left out), from the results already counted."""
    if results is None:
        return set()
    return ({rating.key for rating in results.ratings if rating.total}
            | {text.key for text in results.texts if text.answers})


@bp.route("/veranstaltungen/<int:event_id>/rueckmeldungen/fragen", methods=["POST"])
def add_question(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = QuestionForm()
    if not form.validate_on_submit():
        return _page(event, form, 422)
    survey = services.ensure_survey(event)
    try:
        services.add_question(survey, form.kind.data, form.text.data)
    except ValueError:
        form.text.errors = [_("Die Umfrage hat schon die größte mögliche Zahl an Fragen.")]
        return _page(event, form, 422)
    db.session.commit()
    return redirect(url_for("feedback.index", event_id=event.id))


@bp.route("/veranstaltungen/<int:event_id>/rueckmeldungen/aktion", methods=["POST"])
def action(event_id: int):
    """One button each (CSRF checked by the app's CSRFProtect): the template's questions, remove a question, open
    and send, close, remind."""
    event = get_managed_or_404(Event, event_id, current_user)
    survey = services.ensure_survey(event)
    action = request.form.get("action", "")
    if action == "template":
        services.use_template(survey)
    elif action == "remove":
        try:
            services.remove_question(survey, request.form.get("key", ""))
        except services.QuestionInUse:
            flash(_("Diese Frage bleibt: Die Umfrage ist offen oder die Frage hat schon Antworten, die sonst aus "
                    "den Ergebnissen verschwänden."), "error")
            return _page(event, QuestionForm(formdata=None), 409)
    elif action == "open":
        if not survey.questions:
            flash(_("Bitte legen Sie zuerst Fragen an."), "error")
            return redirect(url_for("feedback.index", event_id=event.id))
        sent = services.open_survey(survey)
        flash(ngettext("Umfrage geöffnet; %(num)d Einladung liegt im Postausgang.",
                       "Umfrage geöffnet; %(num)d Einladungen liegen im Postausgang.", sent), "success")
    elif action == "close":
        services.close_survey(survey)
        flash(_("Die Umfrage ist geschlossen."), "success")
    elif action == "remind":
        sent = services.remind(survey)
        flash(ngettext("%(num)d Erinnerung liegt im Postausgang.", "%(num)d Erinnerungen liegen im Postausgang.",
                       sent), "success")
    else:
        return _page(event, QuestionForm(formdata=None), 400)
    db.session.commit()
    return redirect(url_for("feedback.index", event_id=event.id))


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.route("/veranstaltungen/<int:event_id>/rueckmeldungen.<fmt>")
def export(event_id: int, fmt: str):
    event = get_managed_or_404(Event, event_id, current_user)
    if fmt not in EXPORT_TYPES:
        abort(404)
    header, *rows = services.export_rows(services.survey_of(event))
    data = to_csv(header, rows) if fmt == "csv" else to_xlsx(header, rows, sheet_title=_("Rückmeldungen"))
    response = Response(data, content_type=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="rueckmeldungen-{event.id}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
