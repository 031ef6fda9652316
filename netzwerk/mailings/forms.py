"""Reminder rules, mailing templates, and writing a mailing to an event's registrants or the network's people."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from ..common.choices import as_choices
from ..common.forms import Form, optional_int
from ..extensions import db
from ..invitations.forms import FilterChoices, RecipientFilterForm, event_choices, lenient_int
from ..invitations.recipients import Criteria, known_phases, known_tags
from ..kommunen.models import Kommune, Membership
from ..organisations.models import OrganisationType
from ..registrations.models import Attendance, RegistrationState
from .audience import EventAudience
from .models import Anchor, Audience, Direction, MailingTemplate, ReminderKind
from .placeholders import PlaceholderError, allowed_fields, check
from .schedule import MAX_DAYS

CHECKED_IN = {"": _l("– egal –"), "yes": _l("eingecheckt"), "no": _l("nicht eingecheckt")}


class ReminderRuleForm(Form):
    days = IntegerField(_l("Tage"), default=1, validators=[NumberRange(0, MAX_DAYS)])
    hours = IntegerField(_l("Stunden"), default=0, validators=[NumberRange(0, 23)])
    direction = SelectField(_l("vor oder nach"), choices=Direction.choices())
    anchor = SelectField(_l("Bezugspunkt"), choices=Anchor.choices())
    audience = SelectField(_l("An"), choices=Audience.choices())
    template = SelectField(_l("Mail"), choices=ReminderKind.choices())
    link = StringField(_l("Link zur Dokumentation"), validators=[Optional(), Length(max=500),
                                                                  URL(require_tld=False, message=_l(
                                                                      "Bitte einen vollständigen Link mit https://."))])
    note = TextAreaField(_l("Zusätzlicher Text (freiwillig)"), validators=[Optional(), Length(max=2000)])

    def validate_link(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Bitte einen vollständigen Link mit https://."))


class MailingTemplateForm(Form):
    name = StringField(_l("Name der Vorlage"), validators=[DataRequired(), Length(max=200)])
    subject = StringField(_l("Betreff"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=20000)])

    def __init__(self, *args, network_id: int, template_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._network_id, self._template_id = network_id, template_id

    def validate_name(self, field):
        """Templates are chosen by name: two of one name could not be told apart."""
        others = db.session.scalars(select(MailingTemplate.name).where(
            MailingTemplate.network_id == self._network_id, MailingTemplate.id != (self._template_id or 0)))
        if (field.data or "").strip().casefold() in {other.strip().casefold() for other in others}:
            raise ValidationError(_l("Eine Vorlage mit diesem Namen gibt es schon: bitte einen anderen Namen wählen "
                                     "oder die vorhandene bearbeiten."))

    def validate_subject(self, field):
        _check(field, allowed_fields(True))

    def validate_body(self, field):
        _check(field, allowed_fields(True))


def _check(field, allowed) -> None:
    try:
        check(field.data or "", allowed)
    except PlaceholderError as error:
        raise ValidationError(str(error)) from error


class ComposeForm(Form):
    """The text of a mailing; subclasses add whom it goes to."""

    for_event = False

    subject = StringField(_l("Betreff"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=20000)],
                         description=_l("Platzhalter in geschweiften Klammern werden für jede Person ausgefüllt."))
    preview_for = SelectField(_l("Vorschau für"), coerce=str, validate_choice=False, validators=[Optional()])

    def validate_subject(self, field):
        _check(field, allowed_fields(self.for_event))

    def validate_body(self, field):
        _check(field, allowed_fields(self.for_event))


class EventMailingForm(ComposeForm):
    for_event = True

    state = FilterChoices(_l("Status der Anmeldung"))
    kommune = FilterChoices(_l("Kommune"), coerce=lenient_int)
    organisation_type = FilterChoices(_l("Art der Organisation"))
    checked_in = SelectField(_l("Check-in"), choices=as_choices(CHECKED_IN), validators=[Optional()])
    attendance = FilterChoices(_l("Teilnahme"))

    def fill_choices(self, event) -> None:
        self.state.choices = RegistrationState.choices()
        self.attendance.choices = Attendance.choices()
        self.kommune.choices = _kommunen(event.network_id)
        self.organisation_type.choices = OrganisationType.choices()

    def audience(self) -> EventAudience:
        return EventAudience(states=list(self.state.data or []),
                             kommune_ids=[value for value in self.kommune.data or [] if value is not None],
                             organisation_types=list(self.organisation_type.data or []),
                             checked_in=self.checked_in.data or "", attendances=list(self.attendance.data or []))


class NetworkMailingForm(ComposeForm):
    """To the network's people, chosen with the invitations' filter."""

    kommune = RecipientFilterForm.kommune
    phase = RecipientFilterForm.phase
    organisation_type = RecipientFilterForm.organisation_type
    function = RecipientFilterForm.function
    tag = RecipientFilterForm.tag
    attended = RecipientFilterForm.attended

    def fill_choices(self, network_id: int) -> None:
        from ..events.models import Event
        self.kommune.choices = _kommunen(network_id)
        self.phase.choices = [(phase, phase) for phase in known_phases(network_id)]
        self.organisation_type.choices = OrganisationType.choices()
        self.tag.choices = [(tag, tag) for tag in known_tags(network_id)]
        events = db.session.execute(select(Event.id, Event.title, Event.starts_at).where(Event.network_id == network_id)
                                    .order_by(Event.starts_at.desc()).limit(50)).all()
        self.attended.choices = event_choices(events)

    def criteria(self) -> Criteria:
        return Criteria(kommune_ids=[value for value in self.kommune.data or [] if value is not None],
                        phases=list(self.phase.data or []), organisation_types=list(self.organisation_type.data or []),
                        function=self.function.data or "", tags=list(self.tag.data or []),
                        attended_event_id=optional_int(self.attended.data))


def _kommunen(network_id: int) -> list:
    rows = db.session.execute(select(Kommune.id, Kommune.name).join(Membership, Membership.kommune_id == Kommune.id)
                              .where(Membership.network_id == network_id).order_by(Kommune.name)).all()
    return [(row.id, row.name) for row in rows]
