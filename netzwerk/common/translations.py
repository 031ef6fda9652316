"""Texts entered in several languages: the field holds the original (German), the row's `translations` column
{field: {language: text}} the others. Read with the row, so a page of events or offers needs no further query.

`text_in(row, field)` gives the text in the reader's language, or the original; either knows its language and, in
a template, marks itself with `lang` and `dir` when that is not the page's language."""
from flask import current_app, has_app_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from .i18n import text_direction

ORIGINAL = "de"  # the language coordinators and Aussteller write the original in
# The other public languages a text can be given in, each named in its own language (as the language switch does).
OTHER_LANGUAGES = {"en": "English", "ar": "العربية", "fa": "فارسی/دری", "uk": "Українська", "tr": "Türkçe"}


class Translatable:
    """Mixin: the `translations` column beside the original texts."""

    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")


class InLanguage(str):
    """A text and the language it is written in."""

    lang: str

    def __new__(cls, text: str, lang: str):
        made = super().__new__(cls, text or "")
        made.lang = lang
        return made

    @property
    def dir(self) -> str:
        return text_direction(self.lang)

    @property
    def foreign(self) -> bool:
        """Not in the language the page (or mail, or PDF) is written in."""
        return self.lang != reader_language()

    @property
    def attrs(self) -> Markup:
        """` lang=".." dir=".."` for the element that holds the text, when it is foreign."""
        return Markup(' lang="{}" dir="{}"').format(self.lang, self.dir) if self.foreign else Markup("")

    @property
    def plain(self) -> str:
        return str.__str__(self)

    def __html__(self) -> Markup:
        escaped = escape(self.plain)
        if not self.foreign:
            return escaped
        return Markup('<span lang="{}" dir="{}">{}</span>').format(self.lang, self.dir, escaped)


def reader_language() -> str:
    locale = get_locale() if has_app_context() else None
    if locale is None:
        return current_app.config["BABEL_DEFAULT_LOCALE"] if has_app_context() else ORIGINAL
    return locale.language


def text_in(row, field: str, language: str | None = None) -> InLanguage:
    """The row's text in the reader's language when given, else the original."""
    language = language or reader_language()
    original = getattr(row, field) or ""
    if language != ORIGINAL and original:
        translated = ((row.translations or {}).get(field) or {}).get(language)
        if translated:
            return InLanguage(translated, language)
    return InLanguage(original, ORIGINAL)


# --- forms --------------------------------------------------------------------------------------------------

def field_name(field: str, language: str) -> str:
    return f"{field}__{language}"


def add_translation_fields(form_class, fields: dict[str, tuple]) -> None:
    """For every (field: (label, max length, multi-line)) one optional field per other language, e.g. `title__ar`,
    whose input is marked with that language and its direction."""
    for field, (label, max_length, multiline) in fields.items():
        kind = TextAreaField if multiline else StringField
        for language, name in OTHER_LANGUAGES.items():
            setattr(form_class, field_name(field, language), kind(
                _l("%(field)s – %(language)s", field=label, language=name), validators=[Length(max=max_length)],
                render_kw={"lang": language, "dir": text_direction(language)}))


def translations_from(data: dict, fields) -> dict:
    """{field: {language: text}} from a form's data; languages left empty are left out."""
    found = {}
    for field in fields:
        texts = {language: (data.get(field_name(field, language)) or "").strip() for language in OTHER_LANGUAGES}
        if texts := {language: text for language, text in texts.items() if text}:
            found[field] = texts
    return found


def translation_form_data(row, fields) -> dict:
    """The form's view of a row's translations: {"title__ar": ..., ...}."""
    stored = row.translations or {} if row is not None else {}
    return {field_name(field, language): text for field in fields
            for language, text in (stored.get(field) or {}).items() if language in OTHER_LANGUAGES}
