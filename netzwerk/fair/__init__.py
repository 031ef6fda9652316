"""Migrationsmesse: booths on a floor plan, Aussteller and their offers, visitors, interview slots (speed dating).

`schedule.py` (with `instance`, `matching`, `timetable`, `suggest`) is the pure interview engine (plain data in,
plan out; no Flask, no database); `python -m netzwerk.fair schedule IN.json` runs it on a JSON file.
`placement.py` (booth assignment) and `floorplan.py` (the plan as SVG) are pure as well. The app part:
`models`, the services (`booking`, `booths`, `visitors`, `interviews`, `directory`, `figures`, `printing`),
`forms`, and the blueprints below: `bp` the public pages (in six languages) and private links, `admin_bp`
the coordinators' pages under /manage, `desk_bp` walk-in registration at the entrance. The factory imports
their routes (netzwerk.VIEW_MODULES).
"""
from flask import Blueprint

from ..common.access import protect_blueprint
from ..common.i18n import offer_public_languages

bp = Blueprint("fair", __name__)
offer_public_languages(bp)
admin_bp = Blueprint("fair_admin", __name__, url_prefix="/manage")
protect_blueprint(admin_bp)
# Walk-in registration at the entrance: check-in helpers too.
desk_bp = Blueprint("fair_desk", __name__, url_prefix="/manage")
protect_blueprint(desk_bp, roles={"admin", "coordinator", "checkin"})
