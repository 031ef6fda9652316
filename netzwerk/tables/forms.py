"""Forms of the table-group pages."""
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..common.choices import as_choices
from ..common.forms import Form, optional_int

PARTICIPANTS = {"confirmed": _l("alle bestätigten Anmeldungen"), "checked_in": _l("nur Eingecheckte")}


class RoundForm(Form):
    label = StringField(_l("Bezeichnung"), validators=[DataRequired(message=_l("Bitte eine Bezeichnung angeben.")),
                                                       Length(max=100)])
    agenda_item_id = SelectField(_l("Programmpunkt"), coerce=optional_int, validators=[Optional()])


class TablesForm(Form):
    count = IntegerField(_l("Anzahl Tische"), validators=[InputRequired(message=_l("Bitte eine Anzahl angeben.")),
                                                          NumberRange(min=1, max=200)])
    capacity = IntegerField(_l("Plätze je Tisch"), validators=[InputRequired(message=_l("Bitte eine Zahl angeben.")),
                                                               NumberRange(min=1, max=50)])


class TableForm(Form):
    label = StringField(_l("Tisch"), validators=[DataRequired(message=_l("Bitte eine Bezeichnung angeben.")),
                                                 Length(max=40)])
    capacity = IntegerField(_l("Plätze"), validators=[InputRequired(message=_l("Bitte eine Zahl angeben.")),
                                                      NumberRange(min=1, max=50)])
    host_registration_id = SelectField(_l("Gastgeber:in (bleibt alle Runden am Tisch)"), coerce=optional_int,
                                       validators=[Optional()])


def table_form(rounds, formdata=None, **kwargs) -> TableForm:
    """The table form with one topic field per round."""

    class Form(TableForm):
        pass

    for round_ in rounds:
        setattr(Form, f"topic_{round_.id}", StringField(_l("Thema in %(round)s", round=round_.label),
                                                        validators=[Length(max=100)]))
    return Form(formdata=formdata, **kwargs)


class SettingsForm(Form):
    participants = SelectField(_l("Wer nimmt teil?"), choices=as_choices(PARTICIPANTS), default="confirmed")


class SolveForm(Form):
    seconds = DecimalField(_l("Rechenzeit (Sekunden)"), default=2, places=1,
                           validators=[InputRequired(), NumberRange(min=0.5, max=30)])
    seed = IntegerField(_l("Variante"), default=0, validators=[Optional(), NumberRange(min=0, max=10**6)],
                        description=_l("Eine andere Zahl ergibt einen anderen, gleich guten Plan."))


class MoveForm(Form):
    registration_id = SelectField(_l("Person"), coerce=int)
    round_id = SelectField(_l("Runde"), coerce=int)
    table_id = SelectField(_l("an Tisch"), coerce=int)


class ActionForm(Form):
    """Only the CSRF token: buttons that change a state."""
