"""Entry point: `flask --app app run`, `gunicorn app:app`."""
from netzwerk import create_app

app = create_app()
