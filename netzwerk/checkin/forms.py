"""The desk's form for someone who comes without having registered."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..common.choices import as_choices
from ..common.forms import Form, optional_int
from ..organisations.models import OrganisationType
from ..registrations.admin_services import active_registration_exists


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class WalkInForm(Form):
    """Only what the day needs (DSGVO): the names for the list, badge and certificate; an address only if the person
    wants their link and the mails after the meeting; organisation and Kommune for the network's counts."""

    given_name = StringField(_l("Vorname"), filters=[_stripped], validators=[
        DataRequired(message=_l("Bitte einen Vornamen angeben.")), Length(max=120)])
    family_name = StringField(_l("Nachname"), filters=[_stripped], validators=[
        DataRequired(message=_l("Bitte einen Nachnamen angeben.")), Length(max=120)])
    email = EmailField(_l("E-Mail (freiwillig)"), filters=[_stripped], validators=[
        Optional(), Email(message=_l("Bitte eine gültige E-Mail-Adresse angeben.")), Length(max=254)],
        description=_l("Dann bekommt die Person ihren persönlichen Link (Teilnahmebescheinigung, Rückmeldung) und "
                       "die Mails nach dem Treffen."))
    organisation = StringField(_l("Organisation (freiwillig)"), filters=[_stripped], validators=[Length(max=200)],
                               description=_l("Aus der Liste des Netzwerks wählen oder eintippen."))
    organisation_type = SelectField(_l("Art der Organisation"), validators=[Optional()],
                                    choices=[*as_choices([("", _l("– nicht bekannt –"))]), *OrganisationType.choices()],
                                    description=_l("Nur nötig, wenn die Organisation nicht in der Liste steht."))
    kommune_id = SelectField(_l("Kommune (freiwillig)"), coerce=optional_int, validators=[Optional()])
    # The language of the mails after the meeting, the private page and the certificate: the person's, not the desk's.
    locale = SelectField(_l("Sprache der E-Mails und der Bescheinigung"), validators=[Optional()])

    def __init__(self, *args, event_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = list(current_app.config["PUBLIC_LANGUAGES"].items())
        self._event_id = event_id
        self.already_registered = False

    def validate_email(self, field):
        if field.data and active_registration_exists(self._event_id, field.data):
            self.already_registered = True
            raise ValidationError(_l("Diese E-Mail-Adresse ist für die Veranstaltung schon angemeldet."))

    def walk_in_data(self) -> dict:
        """As registrations.services reads a form: a typed organisation is matched against the network's list."""
        return {"given_name": self.given_name.data, "family_name": self.family_name.data,
                "email": self.email.data or "", "new_organisation": self.organisation.data or "",
                "organisation_type": self.organisation_type.data or OrganisationType.SONSTIGE,
                "kommune_id": self.kommune_id.data}
