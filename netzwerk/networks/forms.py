import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from slugify import slugify
from sqlalchemy import select
from wtforms import BooleanField, EmailField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError

from ..common.forms import Form
from ..common.translations import add_translation_fields
from ..extensions import db
from .logo import LogoRefused, checked_logo, checked_signature
from .models import Network

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class NetworkForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Kurzname für Adressen"),
        description=_l("Kleinbuchstaben, Ziffern und Bindestriche, z. B. „ankommen“. Leer lassen: wird aus dem Namen gebildet."),
        validators=[Length(max=80)],
    )
    description = TextAreaField(_l("Beschreibung"), validators=[Length(max=5000)])
    contact_name = StringField(_l("Ansprechperson"), validators=[Length(max=200)])
    contact_email = EmailField(_l("Kontakt-E-Mail"), validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Kontakt-Telefon"), validators=[Length(max=50)])
    privacy_text = TextAreaField(
        _l("Datenschutzhinweis für Anmeldungen"),
        description=_l("Steht neben der Einwilligung im Anmeldeformular. Jede Änderung erhält eine neue Version, "
                       "die mit jeder Einwilligung gespeichert wird."),
        validators=[Length(max=5000)],
    )
    website = URLField(_l("Website"), validators=[Optional(), URL(), Length(max=300)])
    logo = FileField(_l("Logo für Namensschilder"), description=_l("PNG oder SVG, höchstens 512 KB."))
    remove_logo = BooleanField(_l("Logo entfernen"))
    signature = FileField(_l("Unterschrift für Teilnahmebescheinigungen"),
                          description=_l("PNG oder SVG, höchstens 512 KB."))
    remove_signature = BooleanField(_l("Unterschrift entfernen"))
    signatory = StringField(_l("Name unter der Unterschrift"), validators=[Length(max=200)])

    def __init__(self, *args, network: Network | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._network = network

    def validate_slug(self, field):
        field.data = field.data or slugify(self.name.data or "", max_length=80)
        if not field.data:
            raise ValidationError(_l("Bitte geben Sie einen Kurznamen an."))
        if not SLUG_PATTERN.fullmatch(field.data):
            raise ValidationError(_l("Nur Kleinbuchstaben, Ziffern und Bindestriche."))
        taken = db.session.scalar(select(Network).where(Network.slug == field.data))
        if taken is not None and taken is not self._network:
            raise ValidationError(_l("Dieser Kurzname ist schon vergeben."))

    def validate_logo(self, field):
        _check_upload(field, checked_logo)

    def validate_signature(self, field):
        _check_upload(field, checked_signature)


def _check_upload(field, check) -> None:
    """The file's (bytes, media type) after the upload checks, None when none was chosen; else the refusal."""
    if field.data and getattr(field.data, "filename", ""):
        try:
            field.data = check(field.data.read())
        except LogoRefused as refused:
            raise ValidationError(str(refused))
    else:
        field.data = None


TRANSLATED = ("privacy_text",)
add_translation_fields(NetworkForm, {"privacy_text": (_l("Datenschutzhinweis für Anmeldungen"), 5000, True)})
