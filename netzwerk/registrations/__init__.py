"""Registrations: the public form and self-service link (bp), the coordinator's views (admin_bp)."""
from flask import Blueprint

from ..common.access import protect_blueprint

bp = Blueprint("registrations", __name__)
admin_bp = Blueprint("registration_admin", __name__, url_prefix="/manage")
protect_blueprint(admin_bp)
