"""Scheduled mails and mailings (issue 15, points 2 and 3).

`schedule.py`: an event's reminder rules ("7 days before, to the confirmed"), relative to the event so a new date
moves them, and the worker step that writes each due mail once per rule and registration (a unique send record);
`send-scheduled`, and every round of `print-worker --loop` and `send-mail --loop`, run it. `services.py`: mailings
to an event's registrants (`audience.py`) or the network's people (the invitations' filter), written in bulk with
placeholders (`placeholders.py`) in each recipient's language (`mail.py`), each with an unsubscribe link that the
invitations' opt-out keeps. A cloned event gets the reminder rules (`events.cloning.when_cloned`).
`routes/admin.py` (mailings, templates), `routes/schedule.py` (rules), `routes/public.py` (unsubscribe)."""


def init_app(app) -> None:
    from ..common.personal_records import add_personal_records
    from ..common.worker import every_round
    from ..events.cloning import when_cloned
    from .commands import send_scheduled
    from .personal_data import RECEIVED
    from .routes import admin, public, schedule
    from .schedule import copy_rules, send_due_and_deliver

    app.register_blueprint(admin.bp)
    app.register_blueprint(schedule.bp)
    app.register_blueprint(public.bp)
    app.cli.add_command(send_scheduled)
    every_round(send_due_and_deliver)
    when_cloned(copy_rules)  # a cloned event keeps its reminders
    add_personal_records(RECEIVED)  # DSGVO export and erasure reach them
