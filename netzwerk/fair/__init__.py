"""Migrationsmesse: booths on a floor plan, Aussteller and their offers, visitors, interview slots (speed dating).

`schedule.py` (with `instance`, `matching`, `timetable`, `suggest`) is the pure interview engine (plain data in,
plan out; no Flask, no database); `python -m netzwerk.fair schedule IN.json` runs it on a JSON file.
`placement.py` (booth assignment) and `floorplan.py` (the plan as SVG) are pure as well. The app part:
`models`, the services (`booking`, `booths`, `visitors`, `interviews`, `directory`, `figures`, `printing`),
`forms`, and the routes, which `init_app` loads when the app is built."""



def init_app(app) -> None:
    from . import interviews, services
    from .routes_admin import admin_bp, desk_bp
    from .routes_public import bp

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(desk_bp)
    services.show_in_calendar()
    interviews.show_in_calendar()
