"""The application factory: extensions, then each feature's `init_app` (blueprints, commands, calendar watchers)."""
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    auth,
    badges,
    calendar,
    certificates,
    checkin,
    dashboard,
    demo,
    documentation,
    events,
    fair,
    feedback,
    invitations,
    kommunen,
    mail,
    mailings,
    networks,
    organisations,
    people,
    privacy,
    public,
    registrations,
    series,
    site,
    subscriptions,
    tables,
)
from .config import INSTANCE_PATH, Config
from .extensions import babel, cache, csrf, db, limiter, login_manager, migrate, talisman

# In registration order. A feature's package imports nothing until its init_app runs, so its models and pure
# engines import on their own (command lines, print workers) without loading Flask or the other features.
FEATURES = (public, auth, networks, kommunen, organisations, people, events, registrations, checkin, mail, privacy,
            calendar, badges, tables, fair, invitations, mailings, subscriptions, series, feedback, documentation,
            certificates, dashboard, demo, site)


def create_app(config: object | None = None) -> Flask:
    app = Flask(
        "netzwerk",
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(INSTANCE_PATH),
    )
    app.config.from_object(config or Config())
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    from . import models  # noqa: F401  (every mapper known before the first query)
    from .common import dialects, errors, i18n, incoming, security, templating

    db.init_app(app)
    dialects.configure_sqlite_pragmas()
    migrate.init_app(app, db, directory=str(INSTANCE_PATH.parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    security.init_app(app, talisman)
    login_manager.init_app(app)

    for feature in FEATURES:
        feature.init_app(app)

    incoming.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    return app
