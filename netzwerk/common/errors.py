"""Friendly error pages in the user's language; a failed request leaves nothing half-written."""
from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions

from ..extensions import db

MESSAGES = {
    400: lambda: _("Die Anfrage war fehlerhaft."),
    403: lambda: _("Sie haben keine Berechtigung für diese Seite."),
    404: lambda: _("Diese Seite gibt es nicht (mehr)."),
    405: lambda: _("Diese Aktion ist hier nicht möglich."),
    409: lambda: _("Das passt nicht zum aktuellen Stand. Bitte laden Sie die Seite neu."),
    413: lambda: _("Die Datei ist zu groß."),
    429: lambda: _("Zu viele Versuche. Bitte warten Sie einen Moment."),
    500: lambda: _("Ein unerwarteter Fehler ist aufgetreten. Es wurde nichts gespeichert."),
}


def render_error(code: int, message: str | None = None):
    text = message or MESSAGES.get(code, MESSAGES[500])()
    return render_template("errors/error.html", code=code, message=text), code


def _own_message(error: HTTPException) -> str | None:
    """What abort(code, message) said in the user's words. Werkzeug's own English text is not shown, nor that of
    the exceptions libraries derive from werkzeug's (Flask-Limiter's 429 carries "10 per 1 minute")."""
    raised_by_abort = type(error) is default_exceptions.get(error.code)
    return error.description if raised_by_abort and error.description != type(error).description else None


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(400, _("Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und senden Sie es erneut."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        return render_error(error.code or 500, _own_message(error))

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_error(500)
