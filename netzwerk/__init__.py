"""netzwerk: network meetings and migration job fairs for municipal integration networks."""
from importlib import import_module

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import INSTANCE_PATH, Config
from .extensions import babel, cache, csrf, db, limiter, login_manager, migrate, talisman


# Views are imported by the factory, not by each feature's __init__: a feature's models and pure modules (the
# table engine's command line, print workers) can then be imported without pulling in every other feature.
VIEW_MODULES = (
    "auth.routes", "badges.routes", "calendar.routes", "checkin.routes", "events.routes", "fair.routes_admin",
    "fair.routes_public", "kommunen.routes",
    "mail.routes", "networks.routes", "organisations.routes", "people.routes", "privacy.routes", "public.routes",
    "registrations.admin_routes", "registrations.questions", "registrations.routes", "tables.routes",
)


def create_app(config: object | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(INSTANCE_PATH),
    )
    app.config.from_object(config or Config())
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    from . import models  # noqa: F401  (every mapper known before the first query)
    for module in VIEW_MODULES:
        import_module(f".{module}", __name__)
    from .common import database, errors, i18n, security, templating

    db.init_app(app)
    database.configure_sqlite_pragmas()
    migrate.init_app(app, db, directory=str(INSTANCE_PATH.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    security.init_app(app, talisman)
    login_manager.init_app(app)

    from .auth import bp as auth_bp
    from .tables import bp as tables_bp
    from .badges import bp as badges_bp
    from .badges import public_bp as badges_public_bp
    from .calendar import admin_bp as calendar_admin_bp
    from .calendar import bp as calendar_bp
    from .events import bp as events_bp
    from .fair import admin_bp as fair_admin_bp, bp as fair_bp, desk_bp as fair_desk_bp
    from .kommunen import bp as kommunen_bp
    from .networks import bp as networks_bp
    from .organisations import bp as organisations_bp
    from .people import bp as people_bp
    from .public import bp as public_bp
    from .checkin import bp as checkin_bp
    from .mail import bp as mail_bp
    from .privacy import bp as privacy_bp
    from .registrations import admin_bp as registration_admin_bp
    from .registrations import bp as registrations_bp

    for blueprint in (public_bp, auth_bp, networks_bp, kommunen_bp, organisations_bp, people_bp, events_bp,
                      registrations_bp, registration_admin_bp, checkin_bp, mail_bp, privacy_bp, calendar_bp,
                      calendar_admin_bp, badges_bp, badges_public_bp, tables_bp, fair_bp, fair_admin_bp, fair_desk_bp):
        app.register_blueprint(blueprint)

    from .calendar import freshness
    freshness.init_app(app)

    i18n.init_app(app)
    templating.init_app(app)
    errors.init_app(app)

    from .auth.cli import create_admin
    from .badges.cli import print_worker
    from .demo.cli import seed_demo
    from .mail import sender
    from .mail.cli import send_mail
    from .privacy.cli import purge

    sender.init_app(app)
    for command in (create_admin, seed_demo, purge, send_mail, print_worker):
        app.cli.add_command(command)
    return app
