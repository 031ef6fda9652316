"""Mail: the outbox written with each change, its sender, and the coordinators' Postausgang page."""



def init_app(app) -> None:
    from . import sender
    from .cli import send_mail
    from .routes import bp

    app.register_blueprint(bp)
    sender.init_app(app)
    app.cli.add_command(send_mail)
