from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from ..common.forms import Form
from ..common.uploads import UploadRefused
from .files import checked_material
from .models import Visibility


class MaterialForm(Form):
    title = StringField(_l("Titel"), validators=[DataRequired(), Length(max=200)])
    file = FileField(_l("Datei"), description=_l("PDF, PNG, JPEG, SVG, PowerPoint (.pptx) oder Word (.docx), "
                                                 "höchstens 8 MB."))
    url = URLField(_l("oder Link (z. B. zum Film)"), validators=[Optional(), URL(require_tld=True), Length(max=500)])
    visibility = SelectField(_l("Sichtbarkeit"), choices=Visibility.choices(), default=Visibility.PUBLIC)

    def validate_file(self, field):
        if field.data and getattr(field.data, "filename", ""):
            try:
                field.data = checked_material(field.data.read())
            except UploadRefused as refused:
                raise ValidationError(str(refused))
        else:
            field.data = None

    def validate_url(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Nur Links mit http:// oder https://."))

    def validate(self, extra_validators=None) -> bool:
        """A file or a link, checked after the fields (an empty link field ends its own checks early); the message
        goes to the link field alone, so that the error summary names it."""
        valid = super().validate(extra_validators)
        if not self.url.data and not self.file.data and not self.file.errors:
            self.url.errors = [*self.url.errors, _("Bitte wählen Sie eine Datei oder geben Sie einen Link an.")]
            return False
        return valid


class NoteForm(Form):
    text = TextAreaField(_l("Notizen der Tischgruppe"),
                         description=_l("Highlights, Lernerfahrungen, gute Geschichten."),
                         validators=[Length(max=10000)])
