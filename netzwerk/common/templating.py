"""Jinja filters and globals: dates in Europe/Berlin, the page's language and direction."""
from datetime import datetime

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_time, get_locale

from .choices import LabelledEnum
from .forms import error_list
from .i18n import page_languages, text_direction
from .timing import last_day, local

# What the `label` filter can name (`state|label("registration_state")`): each feature registers its
# vocabularies in its init_app, as common imports no feature.
VOCABULARIES: dict[str, type[LabelledEnum]] = {}


def register_vocabularies(**vocabularies: type[LabelledEnum]) -> None:
    VOCABULARIES.update(vocabularies)


def vocabulary_label(value: str, vocabulary: str) -> str:
    """The stored value shown in the page's language."""
    return str(VOCABULARIES[vocabulary].label_of(value))


def event_period(starts_at: datetime, ends_at: datetime, all_day: bool = False) -> str:
    """'Montag, 12. Januar 2026, 10:00–16:00', or a date range for multi-day and all-day events."""
    first, last = local(starts_at).date(), last_day(ends_at, all_day)
    if all_day:
        return format_date(first, "full") if first == last else f"{format_date(first, 'medium')} – {format_date(last, 'medium')}"
    if first == last:
        return f"{format_date(starts_at, 'full')}, {format_time(starts_at, 'short')}–{format_time(ends_at, 'short')}"
    return f"{format_datetime(starts_at, 'medium')} – {format_datetime(ends_at, 'medium')}"


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        time=lambda value, fmt="short": format_time(value, fmt) if value else "",
        label=vocabulary_label,
    )
    app.jinja_env.globals.update(event_period=event_period)
    app.jinja_env.globals.update(form_error_list=error_list)

    @app.context_processor
    def page_language():
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {
            "page_lang": locale.replace("_", "-"),
            "page_dir": text_direction(locale),
            "languages": page_languages(),
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
