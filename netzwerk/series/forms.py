from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..common.choices import as_choices
from ..common.forms import Form
from ..events.forms import OnlineRoomChecks, event_room_fields, format_field, online_capacity_field
from ..events.models import EventKind
from .models import SeriesFrequency

WEEKS_OF_MONTH = as_choices([(1, _l("ersten")), (2, _l("zweiten")), (3, _l("dritten")), (4, _l("vierten")),
                             (-1, _l("letzten"))])


class SeriesForm(OnlineRoomChecks, Form):
    network_id = SelectField(_l("Netzwerk"), coerce=int, validators=[DataRequired()])
    kind = SelectField(_l("Art"), choices=EventKind.choices(), default=EventKind.SONSTIGES)
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Beschreibung"), validators=[Length(max=10000)])
    frequency = RadioField(_l("Wiederholung"), choices=SeriesFrequency.choices(), default=SeriesFrequency.MONTHLY)
    interval = IntegerField(_l("Alle … Wochen bzw. Monate"), default=1, validators=[InputRequired(), NumberRange(1, 12)])
    weekday = SelectField(_l("Wochentag"), coerce=int, default=2)  # choices: the day names of the page's language
    week_of_month = SelectField(_l("Im Monat am"), coerce=int, choices=WEEKS_OF_MONTH, default=-1,
                                description=_l("Nur bei monatlicher Wiederholung."))
    start_time = TimeField(_l("Beginn (Uhrzeit)"), validators=[InputRequired()])
    end_time = TimeField(_l("Ende (Uhrzeit)"), validators=[InputRequired()])
    first_date = DateField(_l("Ab"), validators=[InputRequired(message=_l("Bitte ein Datum angeben."))])
    until = DateField(_l("Bis einschließlich"), validators=[Optional()])
    count = IntegerField(_l("Oder: Anzahl der Termine"), validators=[Optional(), NumberRange(min=1)])
    venue_name = StringField(_l("Veranstaltungsort"), validators=[Length(max=200)])
    venue_address = TextAreaField(_l("Adresse"), validators=[Length(max=500)])
    format = format_field()
    online_url, online_dial_in = event_room_fields()
    capacity = IntegerField(_l("Plätze vor Ort"), validators=[Optional(), NumberRange(min=1, max=100000)])
    online_capacity = online_capacity_field()
    publish = BooleanField(_l("Termine sofort veröffentlichen"))

    def validate_end_time(self, field):
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.until.data and not self.count.data and not self.count.errors and not self.until.errors:
            self.count.errors = [*self.count.errors, _l("Bitte ein Enddatum oder die Anzahl der Termine angeben.")]
            valid = False
        return valid

    def series_data(self) -> dict:
        data = {name: self[name].data for name in (
            "network_id", "kind", "title", "description", "frequency", "interval", "weekday", "start_time",
            "end_time", "first_date", "until", "count", "venue_name", "venue_address", "capacity", "publish",
            "format", "online_capacity")}
        data["online_url"] = (self.online_url.data or "").strip()
        data["online_dial_in"] = (self.online_dial_in.data or "").strip()
        data["week_of_month"] = self.week_of_month.data if self.frequency.data == SeriesFrequency.MONTHLY else None
        return data


class MoreDatesForm(Form):
    count = IntegerField(_l("Anzahl weiterer Termine"), default=3, validators=[InputRequired(), NumberRange(1, 24)])
    publish = BooleanField(_l("Termine sofort veröffentlichen"), default=True)
    # How many dates the page showed: a second click (or an old tab) must not add the dates once more.
    known = HiddenField()


class SubscribeForm(Form):
    given_name = StringField(_l("Vorname"), validators=[DataRequired(), Length(max=120)],
                             render_kw={"autocomplete": "given-name"})
    family_name = StringField(_l("Nachname"), validators=[DataRequired(), Length(max=120)],
                              render_kw={"autocomplete": "family-name"})
    email = EmailField(_l("E-Mail-Adresse"),
                       validators=[DataRequired(), Email(message=_l("Bitte eine gültige E-Mail-Adresse angeben.")),
                                   Length(max=254)], render_kw={"autocomplete": "email"})
    consent = BooleanField(
        _l("Ich willige ein, dass meine Angaben zur Durchführung der Veranstaltung verarbeitet werden."),
        validators=[DataRequired(message=_l("Ohne Ihre Einwilligung können wir Sie nicht anmelden."))])
    website = StringField(_l("Bitte leer lassen"), render_kw={"tabindex": "-1", "autocomplete": "off"})
