import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Fill an empty database with the demo network."""
    raise click.ClickException("todo")
