"""`flask --app app print-worker`: render queued badge batches (once, or in a loop beside the web server)."""
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from ..common.worker import run_round
from ..extensions import db
from .services import run_queued_jobs


@click.command("print-worker")
@click.option("--loop", is_flag=True, help="Keep running, looking for new jobs every --interval seconds.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between two looks for new jobs.")
@with_appcontext
def print_worker(loop: bool, interval: float) -> None:
    """Render queued print jobs. Several workers may run: each job is taken by exactly one."""
    while True:
        ran = run_queued_jobs()
        if loop:
            run_round(current_app.logger)  # scheduled mails and other periodic steps
        db.session.remove()
        if ran:
            click.echo(f"{ran} print job(s) done.")
        if not loop:
            return
        time.sleep(interval)
