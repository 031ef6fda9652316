from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..common.forms import Form, MultiCheckboxField
from ..extensions import db
from .models import Role, User

MIN_PASSWORD_LENGTH = 12


class LoginForm(Form):
    email = EmailField(_l("E-Mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Passwort"), validators=[DataRequired()])
    remember = BooleanField(_l("Angemeldet bleiben"))


class UserForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-Mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Rolle"), choices=Role.choices())
    networks = MultiCheckboxField(_l("Betreute Netzwerke"), coerce=int)
    active = BooleanField(_l("Zugang aktiv"), default=True)
    password = PasswordField(
        _l("Neues Passwort"),
        description=_l("Mindestens 12 Zeichen. Leer lassen, um das Passwort nicht zu ändern."),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = user
        if user is None:  # a new account has no password to keep: Optional() would let an empty one through
            self.password.label.text = _l("Passwort")
            self.password.description = _l("Mindestens 12 Zeichen.")
            self.password.validators = [DataRequired(message=_l("Ein neuer Zugang braucht ein Passwort.")),
                                        Length(min=MIN_PASSWORD_LENGTH, max=200)]
            self.password.flags.required = True

    def validate_email(self, field):
        taken = db.session.scalar(select(User).where(func.lower(User.email) == field.data.strip().lower()))
        if taken is not None and taken is not self._user:
            raise ValidationError(_l("Diese E-Mail-Adresse hat bereits einen Zugang."))


class PasswordChangeForm(Form):
    current_password = PasswordField(_l("Bisheriges Passwort"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("Neues Passwort"),
        description=_l("Mindestens 12 Zeichen."),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )
    confirm = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("Die Passwörter stimmen nicht überein."))],
    )
