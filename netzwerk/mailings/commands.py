"""`flask --app app send-scheduled`: write the due scheduled mails (once, or in a loop). The print and mail
workers do the same each round, so `make run` needs no extra process."""
import time

import click
from flask.cli import with_appcontext

from ..extensions import db
from .schedule import send_due_and_deliver


@click.command("send-scheduled")
@click.option("--loop", is_flag=True, help="Keep running, looking for due mails every --interval seconds.")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between two looks.")
@with_appcontext
def send_scheduled(loop: bool, interval: float) -> None:
    """Queue (and, with MAIL_SERVER, send) reminder and thank-you mails that are due. Safe to run several times at
    once: each mail is written once."""
    while True:
        written = send_due_and_deliver()
        db.session.remove()
        if written or not loop:
            click.echo(f"{written} scheduled mail(s) queued.")
        if not loop:
            return
        time.sleep(interval)
