"""Name badges and print documents (participant lists, table lists, table cards, agenda) as PDF.

`render`, `layouts`, `namefit` and `qr` are pure (plain data in, PDF out); the routes serve them to coordinators
and a participant's own badge through the self-service link."""


def init_app(app) -> None:
    from .commands import print_worker
    from .routes import admin, public

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    app.cli.add_command(print_worker)
