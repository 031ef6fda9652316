"""Kommunen (shared reference data) and their memberships in networks."""


def init_app(app) -> None:
    from . import services
    from .routes import bp

    app.register_blueprint(bp)
    services.show_on_network_pages()
