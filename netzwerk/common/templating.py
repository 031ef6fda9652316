"""Jinja filters and globals: dates in Europe/Berlin, the page's language and direction."""
from datetime import datetime
from decimal import Decimal

from babel import Locale
from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale, get_translations

from .choices import LabelledEnum
from .forms import error_list
from .i18n import link_language, page_languages, text_direction, without_language
from .timing import last_day, local
from .translations import OTHER_LANGUAGES, text_in

# What the `label` filter can name (`state|label("registration_state")`): each feature registers its
# vocabularies in its init_app, as common imports no feature.
VOCABULARIES: dict[str, type[LabelledEnum]] = {}


def register_vocabularies(**vocabularies: type[LabelledEnum]) -> None:
    VOCABULARIES.update(vocabularies)


def vocabulary_label(value: str, vocabulary: str) -> str:
    """The stored value shown in the page's language."""
    return str(VOCABULARIES[vocabulary].label_of(value))


def format_moment(value: datetime, fmt: str = "medium") -> str:
    """Date and time in the page's language and Europe/Berlin, the time never with seconds: '12.01.2026, 10:00'
    (Babel's medium and long times carry seconds, which nobody needs to meet at a place)."""
    locale = get_locale() or Locale.parse("de")
    pattern = str(locale.datetime_formats[fmt]).replace("{1}", str(locale.date_formats[fmt]))
    return format_datetime(value, pattern.replace("{0}", str(locale.time_formats["short"])))


def format_number(value, decimals: int | None = None):
    """A count or measure in the page's language: 1.234 and 2,5 on German pages, 1,234 and 2.5 on English ones.
    With `decimals`, exactly that many digits after the separator (an average of 4 reads "4,0")."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if decimals:
        return format_decimal(value, format="#,##0." + "0" * decimals)
    return format_decimal(value)


def event_period(starts_at: datetime, ends_at: datetime, all_day: bool = False) -> str:
    """'Montag, 12. Januar 2026, 10:00–16:00', or a date range for multi-day and all-day events."""
    first, last = local(starts_at).date(), last_day(ends_at, all_day)
    if all_day:
        return format_date(first, "full") if first == last else f"{format_date(first, 'medium')} – {format_date(last, 'medium')}"
    if first == last:  # joined as the language joins a date and a time ("، " in Arabic, no comma in Turkish)
        locale = get_locale() or Locale.parse("de")
        times = f"{format_time(starts_at, 'short')}–{format_time(ends_at, 'short')}"
        return str(locale.datetime_formats["full"]).replace("{1}", format_date(starts_at, "full")).replace("{0}", times)
    return f"{format_moment(starts_at)} – {format_moment(ends_at)}"


def plural_with_local_count(singular: str, plural: str, num: int) -> str:
    """Templates' ngettext: the count in the page's number format, as `|number` writes it elsewhere on the page
    (5.000 Personen, ۵ نفر), though the catalogs keep Babel's usual `%(num)d`."""
    translated = get_translations().ungettext(singular, plural, num)
    return translated.replace("%(num)d", format_number(num).replace("%", "%%"))


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    # After Flask-Babel's own: the same callables but for ngettext.
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: get_translations().ugettext(string), ngettext=plural_with_local_count, newstyle=True,
        pgettext=lambda context, string: get_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, num: get_translations().unpgettext(context, singular, plural, num))
    app.jinja_env.filters.update(
        datetime=lambda value, fmt="medium": format_moment(value, fmt) if value else "",
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        time=lambda value, fmt="short": format_time(value, fmt) if value else "",
        number=format_number,
        label=vocabulary_label,
    )
    app.jinja_env.globals.update(event_period=event_period)
    app.jinja_env.globals.update(link_language=link_language, text_in=text_in, translation_languages=OTHER_LANGUAGES,
                                 text_direction=text_direction)
    app.jinja_env.globals.update(form_error_list=error_list)

    @app.context_processor
    def page_language():
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {
            "page_lang": locale.replace("_", "-"),
            "page_dir": text_direction(locale),
            "languages": page_languages(),
            "current_path": without_language(request.full_path.rstrip("?")) if request else "/",
        }
