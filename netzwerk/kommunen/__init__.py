"""Kommunen (shared reference data) and their memberships in networks."""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from . import services
    from .models import KommuneKind
    from .routes import bp

    app.register_blueprint(bp)
    register_vocabularies(kommune_kind=KommuneKind)
    services.show_on_network_pages()
