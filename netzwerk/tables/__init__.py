"""Table groups (Tischgruppen): the assignment engine and the coordinator's pages around it.

The engine (`assign` with `instance`, `bounds`, `metrics`, `search`, `design`, `sizes`) is pure: no Flask, no
database; `python -m netzwerk.tables solve IN.json` runs it on its own. `models`, `services`, `forms` and `routes`
put it into the app; `init_app` loads them only when the app is built."""


def init_app(app) -> None:
    from . import services
    from .routes import bp

    app.register_blueprint(bp)
    services.show_to_participants()
