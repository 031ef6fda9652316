"""`flask --app app purge`: anonymise registrations of events that ended longer ago than their retention period."""
import click
from flask.cli import with_appcontext

from ..extensions import db
from .services import purge as purge_expired


@click.command("purge")
@with_appcontext
def purge() -> None:
    """Anonymise registrations whose event ended more than its retention period (days) ago."""
    count = purge_expired()
    db.session.commit()
    click.echo(f"purge: {count} Anmeldungen anonymisiert (registrations anonymised).")
