"""Calendar files and feeds: iCalendar (RFC 5545) event files, network feeds, personal feeds.

`bp` serves the public files and feeds; `admin_bp` the coordinator's actions (protected).
"""
from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("calendar", __name__)
admin_bp = Blueprint("calendar_admin", __name__, url_prefix="/manage")
protect_blueprint(admin_bp)
