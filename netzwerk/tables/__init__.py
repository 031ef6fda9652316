"""Table groups (Tischgruppen): the assignment engine and the coordinator's pages around it.

The engine (`assign` with `instance`, `bounds`, `metrics`, `search`, `design`, `sizes`, `cli`) is pure: no Flask,
no database; `python -m netzwerk.tables solve IN.json` runs it on its own. `models`, `services`, `forms` and
`routes` put it into the app.
"""
from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("tables", __name__, url_prefix="/manage")
protect_blueprint(bp)
