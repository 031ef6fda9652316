"""Check-in at the entrance: helpers (role checkin) and coordinators mark people as arrived."""
from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("checkin", __name__, url_prefix="/manage")
protect_blueprint(bp, roles={"admin", "coordinator", "checkin"})
