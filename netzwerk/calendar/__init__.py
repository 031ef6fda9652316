"""Calendar files and feeds: iCalendar (RFC 5545) event files, network feeds, personal feeds.

`ical` is pure (plain data in, bytes out). Features whose rows show in a feed register them with `freshness.watch`."""


def init_app(app) -> None:
    from . import freshness
    from .routes import admin, public

    app.register_blueprint(public.bp)
    app.register_blueprint(admin.bp)
    freshness.init_app(app)
