"""Name badges and print documents (participant lists, table lists, table cards, agenda) as PDF.

`render`, `layouts`, `namefit` and `qr` are pure (plain data in, PDF out); the blueprints below serve them:
`bp` to coordinators, `public_bp` a participant's own badge through the self-service link.
"""
from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("badges", __name__, url_prefix="/manage")
protect_blueprint(bp)
public_bp = Blueprint("badges_public", __name__)
