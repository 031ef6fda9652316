"""Name badges and print documents (participant lists, table lists, table cards, agenda) as PDF.

`render`, `layouts`, `namefit` and `qr` are pure (plain data in, PDF out); the routes serve them to coordinators
and a participant's own badge through the self-service link."""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from .commands import print_worker
    from .models import PrintJobStatus
    from .routes import admin, public
    from .services import job_size

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    app.cli.add_command(print_worker)
    app.add_template_filter(job_size, "print_job_size")
    register_vocabularies(print_job_status=PrintJobStatus)
