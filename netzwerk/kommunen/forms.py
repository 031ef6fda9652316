from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..common.forms import Form, optional_int
from ..extensions import db
from .models import Bundesland, Kommune, KommuneKind, Membership

# Shared by both ways into a network: a new Kommune that joins at once, and a membership of its own.
PHASE = StringField(_l("Phase"), validators=[Length(max=80)], render_kw={"list": "phase-suggestions"},
                    description=_l("z. B. „Pilotkommunen“ oder „2. Phase“"))
JOINED_ON = DateField(_l("Beigetreten am"), validators=[Optional()])


class KommuneForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Bitte geben Sie einen Namen an.")), Length(max=200)])
    kind = SelectField(_l("Art"), choices=KommuneKind.choices())
    bundesland = SelectField(_l("Bundesland"), choices=Bundesland.choices())

    def __init__(self, *args, kommune: Kommune | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._kommune = kommune

    def validate_name(self, field):
        taken = db.session.scalar(select(Kommune).where(
            func.lower(Kommune.name) == field.data.strip().lower(), Kommune.bundesland == self.bundesland.data,
        ))
        if taken is None or taken is self._kommune:
            return
        message = _("„%(name)s“ gibt es in %(bundesland)s schon.", name=taken.name, bundesland=taken.bundesland)
        if self._kommune is None:
            message += " " + _("Nehmen Sie die vorhandene Kommune unter „Kommunen und Phasen“ Ihres Netzwerks auf.")
        raise ValidationError(message)


class NewKommuneForm(KommuneForm):
    """A new Kommune, optionally joining one of the user's networks right away."""

    network_id = SelectField(_l("Gleich aufnehmen in Netzwerk"), coerce=optional_int,
                             description=_l("Optional. Leer lassen, wenn die Kommune noch keinem Netzwerk angehört."))
    phase = PHASE
    joined_on = JOINED_ON

    def validate_network_id(self, field):
        if field.data is None and ((self.phase.data or "").strip() or self.joined_on.data):
            raise ValidationError(_l("Bitte wählen Sie das Netzwerk, zu dem Phase und Beitritt gehören."))


class MembershipForm(Form):
    kommune_id = SelectField(_l("Kommune"), coerce=optional_int,
                             validators=[DataRequired(message=_l("Bitte wählen Sie eine Kommune."))])
    phase = PHASE
    joined_on = JOINED_ON
    left_on = DateField(_l("Ausgeschieden am"), validators=[Optional()],
                        description=_l("Leer lassen, solange die Kommune dabei ist."))

    def __init__(self, *args, network_id: int, membership: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._network_id = network_id
        self._membership = membership

    def validate_kommune_id(self, field):
        taken = db.session.scalar(select(Membership).where(
            Membership.network_id == self._network_id, Membership.kommune_id == field.data,
        ))
        if taken is not None and taken is not self._membership:
            raise ValidationError(_l("Diese Kommune ist schon Mitglied des Netzwerks."))

    def validate_left_on(self, field):
        if field.data and self.joined_on.data and field.data <= self.joined_on.data:
            raise ValidationError(_l("Das Ausscheiden muss nach dem Beitritt liegen."))
