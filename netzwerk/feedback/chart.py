"""The network dashboard's chart of feedback ratings over time (registered with the dashboard in init_app, so the
dashboard never imports the feedback feature)."""
from flask_babel import gettext as _

from ..dashboard.charts import Chart, Series
from ..dashboard.services import event_label
from .figures import average_rating_per_event


def ratings_over_time(network_id: int, events) -> list[Chart]:
    """Per past event with answered ratings: the average of every 1–5 rating, and how many there were."""
    past = [event for event in events if event.is_past]
    averages = average_rating_per_event([event.id for event in past])
    rated = [event for event in past if event.id in averages]
    if not rated:
        return []
    return [Chart(key="feedback", title=_("Feedback-Bewertungen im Verlauf"),
                  description=_("Durchschnitt aller Bewertungen (1–5) je Veranstaltung, mit der Zahl der Bewertungen."),
                  category_label=_("Veranstaltung"), categories=[event_label(event) for event in rated],
                  series=[Series(_("Durchschnitt"), [round(averages[event.id][0], 2) for event in rated])],
                  kind="line", extra=[Series(_("Anzahl"), [averages[event.id][1] for event in rated])])]
