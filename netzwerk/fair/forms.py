"""Forms of the fair: the public booking and visitor forms, the Aussteller's link, the coordinators' pages."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from ..common.choices import as_choices
from ..common.forms import Form, MultiCheckboxField, SubForm, optional_int
from ..common.timing import from_local_input
from ..common.translations import add_translation_fields, translation_form_data
from ..networks.logo import ImageRefused
from .models import OFFER_TRANSLATED, BoothStatus, CompanySize, GermanLevel, InterviewMode, OfferType, Sector, VisitorLanguage

OFFER_ROWS = 3  # empty offer rows on the public form; the management page adds two to those already there
MAX_OFFERS = 10
MAX_WISHES = 6



class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


# --- Aussteller ---------------------------------------------------------------------------------------------

class OfferForm(SubForm):
    """One offer; a row without a title is left out."""

    kind = SelectField(_l("Art des Angebots"), choices=OfferType.choices(), default=OfferType.PRAKTIKUM)
    title = StringField(_l("Titel"), validators=[Length(max=200)], description=_l("z. B. Fachkraft für Lagerlogistik"))
    description = TextAreaField(_l("Kurzbeschreibung"), validators=[Length(max=1000)])
    place = StringField(_l("Ort"), validators=[Length(max=200)])
    german_level = SelectField(_l("Nötige Deutschkenntnisse"), choices=GermanLevel.choices(), default=GermanLevel.NONE)

    def validate_title(self, field):
        written = (self.description.data or "").strip() or (self.place.data or "").strip()
        if not (field.data or "").strip() and written:
            raise ValidationError(_l("Bitte geben Sie dem Angebot einen Titel."))


add_translation_fields(OfferForm, {"title": (_l("Titel"), 200, False), "description": (_l("Kurzbeschreibung"), 1000, True)})


class ExhibitorFields(Form):
    company = StringField(_l("Unternehmen oder Einrichtung"), validators=[DataRequired(), Length(max=200)],
                          render_kw={"autocomplete": "organization"})
    contact_name = StringField(_l("Ansprechperson"), validators=[DataRequired(), Length(max=200)],
                               render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-Mail-Adresse"), validators=[
        DataRequired(), Email(message=_l("Bitte eine gültige E-Mail-Adresse angeben.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
        description=_l("An diese Adresse schicken wir die Bestätigung und Ihren Link zur Buchung."))
    phone = StringField(_l("Telefon (freiwillig)"), validators=[Length(max=50)], render_kw={"autocomplete": "tel"})
    sector = SelectField(_l("Branche"), choices=Sector.choices(), validators=[DataRequired()])
    company_size = SelectField(_l("Größe des Betriebs"),
                               choices=as_choices([("", _l("– keine Angabe –"))]) + CompanySize.choices(),
                               default="")
    booth_type_id = SelectField(_l("Standtyp"), coerce=optional_int, validators=[Optional()])
    staff_count = IntegerField(_l("Personen am Stand"), default=2,
                               validators=[InputRequired(), NumberRange(min=1, max=30)])
    staff_names = TextAreaField(_l("Namen des Standpersonals"), validators=[Length(max=3000)],
                                description=_l("Ein Name je Zeile, für die Namensschilder. Sie können sie bis zum "
                                               "Buchungsschluss über Ihren Link ergänzen."))
    needs_power = BooleanField(_l("Wir brauchen Strom"))
    needs_table = BooleanField(_l("Wir brauchen einen Tisch"))
    remarks = TextAreaField(_l("Anmerkungen"), validators=[Length(max=2000)])
    offers = FieldList(FormField(OfferForm), min_entries=OFFER_ROWS, max_entries=MAX_OFFERS)

    def validate_staff_names(self, field):
        if len(staff_lines(field.data)) > (self.staff_count.data or 0):
            raise ValidationError(_l("Mehr Namen als Personen am Stand: bitte die Zahl erhöhen."))

    def booking_data(self) -> dict:
        data = {name: self[name].data for name in ("company", "contact_name", "email", "phone", "sector",
                                                   "company_size", "booth_type_id", "staff_count", "needs_power",
                                                   "needs_table", "remarks")}
        data["staff_names"] = staff_lines(self.staff_names.data)
        data["offers"] = [entry.data for entry in self.offers if (entry.title.data or "").strip()]
        return data


def staff_lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class BookingForm(ExhibitorFields):
    # Lists the free booths; any booth of the fair is accepted, for one may be taken between showing the form
    # and sending it (then the booking goes through without it).
    preferred_booth_id = SelectField(_l("Wunschstand (freiwillig)"), coerce=optional_int, validate_choice=False,
                                     validators=[Optional()],
                                     description=_l("Nur freie Stände stehen zur Wahl. Ist er vergeben, bevor Ihre "
                                                    "Buchung eingeht, suchen wir einen passenden anderen."))
    consent = BooleanField(_l("Ich willige ein, dass unsere Angaben zur Durchführung der Messe verarbeitet und "
                              "Unternehmen, Angebote und Stand im Ausstellerverzeichnis veröffentlicht werden."),
                           validators=[DataRequired(message=_l("Ohne Einwilligung können wir Ihre Buchung nicht "
                                                               "annehmen."))])
    # A trap for bots: hidden by CSS, so people leave it empty; a filled one is not booked.
    website = StringField(_l("Bitte leer lassen"), render_kw={"tabindex": "-1", "autocomplete": "off"})

    def validate_preferred_booth_id(self, field):
        if not field.data:
            return
        booth = self.booths.get(field.data)
        if booth is None:
            raise ValidationError(_l("Diesen Stand gibt es nicht."))
        if booth.booth_type_id and self.booth_type_id.data and booth.booth_type_id != self.booth_type_id.data:
            raise ValidationError(_l("Dieser Stand hat einen anderen Standtyp als den gewählten."))


def booking_form(booth_types, free_booths, all_booths, **kwargs) -> BookingForm:
    form = BookingForm(**kwargs)
    offer_booth_types(form, booth_types)
    form.booths = {booth.id: booth for booth in all_booths}
    form.preferred_booth_id.choices = as_choices(
        [("", _l("– kein Wunsch –"))] + [(booth.id, booth_choice_label(booth)) for booth in free_booths])
    return form


NO_BOOTH_TYPE = _l("– bitte wählen –")


def offer_booth_types(form, booth_types, none_label=NO_BOOTH_TYPE) -> None:
    form.booth_type_id.choices = as_choices(
        [("", none_label)] + [(booth_type.id, booth_type.name) for booth_type in booth_types])


def booth_choice_label(booth) -> str:
    return f"{booth.number}" + (f" ({booth.booth_type.name})" if booth.booth_type else "")


def manage_form(booth_types, exhibitor=None, **kwargs) -> ExhibitorFields:
    """The management link's form; filled from the booking on GET."""
    if exhibitor is not None:
        offers = [dict(kind=o.kind, title=o.title, description=o.description, place=o.place,
                       german_level=o.german_level, **translation_form_data(o, OFFER_TRANSLATED))
                  for o in exhibitor.offers]
        kwargs["data"] = dict(
            company=exhibitor.company, contact_name=exhibitor.contact_name, email=exhibitor.email,
            phone=exhibitor.phone, sector=exhibitor.sector, company_size=exhibitor.company_size,
            booth_type_id=exhibitor.booth_type_id, staff_count=exhibitor.staff_count,
            staff_names="\n".join(exhibitor.staff_names or []), needs_power=exhibitor.needs_power,
            needs_table=exhibitor.needs_table, remarks=exhibitor.remarks,
            offers=offers + [{}] * max(OFFER_ROWS - len(offers), 2) if len(offers) < MAX_OFFERS else offers)
    form = ExhibitorFields(**kwargs)
    offer_booth_types(form, booth_types)
    return form


class InterviewCapacityForm(Form):
    interviewers = IntegerField(_l("Wie viele Personen führen Gespräche gleichzeitig?"), default=1,
                                validators=[InputRequired(), NumberRange(min=0, max=10)],
                                description=_l("0: keine Gesprächstermine an Ihrem Stand."))
    slots = MultiCheckboxField(_l("Zu diesen Zeiten führen wir Gespräche"), coerce=int,
                               description=_l("Nichts angekreuzt: zu allen Zeiten."))


def interview_capacity_form(slot_labels: list[str], exhibitor, formdata=None) -> InterviewCapacityForm:
    form = InterviewCapacityForm(formdata=formdata, data=None if formdata else {
        "interviewers": exhibitor.interviewers,
        "slots": exhibitor.available_slots if exhibitor.available_slots is not None else []})
    form.slots.choices = as_choices(list(enumerate(slot_labels)))
    return form


# --- visitors -----------------------------------------------------------------------------------------------

class VisitorForm(Form):
    given_name = StringField(_l("Vorname"), validators=[DataRequired(), Length(max=120)],
                             render_kw={"autocomplete": "given-name"})
    family_name = StringField(_l("Nachname"), validators=[DataRequired(), Length(max=120)],
                              render_kw={"autocomplete": "family-name"})
    languages = MultiCheckboxField(_l("Welche Sprachen sprechen Sie?"), choices=VisitorLanguage.choices())
    german_level = RadioField(_l("Wie gut sprechen Sie Deutsch?"), choices=GermanLevel.choices(), default=GermanLevel.NONE)
    sectors = MultiCheckboxField(_l("Welche Branchen interessieren Sie?"), choices=Sector.choices())
    offer_types = MultiCheckboxField(_l("Was suchen Sie?"), choices=OfferType.choices())
    phone = StringField(_l("Telefon (freiwillig)"), validators=[Length(max=50)], render_kw={"autocomplete": "tel",
                                                                                          "inputmode": "tel"})
    email = EmailField(_l("E-Mail-Adresse (freiwillig)"), validators=[
        Optional(), Email(message=_l("Bitte eine gültige E-Mail-Adresse angeben.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
        description=_l("Dann schicken wir Ihnen die Bestätigung und Ihren persönlichen Link."))
    consent = BooleanField(_l("Ich willige ein, dass meine Angaben zur Durchführung der Messe verarbeitet werden."),
                           validators=[DataRequired(message=_l("Ohne Ihre Einwilligung können wir Sie nicht "
                                                               "anmelden."))])
    website = StringField(_l("Bitte leer lassen"), render_kw={"tabindex": "-1", "autocomplete": "off"})

    def visitor_data(self) -> dict:
        return {name: self[name].data for name in ("given_name", "family_name", "languages", "german_level",
                                                   "sectors", "offer_types", "phone", "email", "consent")}


class WalkInForm(Form):
    """At the entrance: the least that gives a badge and fair interviews; the rest can follow later."""

    given_name = StringField(_l("Vorname"), validators=[DataRequired(), Length(max=120)])
    family_name = StringField(_l("Nachname"), validators=[DataRequired(), Length(max=120)])
    german_level = SelectField(_l("Deutschkenntnisse"), choices=GermanLevel.choices(), default=GermanLevel.NONE)
    languages = MultiCheckboxField(_l("Sprachen"), choices=VisitorLanguage.choices(), validators=[Optional()])
    sectors = MultiCheckboxField(_l("Interesse an Branchen"), choices=Sector.choices(), validators=[Optional()])
    consent = BooleanField(_l("Die Person ist mit der Verarbeitung ihrer Angaben einverstanden."),
                           validators=[DataRequired(message=_l("Ohne Einwilligung keine Anmeldung."))])
    # The language of the fair page behind the QR code, the guide and the certificate: the person's, not the desk's.
    locale = SelectField(_l("Sprache der Messeseite und der Bescheinigung"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = list(current_app.config["PUBLIC_LANGUAGES"].items())

    def visitor_data(self) -> dict:
        return {"given_name": self.given_name.data, "family_name": self.family_name.data,
                "german_level": self.german_level.data, "languages": self.languages.data or [],
                "sectors": self.sectors.data or [], "offer_types": [], "phone": "", "email": "",
                "consent": self.consent.data}


class ProfileForm(Form):
    """The visitor changes languages, German and interests on their own page."""

    languages = VisitorForm.languages
    german_level = VisitorForm.german_level
    sectors = VisitorForm.sectors
    offer_types = VisitorForm.offer_types


# --- coordinators -------------------------------------------------------------------------------------------

class HallForm(Form):
    booking_deadline = DateTimeLocalField(_l("Buchungsschluss für Aussteller"), format="%Y-%m-%dT%H:%M",
                                          validators=[Optional()],
                                          description=_l("Leer lassen: bis zum Beginn der Messe."))
    hall_width = FloatField(_l("Breite der Halle (m)"), validators=[InputRequired(), NumberRange(min=2, max=500)])
    hall_depth = FloatField(_l("Tiefe der Halle (m)"), validators=[InputRequired(), NumberRange(min=2, max=500)])
    background = FileField(_l("Hallenplan als Hintergrund"), description=_l("PNG oder SVG, höchstens 2 MB."))
    remove_background = BooleanField(_l("Hallenplan entfernen"))

    def validate_background(self, field):
        from .booths import checked_background

        if field.data and getattr(field.data, "filename", ""):
            try:
                field.data = checked_background(field.data.read())
            except ImageRefused as refused:
                raise ValidationError(str(refused))
        else:
            field.data = None

    def hall_data(self) -> dict:
        return {"hall_width": self.hall_width.data, "hall_depth": self.hall_depth.data,
                "booking_deadline": from_local_input(self.booking_deadline.data),
                "background": self.background.data, "remove_background": self.remove_background.data}


class BoothTypeForm(Form):
    name = StringField(_l("Bezeichnung"), validators=[DataRequired(), Length(max=80)],
                       description=_l("z. B. „3 × 2 m mit Strom“ oder „Nur Tisch“"))
    width = FloatField(_l("Breite (m)"), validators=[InputRequired(), NumberRange(min=0.5, max=50)])
    depth = FloatField(_l("Tiefe (m)"), validators=[InputRequired(), NumberRange(min=0.5, max=50)])
    has_power = BooleanField(_l("Mit Strom"))
    staff_badges = IntegerField(_l("Namensschilder inklusive"), default=2,
                                validators=[InputRequired(), NumberRange(min=0, max=30)])


class BoothForm(Form):
    number = StringField(_l("Standnummer"), validators=[DataRequired(), Length(max=10)])
    booth_type_id = SelectField(_l("Standtyp"), coerce=optional_int, validators=[Optional()])
    x = FloatField(_l("Abstand vom linken Rand (m)"), validators=[InputRequired(), NumberRange(min=0)])
    y = FloatField(_l("Abstand vom oberen Rand (m)"), validators=[InputRequired(), NumberRange(min=0)])
    width = FloatField(_l("Breite (m)"), validators=[Optional(), NumberRange(min=0.5, max=50)],
                       description=_l("Leer lassen: Maß des Standtyps."))
    depth = FloatField(_l("Tiefe (m)"), validators=[Optional(), NumberRange(min=0.5, max=50)])
    status = SelectField(_l("Status"), choices=BoothStatus.choices(BoothStatus.FREE, BoothStatus.RESERVED, BoothStatus.BLOCKED),
                         default=BoothStatus.FREE)

    def validate_number(self, field):
        field.data = (field.data or "").strip()
        if field.data in self.taken_numbers:
            raise ValidationError(_l("Diese Standnummer gibt es schon."))

    def validate_x(self, field):
        width = self.width.data or (self.type_sizes.get(self.booth_type_id.data, (2, 2))[0])
        if field.data is not None and field.data + width > self.hall[0]:
            raise ValidationError(_l("Der Stand ragt rechts über die Halle hinaus (%(width)s m breit).",
                                     width=f"{self.hall[0]:g}"))

    def validate_y(self, field):
        depth = self.depth.data or (self.type_sizes.get(self.booth_type_id.data, (2, 2))[1])
        if field.data is not None and field.data + depth > self.hall[1]:
            raise ValidationError(_l("Der Stand ragt unten über die Halle hinaus (%(depth)s m tief).",
                                     depth=f"{self.hall[1]:g}"))


def booth_form(fair, booth_types, booth_rows, booth=None, **kwargs) -> BoothForm:
    """A booth's form (a new one without `booth`); a booth an Aussteller holds has no status field: its status
    follows the Aussteller."""
    form = BoothForm(**kwargs)
    if booth is not None and booth.exhibitor is not None:
        del form.status
    offer_booth_types(form, booth_types, _l("– ohne Typ –"))
    form.taken_numbers = {row.number for row in booth_rows if booth is None or row.id != booth.id}
    form.type_sizes = {booth_type.id: (booth_type.width, booth_type.depth) for booth_type in booth_types}
    form.hall = (fair.hall_width, fair.hall_depth)
    return form


class AssignBoothForm(Form):
    booth_id = SelectField(_l("Stand"), coerce=optional_int, validators=[Optional()])


class InterviewSettingsForm(Form):
    interview_mode = SelectField(_l("Gesprächstermine"), choices=InterviewMode.choices())
    first_slot_at = DateTimeLocalField(_l("Erstes Gespräch um"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
                                       description=_l("Leer lassen: zu Beginn der Messe."))
    slot_minutes = IntegerField(_l("Minuten je Gespräch"), validators=[InputRequired(), NumberRange(min=5, max=60)])
    slot_count = IntegerField(_l("Anzahl der Zeitfenster"), validators=[InputRequired(), NumberRange(min=1, max=48)])
    max_interviews_per_visitor = IntegerField(_l("Höchstens Gespräche je Besucher:in"),
                                              validators=[InputRequired(), NumberRange(min=1, max=10)])


class ScheduleForm(Form):
    suggestions = IntegerField(_l("Vorschläge für Besucher:innen ohne Wünsche"), default=3,
                               validators=[InputRequired(), NumberRange(min=0, max=10)],
                               description=_l("So viele passende Aussteller schlägt der Plan jeder Person vor, die "
                                              "keine Wünsche angegeben hat (0: keine)."))
