import os
import secrets
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..common.timing import BERLIN
from ..extensions import db
from . import data
from .services import database_has_data
from .services import seed_demo as build_demo

LOGIN_FILE = "demo-login.txt"
REFUSAL = (
    "Die Datenbank enthält bereits Daten (mindestens ein Netzwerk); seed-demo füllt nur eine leere Datenbank. "
    "The database already holds data; seed-demo only fills an empty one."
)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Skip (exit 0) instead of failing when the database holds data.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Fill an empty database with the demo network "Ankommen in Deutschland"."""
    if database_has_data():
        if if_empty:
            click.echo("seed-demo: Datenbank enthält bereits Daten, übersprungen (skipped).")
            saved = Path(current_app.instance_path) / LOGIN_FILE
            if saved.exists():
                click.echo(saved.read_text(encoding="utf-8"))
            return
        raise click.ClickException(REFUSAL)
    password = secrets.token_urlsafe(12)
    # Mails written while seeding link to the public address, as mails written in a request would.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        world = build_demo(datetime.now(BERLIN).date(), password)
    db.session.commit()
    login_text = login_note(world.coordinator.email, password)
    path = write_login_file(Path(current_app.instance_path), login_text)
    click.echo(
        f"Demo-Netzwerk „{world.network.name}“ angelegt: {len(world.kommunen)} Kommunen, "
        f"{len(world.organisations)} Organisationen, {len(world.people)} Personen, {len(world.events)} Veranstaltungen."
    )
    click.echo(login_text)
    click.echo(f"(gespeichert in {path})")


def login_url() -> str:
    """Where `make run` serves (it passes SERVED_AT with its HOST and PORT), else Flask's default."""
    return os.environ.get("SERVED_AT", data.SERVED_AT).rstrip("/") + "/anmelden"


def login_note(email: str, password: str) -> str:
    return (
        f"Demo-Login (Koordination / coordinator): {login_url()}\n"
        f"  E-Mail: {email}\n"
        f"  Passwort / password: {password}\n"
    )


def write_login_file(instance_path: Path, text: str) -> Path:
    """Only the owner may read the password: the file is created with mode 0600."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / LOGIN_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    path.chmod(0o600)
    return path
