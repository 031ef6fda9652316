"""`flask --app app send-mail`: deliver the outbox once (cron) or in a loop (a small worker)."""
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from ..common.worker import run_round
from ..extensions import db
from .sender import deliver_due, mail_configured


@click.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, checking the outbox every --interval seconds.")
@click.option("--interval", default=30.0, show_default=True, help="Seconds between two looks into the outbox.")
@click.option("--limit", default=100, show_default=True, help="Mails per batch.")
@with_appcontext
def send_mail(loop: bool, interval: float, limit: int) -> None:
    """Send due mails from the outbox over SMTP (MAIL_SERVER); failed ones are retried with backoff."""
    if not mail_configured():
        click.echo("No MAIL_SERVER configured: mails stay in the outbox (Postausgang).")
        return
    while True:
        if loop:
            run_round(current_app.logger)  # scheduled mails and other periodic steps
        sent, failed = deliver_due(limit=limit)
        db.session.remove()
        if sent or failed or not loop:
            click.echo(f"{sent} sent, {failed} failed (will be retried).")
        if not loop:
            return
        if sent + failed < limit:  # a full batch means more are waiting: go on at once
            time.sleep(interval)
