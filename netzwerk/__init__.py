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

# Feature packages and the blueprints each defines, in registration order.
BLUEPRINTS = (
    ("public", "bp"), ("auth", "bp"), ("networks", "bp"), ("kommunen", "bp"), ("organisations", "bp"),
    ("people", "bp"), ("events", "bp"), ("registrations", "bp", "admin_bp"), ("checkin", "bp"), ("mail", "bp"),
    ("privacy", "bp"), ("calendar", "bp", "admin_bp"), ("badges", "bp", "public_bp"), ("tables", "bp"),
    ("fair", "bp", "admin_bp", "desk_bp"),
)
COMMANDS = ("auth.cli:create_admin", "demo.cli:seed_demo", "privacy.cli:purge", "mail.cli:send_mail",
            "badges.cli:print_worker")


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
    from .common import database, errors, i18n, incoming, security, templating

    db.init_app(app)
    database.configure_sqlite_pragmas()
    migrate.init_app(app, db, directory=str(INSTANCE_PATH.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    security.init_app(app, talisman)
    login_manager.init_app(app)

    for package, *names in BLUEPRINTS:
        feature = import_module(f".{package}", __name__)
        for name in names:
            app.register_blueprint(getattr(feature, name))

    from . import site
    site.init_app(app)

    from .calendar import freshness
    freshness.init_app(app)

    incoming.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    errors.init_app(app)

    from .mail import sender
    sender.init_app(app)
    for command in COMMANDS:
        module, name = command.split(":")
        app.cli.add_command(getattr(import_module(f".{module}", __name__), name))
    return app
