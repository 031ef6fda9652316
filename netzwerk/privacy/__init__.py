"""DSGVO: export what is stored about a person, erase a person, purge old registrations."""


def init_app(app) -> None:
    from .commands import purge
    from .routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(purge)
