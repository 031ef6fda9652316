"""Feedback after an event: a short survey for those who attended, anonymous unless they give their name.

`routes/` by audience: `admin` (the coordinator's survey, results, export, reminder), `public` (the answer page
behind the private link from the mail). `chart.py` gives the network dashboard its ratings chart."""


def init_app(app) -> None:
    from ..dashboard.services import add_chart_source
    from .chart import ratings_over_time
    from .routes import admin, public

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    add_chart_source(ratings_over_time)
