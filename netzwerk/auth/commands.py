import click
from flask.cli import with_appcontext

from ..extensions import db
from .forms import MIN_PASSWORD_LENGTH
from .services import create_or_reset_admin


@click.command("create-admin")
@click.option("--email", prompt=True, help="Login e-mail of the admin.")
@click.option("--name", default="", help="Display name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 12 characters.")
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Create an admin account, or reset the password of an existing one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.UsageError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    user, created = create_or_reset_admin(email, password, name)
    db.session.commit()
    click.echo(f"{'Created' if created else 'Reset'} admin {user.email}.")
