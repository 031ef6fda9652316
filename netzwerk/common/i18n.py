"""Which language a page is shown in, and the switch that needs no JavaScript.

The workspace speaks LANGUAGES (German, English); pages for the public that a blueprint offers with
`offer_public_languages` (the Migrationsmesse's) speak PUBLIC_LANGUAGES as well.
"""
import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, has_request_context, redirect, request, session, url_for

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}

bp = Blueprint("i18n", __name__)
_public_blueprints: set[str] = set()


def offer_public_languages(blueprint: Blueprint) -> None:
    """Every page of the blueprint is offered in all PUBLIC_LANGUAGES."""
    _public_blueprints.add(blueprint.name)


def page_languages() -> dict[str, str]:
    """The languages the current page is offered in (code -> the language's own name)."""
    if has_request_context() and request.blueprint in _public_blueprints:
        return current_app.config["PUBLIC_LANGUAGES"]
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():  # command line, workers: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = page_languages()
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages.keys()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def text_direction(locale: str) -> str:
    return "rtl" if locale.split("_")[0] in RIGHT_TO_LEFT else "ltr"


def safe_next(target: str | None, fallback: str) -> str:
    """Only redirect to a path of this site (no open redirect, nothing a header cannot carry).

    Refused besides scheme and host: backslashes, spaces and control or format characters anywhere, for
    browsers read "/\\evil.example" and "/<tab>/evil.example" as "//evil.example", and CR LF would split the header.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(char.isspace() or unicodedata.category(char)[0] == "C" for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


@bp.route("/sprache/<code>")
def switch_language(code: str):
    if code in current_app.config["PUBLIC_LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("public.index")))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
