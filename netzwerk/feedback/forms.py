from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..common.choices import as_choices
from ..common.forms import Form
from .models import RATING, SurveyQuestionKind
from .questions import label
from .services import MAX_TEXT


class QuestionForm(Form):
    kind = SelectField(_l("Art der Frage"), choices=SurveyQuestionKind.choices(), default=RATING)
    text = StringField(_l("Frage"), validators=[DataRequired(), Length(max=300)])


def answer_form(questions: list[dict], data=None) -> Form:
    """The survey as a form: a 1–5 choice per rating question, a text box per free-text question, and the choice
    to give one's name."""

    class AnswerForm(Form):
        with_name = BooleanField(_l("Mit meinem Namen antworten (sonst anonym)"))

    for question in questions:
        if question["kind"] == RATING:
            field = RadioField(label(question), choices=as_choices([str(value) for value in range(1, 6)]),
                               validators=[Optional()])
        else:
            field = TextAreaField(label(question), validators=[Optional(), Length(max=MAX_TEXT)])
        setattr(AnswerForm, f"q_{question['key']}", field)
    form = AnswerForm(data=data)
    form.question_fields = [(question, form[f"q_{question['key']}"]) for question in questions]
    return form

