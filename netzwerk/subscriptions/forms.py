"""The public "Informiert bleiben" form, and the one-button forms behind the personal link."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ..common.forms import Form, optional_int
from ..organisations.models import OrganisationType


class SubscribeForm(Form):
    given_name = StringField(_l("Vorname"), validators=[DataRequired(), Length(max=120)])
    family_name = StringField(_l("Nachname"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-Mail-Adresse"), validators=[
        DataRequired(), Email(message=_l("Bitte eine gültige E-Mail-Adresse angeben.")), Length(max=254)])
    locale = SelectField(_l("Sprache der E-Mails"), validators=[InputRequired()])
    kommune_id = SelectField(_l("Kommune"), coerce=optional_int, validators=[Optional()])
    organisation_type = SelectField(_l("Art der Organisation"), validators=[Optional()])
    consent = BooleanField(validators=[DataRequired(_l("Bitte stimmen Sie zu, damit wir Ihnen schreiben dürfen."))])
    website = StringField(_l("Bitte leer lassen"), render_kw={"tabindex": "-1", "autocomplete": "off"})

    def fill_choices(self, kommunen, consent_label: str) -> None:
        self.locale.choices = list(current_app.config["PUBLIC_LANGUAGES"].items())
        self.kommune_id.choices = [("", _l("– keine / andere –"))] + [(row.id, row.name) for row in kommunen]
        self.organisation_type.choices = [("", _l("– keine Angabe –"))] + OrganisationType.choices()
        self.consent.label.text = consent_label

    def subscription_data(self) -> dict:
        return dict(given_name=self.given_name.data, family_name=self.family_name.data, email=self.email.data,
                    kommune_id=self.kommune_id.data, organisation_type=self.organisation_type.data or "")


class ConfirmForm(Form):
    """One button: confirming and unsubscribing are POSTs (mail scanners follow links with GET)."""
