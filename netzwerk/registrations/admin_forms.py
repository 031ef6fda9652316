"""Forms of the coordinator's registration pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..common.forms import Form, optional_int
from ..organisations.models import OrganisationType
from .admin_services import active_registration_exists, answer_field, answer_text
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
    """The edit form with one text field per question of the event (multiple choice: answers separated by ';')."""

    class Form(EditRegistrationForm):
        pass

    for question in questions:
        description = _l("Mehrere Antworten mit Semikolon trennen.") if question.kind == "multiple_choice" else ""
        kind = TextAreaField if question.kind == "long_text" else StringField
        setattr(Form, answer_field(question), kind(question.label, validators=[Length(max=5000)],
                                                   description=description))
    answers = {answer_field(question): answer_text(registration, question) for question in questions}
    return Form(obj=registration, data=answers)


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
