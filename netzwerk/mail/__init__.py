"""Mail: the outbox written with each change, its sender, and the coordinators' Postausgang page."""


def init_app(app) -> None:
    from ..events.services import when_rescheduled
    from ..registrations import notices
    from . import sender
    from .commands import send_mail
    from .outbox import queue, queue_event_change_mails, write_registration_mail
    from .routes import bp

    app.register_blueprint(bp)
    sender.init_app(app)
    app.cli.add_command(send_mail)
    when_rescheduled(queue_event_change_mails)  # registrants get the updated invitation
    notices.send_through(write_registration_mail, queue)  # what registrations send goes into the outbox
