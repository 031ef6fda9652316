"""Which language a page is shown in, and the switch that needs no JavaScript.

The workspace speaks LANGUAGES (German, English); pages for the public, whose blueprints are offered with
`offer_public_languages`, speak PUBLIC_LANGUAGES. A page's language is, first to last: `?lang=`, the language
chosen with the switch (kept in the session), the language the person registered in (pages behind a private link,
`use_owner_locale`), the browser's wish. A language given by `?lang=` or by the registration goes on with every link
and redirect the page builds to another public page (`url_defaults`), so it is not lost on the way.
"""
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, Flask, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import refresh

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


def is_public_endpoint(endpoint: str | None) -> bool:
    return bool(endpoint) and endpoint.rpartition(".")[0] in _public_blueprints


def select_locale() -> str:
    if not has_request_context():  # command line, workers: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = page_languages()
    for chosen in (request.args.get("lang"), session.get("lang"), g.get("owner_locale")):
        if chosen in languages:
            return chosen
    return request.accept_languages.best_match(languages.keys()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def use_owner_locale(locale: str | None) -> None:
    """A page behind a person's private link speaks the language they registered in, unless they chose another."""
    g.owner_locale = locale
    refresh()


def link_language(private_target: bool = False) -> str | None:
    """The language links of this page carry on: one given by `?lang=` or by the registration, not the browser's
    wish (that comes with every request anyway) nor the switch's (kept in the session). Links to another private
    page of the same person need not carry the registration's language: that page finds it itself."""
    if not has_request_context() or not is_public_endpoint(request.endpoint):
        return None
    languages = current_app.config["PUBLIC_LANGUAGES"]
    if (chosen := request.args.get("lang")) in languages:
        return chosen
    owner = g.get("owner_locale")
    if not private_target and session.get("lang") not in languages and owner in languages:
        return owner
    return None


def keep_language(endpoint: str, values: dict) -> None:
    """url_defaults: a link from a public page to a public page keeps the page's language."""
    if "lang" not in values and is_public_endpoint(endpoint) and (language := link_language("token" in values)):
        values["lang"] = language


def without_language(path: str) -> str:
    """The path with its `lang` argument taken out (where the switch sends back to)."""
    parts = urlsplit(path)
    query = urlencode([(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "lang"])
    return urlunsplit(("", "", parts.path, query, parts.fragment))


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
    return redirect(without_language(safe_next(request.args.get("next"), url_for("public.index"))))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.url_defaults(keep_language)
