"""Forms of the coordinator's registration pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..common.choices import as_choices
from ..common.forms import Form, MultiCheckboxField, optional_int
from ..organisations.models import OrganisationType
from .admin_services import active_registration_exists, answer_field
from .forms import NO, YES, OptionalRadioField
from .models import Attendance, BadgeRole, Question, Registration


class AddRegistrationForm(Form):
    given_name = StringField(_l("Vorname"), validators=[DataRequired(message=_l("Bitte einen Vornamen angeben.")),
                                                        Length(max=120)])
    family_name = StringField(_l("Nachname"), validators=[DataRequired(message=_l("Bitte einen Nachnamen angeben.")),
                                                          Length(max=120)])
    email = EmailField(_l("E-Mail"), validators=[DataRequired(message=_l("Bitte eine E-Mail-Adresse angeben.")),
                                                 Email(message=_l("Bitte eine gültige E-Mail-Adresse angeben.")),
                                                 Length(max=254)])
    function = StringField(_l("Funktion"), validators=[Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int, validators=[Optional()])
    new_organisation = StringField(_l("Oder neue Organisation"), validators=[Length(max=200)],
                                   description=_l("Nur ausfüllen, wenn die Organisation oben fehlt."))
    organisation_type = SelectField(_l("Art der neuen Organisation"), choices=OrganisationType.choices(),
                                    default=OrganisationType.SONSTIGE)
    kommune_id = SelectField(_l("Kommune"), coerce=optional_int, validators=[Optional()])
    attendance = SelectField(_l("Teilnahme"), choices=Attendance.choices(), default=Attendance.ONSITE,
                             description=_l("Nur bei hybriden Veranstaltungen wählbar."))
    send_mail = BooleanField(_l("Bestätigung mit persönlichem Link per E-Mail senden"), default=True)

    def __init__(self, *args, event_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._event_id = event_id

    def validate_email(self, field):
        if field.data and active_registration_exists(self._event_id, field.data):
            raise ValidationError(_l("Diese E-Mail-Adresse ist für die Veranstaltung schon angemeldet."))

    def validate_new_organisation(self, field):
        if (field.data or "").strip() and self.organisation_id.data:
            raise ValidationError(_l("Bitte entweder eine Organisation wählen oder eine neue eintragen."))


class EditRegistrationForm(Form):
    given_name = StringField(_l("Vorname"), validators=[DataRequired(message=_l("Bitte einen Vornamen angeben.")),
                                                        Length(max=120)])
    family_name = StringField(_l("Nachname"), validators=[DataRequired(message=_l("Bitte einen Nachnamen angeben.")),
                                                          Length(max=120)])
    kommune_id = SelectField(_l("Kommune"), coerce=optional_int, validators=[Optional()])
    badge_role = SelectField(_l("Rolle auf dem Namensschild"), choices=BadgeRole.choices(), default=BadgeRole.PARTICIPANT)
    notes = TextAreaField(_l("Interne Notizen"), validators=[Length(max=5000)],
                          description=_l("Nur für das Koordinationsteam sichtbar; nicht im Link der Person."))


def edit_form(registration: Registration, questions: list[Question]) -> EditRegistrationForm:
    """The edit form with one field per question of the event, as the public form asks it: choices from the
    question's options (an answer given before the options changed stays among them), text otherwise. The
    coordinator may leave any answer empty."""

    class Form(EditRegistrationForm):
        pass

    answers = registration.answers or {}
    for question in questions:
        setattr(Form, answer_field(question), _answer_field(question, answers.get(str(question.id))))
    stored = {answer_field(question): answers.get(str(question.id)) for question in questions}
    return Form(obj=registration, data=stored)


def _answer_field(question: Question, stored):
    options = dict(label=question.label, description=question.help_text or "")
    if question.kind == "long_text":
        return TextAreaField(validators=[Length(max=5000)], **options)
    if question.kind == "multiple_choice":
        kept = stored if isinstance(stored, list) else []
        return MultiCheckboxField(choices=as_choices(_with_stored(question.options, kept)), **options)
    if question.kind in ("single_choice", "yes_no"):
        offered = [(YES, _l("Ja")), (NO, _l("Nein"))] if question.kind == "yes_no" else list(question.options or [])
        kept = [stored] if isinstance(stored, str) and stored else []
        return OptionalRadioField(choices=as_choices(_with_stored(offered, kept)), validators=[Optional()], **options)
    return StringField(validators=[Length(max=5000)], **options)


def _with_stored(offered: list, stored: list[str]) -> list:
    """The options, and after them what is stored but no longer offered, so saving the form keeps it."""
    values = {option[0] if isinstance(option, tuple) else option for option in offered}
    return [*offered, *(value for value in stored if value not in values)]


class DecisionForm(Form):
    message = TextAreaField(_l("Nachricht an die Person (optional)"), validators=[Length(max=2000)])


class ActionForm(Form):
    """Only the CSRF token: buttons that change a state."""


class ImportUploadForm(Form):
    file = FileField(_l("Datei (CSV oder Excel, höchstens 2 MB)"),
                     validators=[FileRequired(message=_l("Bitte wählen Sie eine Datei aus."))],
                     description=_l("Spalten: Vorname, Nachname, E-Mail, optional Organisation, Organisationsart, "
                                    "Kommune, Funktion. CSV mit Semikolon oder Komma."))


class ImportConfirmForm(Form):
    payload = HiddenField(validators=[DataRequired()])
    send_mail = BooleanField(_l("Allen Importierten eine Bestätigung mit persönlichem Link senden"), default=True)
