"""`flask --app app purge-subscriptions`: delete unconfirmed subscriptions whose link has expired (cron)."""
import click
from flask.cli import with_appcontext

from ..extensions import db
from .services import purge_expired


@click.command("purge-subscriptions")
@with_appcontext
def purge_subscriptions() -> None:
    """Delete pending subscriptions not confirmed within their time."""
    purged = purge_expired()
    db.session.commit()
    click.echo(f"{purged} unconfirmed subscriptions deleted.")
