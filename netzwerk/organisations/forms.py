from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..common.forms import Form, optional_int
from ..common.references import blocking_references
from ..extensions import db
from .models import Organisation, OrganisationType


def stay_in_network(obj, network_id: int, what: str) -> None:
    """Data of a network that others of it point at (people, speakers) cannot move to another network."""
    if obj is None or network_id == obj.network_id:
        return
    if blockers := blocking_references(obj):
        listed = ", ".join(f"{label}: {count}" for label, count in blockers)
        raise ValidationError(_("%(what)s kann nicht in ein anderes Netzwerk wechseln, weil noch Daten des bisherigen "
                                "Netzwerks darauf verweisen (%(listed)s).", what=what, listed=listed))


class OrganisationForm(Form):
    network_id = SelectField(_l("Netzwerk"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Bitte geben Sie einen Namen an.")), Length(max=200)])
    type = SelectField(_l("Art"), choices=OrganisationType.choices())
    kommune_id = SelectField(_l("Kommune"), coerce=optional_int, description=_l("Optional: wo die Organisation tätig ist."))

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation = organisation

    def validate_network_id(self, field):
        stay_in_network(self._organisation, field.data, _("Die Organisation"))

    def validate_name(self, field):
        taken = db.session.scalar(select(Organisation).where(
            Organisation.network_id == self.network_id.data, func.lower(Organisation.name) == field.data.strip().lower(),
        ))
        if taken is not None and taken is not self._organisation:
            raise ValidationError(_l("Eine Organisation dieses Namens gibt es im Netzwerk schon."))
