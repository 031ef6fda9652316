"""(being written)"""
from . import bp, admin_bp  # noqa: F401
