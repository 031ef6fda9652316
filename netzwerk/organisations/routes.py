from . import bp


@bp.route("/organisationen")
def index():
    return "todo"
