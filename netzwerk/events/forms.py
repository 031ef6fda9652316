from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..common.forms import Form, MultiCheckboxField
from ..common.timing import to_instant
from ..common.translations import add_translation_fields
from .models import AgendaKind, EventKind, EventStatus


class EventForm(Form):
    network_id = SelectField(_l("Netzwerk"), coerce=int, validators=[DataRequired()])
    kind = SelectField(_l("Art"), choices=EventKind.choices())
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Beschreibung"), validators=[Length(max=10000)])
    start_date = DateField(_l("Erster Tag"), validators=[DataRequired(message=_l("Bitte ein Datum angeben."))])
    start_time = TimeField(_l("Beginn (Uhrzeit)"), validators=[Optional()],
                           description=_l("Ohne Uhrzeiten gilt die Veranstaltung als ganztägig."))
    end_date = DateField(_l("Letzter Tag"), validators=[Optional()],
                         description=_l("Leer lassen bei eintägigen Veranstaltungen."))
    end_time = TimeField(_l("Ende (Uhrzeit)"), validators=[Optional()])
    venue_name = StringField(_l("Veranstaltungsort"), validators=[Length(max=200)])
    venue_address = TextAreaField(_l("Adresse"), validators=[Length(max=500)])
    latitude = DecimalField(_l("Breitengrad"), places=6, validators=[Optional(), NumberRange(-90, 90)])
    longitude = DecimalField(_l("Längengrad"), places=6, validators=[Optional(), NumberRange(-180, 180)])
    capacity = IntegerField(_l("Plätze"), validators=[Optional(), NumberRange(min=1, max=100000)],
                            description=_l("Leer lassen, wenn die Zahl der Plätze nicht begrenzt ist."))
    registration_opens_at = DateTimeLocalField(_l("Anmeldung ab"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Anmeldeschluss"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    status = SelectField(_l("Status"), choices=EventStatus.choices())

    def validate_start_time(self, field):
        if (field.data is None) != (self.end_time.data is None):
            raise ValidationError(_l("Bitte Beginn und Ende angeben – oder beide leer lassen (ganztägig)."))

    def validate_end_date(self, field):
        start, end = self.start_date.data, field.data or self.start_date.data
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError(_l("Der letzte Tag liegt vor dem ersten."))

    def validate_end_time(self, field):
        start, end = self.start_date.data, self.end_date.data or self.start_date.data
        if None in (start, end, field.data, self.start_time.data):
            return
        if to_instant(end, field.data) <= to_instant(start, self.start_time.data):
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if field.data and opens and field.data <= opens:
            raise ValidationError(_l("Der Anmeldeschluss muss nach dem Anmeldebeginn liegen."))


class AgendaItemForm(Form):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Art"), choices=AgendaKind.choices())
    day = SelectField(_l("Tag"), validators=[DataRequired()])
    start_time = TimeField(_l("Beginn"), validators=[DataRequired(message=_l("Bitte eine Uhrzeit angeben."))])
    end_time = TimeField(_l("Ende"), validators=[Optional()])
    speakers = MultiCheckboxField(_l("Referierende aus dem Netzwerk"), coerce=int, validators=[Optional()])
    speaker_text = StringField(_l("Weitere Referierende"), validators=[Length(max=300)],
                               description=_l("Freitext, z. B. für Gäste ohne Eintrag in der Personenliste."))
    room = StringField(_l("Raum"), validators=[Length(max=120)])
    description = TextAreaField(_l("Beschreibung"), validators=[Length(max=5000)])

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))


add_translation_fields(EventForm, {"title": (_l("Titel"), 200, False), "description": (_l("Beschreibung"), 10000, True)})
add_translation_fields(AgendaItemForm, {"title": (_l("Titel"), 200, False),
                                        "description": (_l("Beschreibung"), 5000, True)})
