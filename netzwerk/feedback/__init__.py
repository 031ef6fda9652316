"""Feedback after an event: a short survey for those who attended, anonymous unless they give their name.

`routes/` by audience: `admin` (the coordinator's survey, results, export, reminder), `public` (the answer page
behind the private link from the mail). `figures.average_rating_per_event` is what the dashboard reads."""


def init_app(app) -> None:
    from .routes import admin, public

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
