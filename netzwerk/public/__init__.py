"""Public pages: networks, upcoming events and archive, event page."""


def init_app(app) -> None:
    from .routes import bp

    app.register_blueprint(bp)
