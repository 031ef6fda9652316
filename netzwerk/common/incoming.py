"""Every request as it comes in: a URL with a NUL or an id beyond the databases' range is not found, and the log
keeps its path but not its query.

Names typed into the workspace searches (?q=) must not outlive their erasure in log files; the development
server's request log (logger "werkzeug") is filtered here, gunicorn's access log format (gunicorn.conf.py)
leaves out the query string and the referrer.
"""
import logging
import re

from flask import Flask, abort, request

_QUERY = re.compile(r"\?.*(?= HTTP/\d)")
# A private link's secret (self-service, personal calendar feed, Aussteller management) is a live key to
# personal data: logs keep which kind of page was asked for, never the key.
_PRIVATE_LINK = re.compile(r"(/(?:anmeldung|kalender|messe/aussteller)/)[^/.\s?]+")


def without_secrets(path: str) -> str:
    """The path with a private link's secret replaced, for log lines."""
    return _PRIVATE_LINK.sub(r"\1[link]", path)


# The range of the databases' INTEGER ids: a larger number in a URL names nothing, and neither database takes it.
ID_RANGE = range(-2**31, 2**31)


def database_id(text: str) -> int:
    """For `request.form.get(name, type=database_id)`: an id the databases can hold, else None as for "abc"."""
    value = int(text)
    if value not in ID_RANGE:
        raise ValueError(f"{text} is beyond the databases' integers")
    return value


def _refuse_what_names_nothing():
    # A NUL is part of no slug or token; PostgreSQL would refuse it in the lookup.
    if "\x00" in request.path:
        abort(404)
    if any(isinstance(value, int) and value not in ID_RANGE for value in (request.view_args or {}).values()):
        abort(404)


class QueryStringFilter(logging.Filter):
    """Drops the query string and private links' secrets from the request line the development server logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            record.args = (without_secrets(_QUERY.sub("", record.args[0])), *record.args[1:])
        return True


def init_app(app: Flask) -> None:
    # First of all before-request functions: a 404, not the CSRF check's 400 or a rate limit's count.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_what_names_nothing)
    server_log = logging.getLogger("werkzeug")
    if not any(isinstance(existing, QueryStringFilter) for existing in server_log.filters):
        server_log.addFilter(QueryStringFilter())
