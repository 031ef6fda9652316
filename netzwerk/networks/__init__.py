from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("networks", __name__, url_prefix="/manage")
protect_blueprint(bp)
