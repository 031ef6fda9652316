from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..common.forms import Form, optional_int
from ..extensions import db
from ..organisations.forms import stay_in_network
from ..organisations.models import Organisation
from .models import Person

FUNCTION_SUGGESTIONS = [
    "Integrationsmanager:in", "Ehrenamtskoordinator:in", "Fallmanager:in", "Arbeitsvermittler:in",
    "Integrationsbeauftragte:r", "Sozialarbeiter:in", "Teamleitung", "Geschäftsführung",
]


MAX_TAGS, MAX_TAG_LENGTH = 30, 60


class TagsField(StringField):
    """Keywords typed comma-separated, kept as a list (each once, in order)."""

    def process_data(self, value):
        self.data = list(value or [])

    def process_formdata(self, valuelist):
        if valuelist:
            tags = dict.fromkeys(tag.strip()[:MAX_TAG_LENGTH] for tag in valuelist[0][:2000].split(",") if tag.strip())
            self.data = list(tags)[:MAX_TAGS]

    def _value(self):
        return ", ".join(self.data or [])


class PersonForm(Form):
    network_id = SelectField(_l("Netzwerk"), coerce=int, validators=[DataRequired()])
    given_name = StringField(_l("Vorname"),
                             validators=[DataRequired(message=_l("Bitte geben Sie einen Vornamen an.")), Length(max=120)])
    family_name = StringField(_l("Nachname"),
                              validators=[DataRequired(message=_l("Bitte geben Sie einen Nachnamen an.")), Length(max=120)])
    email = EmailField(_l("E-Mail"), validators=[
        Optional(), Email(message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an.")), Length(max=254)])
    phone = StringField(_l("Telefon"), validators=[Length(max=50)])
    function = StringField(_l("Funktion"), validators=[Length(max=200)], render_kw={"list": "function-suggestions"},
                           description=_l("z. B. Integrationsmanager:in oder Fallmanager:in"))
    organisation_id = SelectField(_l("Organisation"), coerce=optional_int,
                                  description=_l("Eine Organisation desselben Netzwerks."))
    tags = TagsField(_l("Schlagworte"),
                     description=_l("Durch Kommas getrennt, z. B. Steuerungsgruppe, Referent:in; Einladungen wählen "
                                    "danach aus."))

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._person = person

    def validate_network_id(self, field):
        stay_in_network(self._person, field.data, _("Die Person"))

    def validate_email(self, field):
        taken = db.session.scalar(select(Person).where(
            Person.network_id == self.network_id.data, func.lower(Person.email) == field.data.strip().lower(),
        ))
        if taken is not None and taken is not self._person:
            raise ValidationError(_("Diese E-Mail-Adresse hat im Netzwerk schon %(name)s.", name=taken.full_name))

    def validate_organisation_id(self, field):
        organisation = db.session.get(Organisation, field.data) if field.data else None
        if organisation is not None and organisation.network_id != self.network_id.data:
            raise ValidationError(_l("Die Organisation gehört zu einem anderen Netzwerk."))
