from . import bp


@bp.route("/personen")
def index():
    return "todo"
