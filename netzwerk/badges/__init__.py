"""Name badges and print documents (participant lists, table lists, table cards, agenda) as PDF.

`render`, `layouts`, `namefit` and `qr` are pure (plain data in, PDF out); the routes serve them to coordinators
and a participant's own badge through the self-service link."""



def init_app(app) -> None:
    from .cli import print_worker
    from .routes import bp, public_bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    app.cli.add_command(print_worker)
