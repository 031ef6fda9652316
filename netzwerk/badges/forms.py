"""The badge page's forms: what to print on which layout, and the event's badge settings."""
from dataclasses import replace

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    ColorField,
    DecimalField,
    IntegerField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from ..common.choices import as_choices
from ..common.forms import Form, MultiCheckboxField, optional_int
from ..organisations.models import OrganisationType
from ..registrations.models import BadgeRole, RegistrationState
from . import layouts

LAYOUT_LABELS = {
    "a4-2x4-90x55": _l("A4, 2 × 4 Schilder 90 × 55 mm (Visitenkartenbogen)"),
    "a4-8-85x54": _l("A4, 8 Schilder 85 × 54 mm mit Schnittmarken (Kartenformat)"),
    "a4-2x2-a6": _l("A4, 2 × 2 Schilder in A6"),
    "a6": _l("A6, ein Schild pro Seite"),
    "custom": _l("Eigenes Format"),
}
SIDES = {
    "front": _l("Nur Vorderseite"),
    "duplex": _l("Vorder- und Rückseite (beidseitig drucken)"),
    "folded": _l("Zum Falten (Rückseite unter der Vorderseite)"),
}
ORDER_LABELS = {"name": _l("Nachname"), "kommune": _l("Kommune, dann Nachname")}
PAGES = {"A4": "A4", "A3": "A3", "A5": "A5", "Letter": "Letter"}


def _millimetres(label, low=0, high=400):
    return DecimalField(label, places=1, validators=[Optional(), NumberRange(min=low, max=high)],
                        render_kw={"inputmode": "decimal"})



class BadgeForm(Form):
    layout = SelectField(_l("Format"), choices=as_choices(LAYOUT_LABELS), default="a4-2x4-90x55")
    sides = SelectField(_l("Seiten"), choices=as_choices(SIDES), default="front")
    states = MultiCheckboxField(_l("Status"), default=[RegistrationState.CONFIRMED, RegistrationState.ATTENDED],
                                choices=RegistrationState.choices(RegistrationState.CONFIRMED, RegistrationState.ATTENDED))
    kommune_id = SelectField(_l("Kommune"), coerce=optional_int, validators=[Optional()])
    organisation_type = SelectField(_l("Art der Organisation"),
                                    choices=as_choices([("", _l("alle"))]) + OrganisationType.choices(), default="")
    role = SelectField(_l("Rolle"), choices=as_choices([("", _l("alle"))]) + BadgeRole.choices(), default="")
    order = SelectField(_l("Sortierung"), choices=as_choices(ORDER_LABELS), default="name")
    with_online = BooleanField(_l("Auch wer online teilnimmt"),
                               description=_l("Sonst bekommen nur Teilnehmende vor Ort ein Schild."))
    # Eigenes Format, in millimetres
    page = SelectField(_l("Papier"), choices=as_choices(PAGES), default="A4")
    landscape = BooleanField(_l("Querformat"))
    badge_width = _millimetres(_l("Breite eines Schilds (mm)"), 20)
    badge_height = _millimetres(_l("Höhe eines Schilds (mm)"), 20)
    columns = IntegerField(_l("Spalten"), validators=[Optional(), NumberRange(min=1, max=10)])
    rows = IntegerField(_l("Zeilen"), validators=[Optional(), NumberRange(min=1, max=20)])
    margin_top = _millimetres(_l("Rand oben (mm, leer: zentriert)"))
    margin_left = _millimetres(_l("Rand links (mm, leer: zentriert)"))
    gap = _millimetres(_l("Abstand zwischen Schildern (mm)"), 0, 50)
    cut_marks = BooleanField(_l("Schnittmarken"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.layout.data == "custom":
            for name in ("badge_width", "badge_height", "columns", "rows"):
                field = getattr(self, name)
                if field.data is None and not field.errors:
                    field.errors = [_l("Für ein eigenes Format bitte angeben.")]
                    valid = False
        return valid

    def chosen_layout(self) -> layouts.Layout:
        """The preset or the custom layout, checked against the page (LayoutDoesNotFit says by how much)."""
        if self.layout.data != "custom":
            layout = layouts.preset(self.layout.data)
            if self.cut_marks.data and not layout.cut_marks:
                layout = replace(layout, cut_marks=True)
            return layout.check(self.sides.data)
        page = layouts.PAGE_SIZES[self.page.data]
        gap = float(self.gap.data or 0)
        return layouts.custom(
            page[::-1] if self.landscape.data else page, float(self.badge_width.data), float(self.badge_height.data),
            self.columns.data, self.rows.data,
            margin_top=float(self.margin_top.data) if self.margin_top.data is not None else None,
            margin_left=float(self.margin_left.data) if self.margin_left.data is not None else None,
            gap_x=gap, gap_y=gap, cut_marks=self.cut_marks.data, sides=self.sides.data)


class BadgeSettingsForm(Form):
    back = SelectField(_l("Rückseite"), default="none", choices=as_choices({
        "none": _l("keine"), "agenda": _l("das Programm"), "text": _l("eigener Text (z. B. WLAN-Zugang)")}))
    back_text = TextAreaField(_l("Text der Rückseite"), validators=[Length(max=1000)])


def add_colour_fields(form_class: type) -> type:
    """One colour input per role (type=color works without JavaScript; any #rrggbb is accepted)."""
    for role in BadgeRole:
        setattr(form_class, f"colour_{role}", _colour_field(role.label))
    return form_class


def _colour_field(label):
    return ColorField(label, validators=[InputRequired(), Regexp(r"^#[0-9a-fA-F]{6}$",
                                                                 message=_l("Bitte eine Farbe wie #1f5f8b angeben."))])


add_colour_fields(BadgeSettingsForm)
