from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..common.forms import Form


class AccessibilityFeedbackForm(Form):
    """A barrier someone met: only the message is needed; name and address only if they want an answer."""

    message = TextAreaField(_l("Was hat nicht funktioniert?"), validators=[DataRequired(), Length(max=5000)])
    page = StringField(_l("Auf welcher Seite?"), validators=[Optional(), Length(max=500)],
                       description=_l("Die Adresse oder der Name der Seite, wenn Sie ihn wissen."))
    name = StringField(_l("Ihr Name (freiwillig)"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Ihre E-Mail-Adresse (freiwillig)"), validators=[Optional(), Email(), Length(max=254)],
                       description=_l("Nur wenn Sie eine Antwort möchten."))
