"""DSGVO: export what is stored about a person, erase a person, purge old registrations."""
from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("privacy", __name__, url_prefix="/manage")
protect_blueprint(bp)
