"""The public registration form, built per event from its questions and switches; the coordinators' question forms."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..common.choices import as_choices
from ..common.forms import Form, MultiCheckboxField, optional_int
from ..kommunen.models import named_apart
from ..organisations.models import OrganisationType
from .models import Attendance, Question, QuestionKind

TOPIC_RANKS = 3
YES, NO = "Ja", "Nein"  # stored as the German words, like the other vocabularies
CHOICE_KINDS = ("single_choice", "multiple_choice")


class OptionalRadioField(RadioField):
    """A radio group that may stay unanswered; whether it must be answered is up to its validators."""

    def pre_validate(self, form):
        if self.data not in (None, ""):
            super().pre_validate(form)


class NetworkChoiceField(SelectField):
    """A select of the network's organisations or Kommunen, first option "" for none. Its choices may be a callable:
    the list is then read when the form is shown or a choice is checked, not for a registration that chose none."""

    def pre_validate(self, form):
        if self.data is None:  # the first option, always offered (or a value that failed to coerce: reported)
            return
        super().pre_validate(form)



class RegistrationForm(Form):
    """Fields every registration has; registration_form() adds the event's own ones."""

    given_name = StringField(_l("Vorname"), validators=[DataRequired(), Length(max=120)],
                             render_kw={"autocomplete": "given-name"})
    family_name = StringField(_l("Nachname"), validators=[DataRequired(), Length(max=120)],
                              render_kw={"autocomplete": "family-name"})
    email = EmailField(_l("E-Mail-Adresse"),
                       validators=[DataRequired(), Email(message=_l("Bitte eine gültige E-Mail-Adresse angeben.")),
                                   Length(max=254)],
                       render_kw={"autocomplete": "email"},
                       description=_l("An diese Adresse schicken wir die Bestätigung und Ihren persönlichen Link."))
    function = StringField(_l("Funktion"), validators=[Length(max=200)], render_kw={"autocomplete": "organization-title"},
                           description=_l("z. B. Integrationsbeauftragte:r, Fallmanager:in"))
    organisation_id = NetworkChoiceField(_l("Organisation"), coerce=optional_int, validators=[Optional()])
    new_organisation = StringField(_l("Oder: Organisation nicht in der Liste"), validators=[Length(max=200)],
                                   render_kw={"autocomplete": "organization"})
    organisation_type = SelectField(_l("Art der neuen Organisation"), choices=OrganisationType.choices(),
                                    default=OrganisationType.SONSTIGE)
    kommune_id = NetworkChoiceField(_l("Kommune"), coerce=optional_int, validators=[Optional()])
    photo_consent = OptionalRadioField(
        _l("Dürfen wir Sie bei der Veranstaltung fotografieren?"), validators=[Optional()],
        choices=as_choices([(YES, _l("Ja, Fotos von mir dürfen in die Dokumentation des Netzwerks.")),
                            (NO, _l("Nein, bitte keine Fotos von mir."))]),
        description=_l("Ihre Antwort steht klein auf Ihrem Namensschild, damit Fotografierende sie sehen."))
    # A trap for bots: hidden by CSS, so people leave it empty; whoever fills it is not registered.
    website = StringField(_l("Bitte leer lassen"), render_kw={"tabindex": "-1", "autocomplete": "off"})

    def validate_new_organisation(self, field):
        if (field.data or "").strip() and self.organisation_id.data:
            raise ValidationError(_l("Bitte entweder eine Organisation aus der Liste wählen oder eine neue eintragen."))

    def validate_topic_1(self, field):
        chosen = [self[name].data for name in self.topic_field_names() if self[name].data]
        if len(chosen) != len(set(chosen)):
            raise ValidationError(_l("Bitte jedes Thema nur einmal wählen."))

    def topic_field_names(self) -> list[str]:
        return [name for name in (f"topic_{rank}" for rank in range(1, TOPIC_RANKS + 1)) if name in self]

    def question_fields(self):
        return [(question, self[question_field_name(question)]) for question in self.questions]

    def answers(self) -> dict:
        """The answers as stored on the registration: {str(question_id): text or list}."""
        found = {}
        for question, field in self.question_fields():
            value = field.data
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, "", []):
                found[str(question.id)] = value
        return found

    def topic_preferences(self) -> list[str]:
        return [self[name].data for name in self.topic_field_names() if self[name].data]

    def registration_data(self) -> dict:
        """The form as services.register() and selfservice.update() take it."""
        data = {name: self[name].data for name in
                ("given_name", "family_name", "function", "organisation_id", "new_organisation", "organisation_type",
                 "kommune_id")}
        if "email" in self:
            data["email"] = self.email.data
        data.update(answers=self.answers(), topic_preferences=self.topic_preferences(),
                    consent=bool(self.consent.data) if "consent" in self else False)
        for name in ("accessibility_needs", "dietary_needs"):
            data[name] = self[name].data if name in self else ""
        data["photo_consent"] = {YES: True, NO: False}.get(self.photo_consent.data)
        data["attendance"] = self.attendance.data if "attendance" in self else None
        return data


def question_field_name(question: Question) -> str:
    return f"q_{question.id}"


def registration_form(event, questions, organisations, kommunen, *, editing=False, **kwargs) -> RegistrationForm:
    """The form for one event: its questions in order, the switched-on extras, consent (not when editing).

    `organisations` and `kommunen` are rows (id, name), or callables that return them when the list is needed."""

    class EventRegistrationForm(RegistrationForm):
        pass

    if event.is_hybrid and not editing:  # changed later on the self-service page, where places are counted
        EventRegistrationForm.attendance = OptionalRadioField(
            _l("Wie nehmen Sie teil?"), choices=Attendance.choices(),
            validators=[InputRequired(message=_l("Bitte wählen Sie „vor Ort“ oder „online“."))],
            description=_l("Den Zugang zum Online-Raum erhalten Sie, sobald Ihre Teilnahme bestätigt ist."))
    for question in questions:
        setattr(EventRegistrationForm, question_field_name(question), _question_field(question))
    if event.ask_accessibility:
        EventRegistrationForm.accessibility_needs = TextAreaField(
            _l("Barrierefreiheit"), validators=[Length(max=2000)],
            description=_l("Was brauchen Sie, damit Sie gut teilnehmen können (z. B. Rollstuhlplatz, Gebärdensprache)?"))
    if event.ask_dietary:
        EventRegistrationForm.dietary_needs = StringField(
            _l("Ernährung"), validators=[Length(max=300)], description=_l("z. B. vegetarisch, vegan, Allergien"))
    topics = as_choices([("", _l("– keine Angabe –"))] + list(event.topics or []))
    for rank in range(1, min(TOPIC_RANKS, len(event.topics or [])) + 1):
        setattr(EventRegistrationForm, f"topic_{rank}", SelectField(_l("%(rank)d. Wahl", rank=rank), choices=topics, default=""))
    if editing:
        EventRegistrationForm.email = None  # None hides an inherited field in WTForms
        EventRegistrationForm.website = None
    else:
        EventRegistrationForm.consent = BooleanField(
            _l("Ich willige ein, dass meine Angaben zur Durchführung der Veranstaltung verarbeitet werden."),
            validators=[DataRequired(message=_l("Ohne Ihre Einwilligung können wir Sie nicht anmelden."))])

    form = EventRegistrationForm(**kwargs)
    form.questions = list(questions)
    form.organisation_id.choices = _network_choices(_l("– bitte wählen –"), organisations, _names)
    form.kommune_id.choices = _network_choices(_l("– keine / andere –"), kommunen, named_apart)
    return form


def _names(rows) -> list[tuple[int, str]]:
    return [(row.id, row.name) for row in rows]


def _network_choices(none_label, rows, labelled):
    if not callable(rows):
        return as_choices([("", none_label), *labelled(rows)])
    return lambda: as_choices([("", none_label), *labelled(rows())])


def _question_field(question: Question):
    needed = [InputRequired(message=_l("Bitte beantworten Sie diese Frage."))] if question.required else [Optional()]
    options = dict(label=question.label, description=question.help_text or "")
    if question.kind == "long_text":
        return TextAreaField(validators=[*needed, Length(max=5000)], **options)
    if question.kind == "single_choice":
        return OptionalRadioField(choices=as_choices(question.options), validators=needed, **options)
    if question.kind == "multiple_choice":
        required = [DataRequired(message=_l("Bitte wählen Sie mindestens eine Antwort."))] if question.required else []
        return MultiCheckboxField(choices=as_choices(question.options), validators=required, **options)
    if question.kind == "yes_no":
        return OptionalRadioField(choices=as_choices([(YES, _l("Ja")), (NO, _l("Nein"))]), validators=needed, **options)
    return StringField(validators=[*needed, Length(max=500)], **options)


def registration_form_data(registration) -> dict:
    """A stored registration as the edit form's initial data."""
    new_organisation = registration.organisation_name  # a new organisation not yet accepted by a coordinator
    data = dict(given_name=registration.given_name, family_name=registration.family_name,
                function=registration.function, organisation_id=registration.organisation_id,
                new_organisation=new_organisation,
                organisation_type=(registration.organisation_type if new_organisation else "") or OrganisationType.SONSTIGE,
                kommune_id=registration.kommune_id, accessibility_needs=registration.accessibility_needs,
                dietary_needs=registration.dietary_needs,
                photo_consent={True: YES, False: NO}.get(registration.photo_consent))
    for question_id, value in (registration.answers or {}).items():
        data[f"q_{question_id}"] = value
    for rank, topic in enumerate(registration.topic_preferences or [], start=1):
        data[f"topic_{rank}"] = topic
    return data


class QuestionForm(Form):
    label = StringField(_l("Frage"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Art der Antwort"), choices=QuestionKind.choices())
    required = BooleanField(_l("Antwort ist Pflicht"))
    help_text = StringField(_l("Hinweis unter der Frage"), validators=[Length(max=500)])
    options = TextAreaField(_l("Antwortmöglichkeiten"), validators=[Length(max=5000)],
                            description=_l("Eine je Zeile; nur für Einfach- und Mehrfachauswahl."))

    def validate_options(self, field):
        if self.kind.data in CHOICE_KINDS and len(lines(field.data)) < 2:
            raise ValidationError(_l("Bitte mindestens zwei Antwortmöglichkeiten angeben, eine je Zeile."))


class RegistrationSettingsForm(Form):
    requires_approval = BooleanField(_l("Anmeldungen müssen freigegeben werden"))
    ask_accessibility = BooleanField(_l("Nach Bedarfen zur Barrierefreiheit fragen"))
    ask_dietary = BooleanField(_l("Nach Ernährungswünschen fragen"))
    topics = TextAreaField(_l("Themen zur Auswahl"), validators=[Length(max=5000)],
                           description=_l("Ein Thema je Zeile. Teilnehmende wählen bis zu drei in ihrer Reihenfolge "
                                          "(für die Tischgruppen)."))
    retention_days = IntegerField(_l("Aufbewahrung in Tagen nach der Veranstaltung"),
                                  validators=[InputRequired(), NumberRange(min=1, max=3650)],
                                  description=_l("Danach werden die Anmeldungen anonymisiert."))


def lines(text: str | None) -> list[str]:
    """Non-empty, stripped lines, each once, in order."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))
