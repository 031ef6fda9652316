from urllib.parse import urlsplit

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
from .models import AgendaKind, EventFormat, EventKind, EventStatus


def web_link(form, field) -> None:
    """An online room's link: only http(s) addresses with a host (no javascript:, mailto: or bare words)."""
    value = (field.data or "").strip()
    if not value:
        return
    message = _l("Bitte einen vollständigen Link angeben, der mit https:// (oder http://) beginnt.")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises for a port that is no number or beyond 65535)
    except ValueError as error:  # e.g. "https://[meet" (an unclosed IPv6 bracket)
        raise ValidationError(message) from error
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(char.isspace() for char in value):
        raise ValidationError(message)


def online_room_fields(url_description, dial_in_description) -> tuple:
    return (
        StringField(_l("Link zum Online-Raum"), validators=[Length(max=500), web_link], description=url_description,
                    render_kw={"inputmode": "url", "autocomplete": "off"}),
        TextAreaField(_l("Einwahl per Telefon"), validators=[Length(max=300)], description=dial_in_description),
    )


class OnlineRoomChecks:
    """For a form with `format`, `online_url` and `online_dial_in`: a room only where people meet online."""

    def validate_online_url(self, field):
        if (field.data or "").strip() and self.format.data == EventFormat.ONSITE:
            raise ValidationError(_l("Ein Online-Raum gehört zu einer Online- oder Hybrid-Veranstaltung: bitte die "
                                     "Teilnahme auf „online“ oder „hybrid“ stellen oder den Link leeren."))

    def validate_online_dial_in(self, field):
        if (field.data or "").strip() and self.format.data == EventFormat.ONSITE:
            raise ValidationError(_l("Eine Einwahl gehört zu einer Online- oder Hybrid-Veranstaltung."))


def format_field() -> SelectField:
    return SelectField(_l("Teilnahme"), choices=EventFormat.choices(), default=EventFormat.ONSITE,
                       description=_l("Hybrid: Teilnehmende wählen bei der Anmeldung „vor Ort“ oder „online“, mit "
                                      "eigenen Plätzen für beides."))


def event_room_fields() -> tuple:
    return online_room_fields(
        _l("Nur bestätigte Online-Teilnehmende sehen ihn: über ihren persönlichen Link, in Bestätigungen, "
           "Erinnerungen und ihrem Kalender – nie auf der öffentlichen Seite."),
        _l("z. B. Telefonnummer und Konferenz-PIN"))


def online_capacity_field() -> IntegerField:
    return IntegerField(_l("Plätze online"), validators=[Optional(), NumberRange(min=1, max=100000)],
                        description=_l("Leer lassen, wenn die Zahl der Online-Plätze nicht begrenzt ist."))


class EventForm(OnlineRoomChecks, Form):
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
    format = format_field()
    online_url, online_dial_in = event_room_fields()
    capacity = IntegerField(_l("Plätze vor Ort"), validators=[Optional(), NumberRange(min=1, max=100000)],
                            description=_l("Leer lassen, wenn die Zahl der Plätze nicht begrenzt ist."))
    online_capacity = online_capacity_field()
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
    online_url, online_dial_in = online_room_fields(
        _l("Ein eigener Raum für diesen Programmpunkt (z. B. eine Breakout-Session); nur bestätigte "
           "Online-Teilnehmende sehen ihn."),
        _l("z. B. Telefonnummer und Konferenz-PIN"))
    description = TextAreaField(_l("Beschreibung"), validators=[Length(max=5000)])

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_l("Das Ende muss nach dem Beginn liegen."))


add_translation_fields(EventForm, {"title": (_l("Titel"), 200, False), "description": (_l("Beschreibung"), 10000, True)})
add_translation_fields(AgendaItemForm, {"title": (_l("Titel"), 200, False),
                                        "description": (_l("Beschreibung"), 5000, True)})


class CloneEventForm(Form):
    """The new date and title of a copy of an event."""

    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    start_date = DateField(_l("Erster Tag"), validators=[DataRequired(message=_l("Bitte ein Datum angeben."))])
    start_time = TimeField(_l("Beginn (Uhrzeit)"), validators=[Optional()],
                           description=_l("Leer lassen für dieselbe Uhrzeit wie bisher."))
