"""Mail: the outbox written with each change, its sender, and the coordinators' Postausgang page."""
from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("mail", __name__, url_prefix="/manage")
protect_blueprint(bp)
