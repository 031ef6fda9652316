"""A network's people."""


def init_app(app) -> None:
    from .routes import bp

    app.register_blueprint(bp)
