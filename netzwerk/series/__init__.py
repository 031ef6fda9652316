"""Event series: a rule of dates (weekly, or monthly on the nth or last weekday) whose dates are ordinary events,
each changed or cancelled on its own; people register for one date or subscribe to the whole series.

`recurrence.py` (the dates of a rule, python-dateutil), `services.py` (series, dates, subscriptions), `mail.py`
(the subscription mail with its unsubscribe link); `routes/admin.py` (coordinators, /manage/reihen) and
`routes/public.py` (the series page, subscribing, unsubscribing)."""


def init_app(app) -> None:
    from ..common.personal_records import add_personal_records
    from ..common.templating import register_vocabularies
    from ..public.services import group_upcoming_with
    from .models import SeriesFrequency
    from .personal_data import SERIES_SUBSCRIPTIONS
    from .routes import admin, public
    from .services import series_entries

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    register_vocabularies(series_frequency=SeriesFrequency)
    group_upcoming_with(series_entries)  # the network page shows a series once, with its next dates
    add_personal_records(SERIES_SUBSCRIPTIONS)  # DSGVO export and erasure reach them
