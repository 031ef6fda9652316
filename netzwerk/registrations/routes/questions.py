"""Coordinators shape an event's registration form: its own questions (ordered) and the optional fields."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ...common.access import get_child_or_404, get_managed_or_404
from ...common.views import confirm_delete, render_form
from ...events.models import Event
from ...extensions import db
from ..forms import CHOICE_KINDS, QuestionForm, RegistrationSettingsForm, lines
from ..models import Question
from ..selfservice import event_questions
from .admin import bp


@bp.route("/veranstaltungen/<int:event_id>/fragen")
def questions(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    return render_template("registrations/admin/questions.html", event=event, questions=event_questions(event.id))


@bp.route("/veranstaltungen/<int:event_id>/fragen/neu", methods=["GET", "POST"])
@bp.route("/veranstaltungen/<int:event_id>/fragen/<int:question_id>", methods=["GET", "POST"])
def question_form(event_id: int, question_id: int | None = None):
    event = get_managed_or_404(Event, event_id, current_user)
    question = _question_of(event, question_id) if question_id else None
    form = QuestionForm(obj=question)
    if question and request.method == "GET":
        form.options.data = "\n".join(question.options)  # a list on the model, one per line in the form
    if form.validate_on_submit():
        save_question(event, question, form.data)
        db.session.commit()
        flash(_("Die Frage wurde gespeichert."), "success")
        return redirect(url_for("registration_admin.questions", event_id=event.id))
    return render_form("registrations/admin/question_form.html", form, event=event, question=question)


@bp.route("/veranstaltungen/<int:event_id>/fragen/<int:question_id>/loeschen", methods=["GET", "POST"])
def question_delete(event_id: int, question_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    question = _question_of(event, question_id)
    list_url = url_for("registration_admin.questions", event_id=event.id)
    return confirm_delete(question, name=question.label, what=_("Die Frage"), done_url=list_url, cancel_url=list_url)


@bp.route("/veranstaltungen/<int:event_id>/fragen/<int:question_id>/verschieben", methods=["POST"])
def question_move(event_id: int, question_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    question = _question_of(event, question_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    move_question(question, -1 if direction == "up" else 1)
    db.session.commit()
    return redirect(url_for("registration_admin.questions", event_id=event.id) + f"#question-{question.id}")


@bp.route("/veranstaltungen/<int:event_id>/anmeldung", methods=["GET", "POST"])
def settings(event_id: int):
    event = get_managed_or_404(Event, event_id, current_user)
    form = RegistrationSettingsForm(obj=event)
    if request.method == "GET":
        form.topics.data = "\n".join(event.topics or [])
    if form.validate_on_submit():
        save_settings(event, form.data)
        db.session.commit()
        flash(_("Die Einstellungen zur Anmeldung wurden gespeichert."), "success")
        return redirect(url_for("registration_admin.settings", event_id=event.id))
    return render_form("registrations/admin/settings.html", form, event=event)


def save_question(event: Event, question: Question | None, data: dict) -> Question:
    """Create (at the end of the list) or change a question; options only for the choice kinds."""
    if question is None:
        last = db.session.scalar(select(func.max(Question.position)).where(Question.event_id == event.id))
        question = Question(event_id=event.id, position=(last or 0) + 1)
        db.session.add(question)
    question.label = data["label"].strip()
    question.kind = data["kind"]
    question.required = bool(data["required"])
    question.help_text = (data["help_text"] or "").strip()
    question.options = lines(data["options"]) if data["kind"] in CHOICE_KINDS else []
    db.session.flush()
    return question


def move_question(question: Question, step: int) -> None:
    """Swap the question with its neighbour; positions are renumbered 1..n on the way."""
    ordered = event_questions(question.event_id)
    index = ordered.index(question)
    target = index + step
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    db.session.flush()


def save_settings(event: Event, data: dict) -> None:
    event.requires_approval = bool(data["requires_approval"])
    event.ask_accessibility = bool(data["ask_accessibility"])
    event.ask_dietary = bool(data["ask_dietary"])
    event.topics = lines(data["topics"])
    event.retention_days = data["retention_days"]
    db.session.flush()


def _question_of(event: Event, question_id: int) -> Question:
    return get_child_or_404(Question, question_id, event_id=event.id)
