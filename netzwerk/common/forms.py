"""The base of every form, and small pieces shared by the feature forms."""
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, PasswordField, SelectMultipleField, TextAreaField
from wtforms import Form as PlainForm
from wtforms.meta import DefaultMeta
from wtforms.widgets import CheckboxInput, ListWidget

from .incoming import ID_RANGE
from .text import clean_line, clean_lines

# Not cleaned: containers (their inner fields are) and passwords (never stored as text, compared as typed).
UNCLEANED_FIELDS = (FormField, FieldList, PasswordField)


def _clean_one_line(data):
    if isinstance(data, str):
        return clean_line(data)
    if isinstance(data, int) and not isinstance(data, bool) and data not in ID_RANGE:
        # No database column holds it, and WTForms' NumberRange fails on it: treated as not given, so that
        # the field's validators answer (out of range, or required).
        return None
    if isinstance(data, list):  # multiple choice
        return [clean_line(item) if isinstance(item, str) else item for item in data]
    return data


def _clean_multi_line(data):
    return clean_lines(data) if isinstance(data, str) else data


class CleanTextMeta(DefaultMeta):
    """Every field gets a first filter that removes control and bidi characters (common.text) and numbers
    beyond the databases' integers."""

    def bind_field(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if not issubclass(field_class, UNCLEANED_FIELDS):
            cleaning = _clean_multi_line if issubclass(field_class, TextAreaField) else _clean_one_line
            options = {**options, "filters": (cleaning, *unbound_field.kwargs.get("filters", ()))}
        return super().bind_field(form, unbound_field, options)


class Form(FlaskForm):
    """The base of every form in netzwerk (CSRF from Flask-WTF, text cleaned)."""

    class Meta(CleanTextMeta):
        pass


class SubForm(PlainForm):
    """The base of forms nested in another with FormField (no CSRF token of their own), text cleaned."""

    Meta = CleanTextMeta


def optional_int(value) -> int | None:
    """Coerce for a select whose first option, value "", means 'none'."""
    return int(value) if value not in (None, "") else None


def error_list(form) -> list[tuple[str, str, str]]:
    """Every error of a form as (field id, label, message), in the order of the fields, nested forms included:
    the summary at the top of a form page links each to its field."""
    found = []
    for field in form:
        if isinstance(field, FormField):
            found.extend(error_list(field.form))
        elif isinstance(field, FieldList):
            for entry in field:
                found.extend(error_list(entry.form) if isinstance(entry, FormField) else _field_errors(entry))
        else:
            found.extend(_field_errors(field))
    return found


def _field_errors(field) -> list[tuple[str, str, str]]:
    label = field.label.text if field.label else field.name
    # A field's own list holds strings or lazy ones (_l); errors of nested forms come as a dict, listed on their own.
    return [(field.id, str(label), str(message)) for message in field.errors if not isinstance(message, dict)]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (a `<select multiple>` needs Ctrl-click, which few people know); rendered
    as a fieldset by the `field` macro, long lists in a scrolling box with a filter (templates/common/forms.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
