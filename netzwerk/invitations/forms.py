"""The recipient filter (read from the query string, so a preview can be linked and reloaded), the answers of an
invited person, and the coordinator's reminder and setting forms."""
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..common.forms import Form, MultiCheckboxField, optional_int
from ..common.timing import local
from ..events.models import Event
from ..extensions import db
from ..kommunen.models import Kommune, Membership
from ..organisations.models import OrganisationType
from .recipients import Criteria, known_phases, known_tags


class FilterChoices(MultiCheckboxField):
    def pre_validate(self, form):
        """An unknown value (a stale link, a hand-made URL) is dropped, not an error: the filter shows what it uses."""
        values = {str(value) for value, _label, *_rest in self.iter_choices()}
        self.data = [item for item in (self.data or []) if str(item) in values]


def lenient_int(value):
    """A number from a filter's query string; anything else (a stale or hand-made link) is None, not an error."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def event_choices(rows) -> list[tuple]:
    """"War dabei bei": each event with its day, so the dates of a series (all one title) are told apart."""
    return [("", _l("– egal –"))] + [(row.id, f"{row.title} ({format_date(local(row.starts_at).date(), 'medium')})")
                                      for row in rows]


class RecipientFilterForm(Form):
    """Who to invite: over the network's people. Read with GET, so it carries no CSRF token."""

    class Meta:
        csrf = False

    kommune = FilterChoices(_l("Kommune"), coerce=lenient_int)
    phase = FilterChoices(_l("Phase der Mitgliedschaft"))
    organisation_type = FilterChoices(_l("Art der Organisation"))
    function = StringField(_l("Funktion enthält"), validators=[Optional(), Length(max=200)])
    tag = FilterChoices(_l("Schlagwort"))
    attended = SelectField(_l("War dabei bei"), coerce=optional_int, validators=[Optional()])
    not_registered = BooleanField(_l("Nur wer für diese Veranstaltung noch nicht angemeldet ist"), default=True)

    def fill_choices(self, event: Event) -> None:
        network_id = event.network_id
        kommunen = db.session.execute(
            select(Kommune.id, Kommune.name).join(Membership, Membership.kommune_id == Kommune.id)
            .where(Membership.network_id == network_id).order_by(Kommune.name)).all()
        self.kommune.choices = [(row.id, row.name) for row in kommunen]
        self.phase.choices = [(phase, phase) for phase in known_phases(network_id)]
        self.organisation_type.choices = OrganisationType.choices()
        self.tag.choices = [(tag, tag) for tag in known_tags(network_id)]
        earlier = db.session.execute(
            select(Event.id, Event.title, Event.starts_at).where(Event.network_id == network_id, Event.id != event.id,
                                                                 Event.starts_at < event.starts_at)
            .order_by(Event.starts_at.desc()).limit(50)).all()
        self.attended.choices = event_choices(earlier)

    def criteria(self, event: Event) -> Criteria:
        return Criteria(kommune_ids=[value for value in self.kommune.data or [] if value is not None],
                        phases=list(self.phase.data or []), organisation_types=list(self.organisation_type.data or []),
                        function=self.function.data or "", tags=list(self.tag.data or []),
                        attended_event_id=self.attended.data,
                        not_registered_for_event_id=event.id if self.not_registered.data else None)


class ReminderForm(Form):
    """Remind all who have not answered, or only those ticked in the list (their ids as `invitation`)."""

    only_chosen = BooleanField(_l("Nur die angekreuzten erinnern"))


class InvitationOnlyForm(Form):
    invitation_only = BooleanField(_l("Anmeldung nur mit persönlicher Einladung"),
                                   description=_l("Das öffentliche Formular nimmt dann keine Anmeldungen ohne "
                                                  "Einladungslink an."))


class DeclineForm(Form):
    message = TextAreaField(_l("Nachricht an das Organisationsteam (freiwillig)"), validators=[Length(max=2000)])


class OptOutForm(Form):
    """Only the CSRF token: the button confirms."""
