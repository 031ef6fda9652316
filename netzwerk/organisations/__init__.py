from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("organisations", __name__, url_prefix="/manage")
protect_blueprint(bp)
