from flask import render_template

from . import bp


@bp.route("/kommunen")
def index():
    return "todo"


@bp.route("/netzwerke/<int:network_id>/kommunen")
def memberships(network_id: int):
    return "todo"
