"""The app as gunicorn serves it, plus a bare endpoint as the baseline for bench/registrations.py."""
from app import app


@app.route("/_bare")
def bare():
    return "ok"
