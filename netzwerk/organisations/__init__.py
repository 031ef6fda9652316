"""A network's partner organisations."""


def init_app(app) -> None:
    from .routes import bp

    app.register_blueprint(bp)
