"""The demo's monthly online Fachaustausch: a series on the last Wednesday, 12:30-13:30, with a few subscribers."""
import random
from datetime import date, time

from ..events.models import EventFormat, EventKind
from ..extensions import db
from ..networks.models import Network
from ..people.models import Person
from ..series.models import EventSeries, SeriesFrequency
from ..series.recurrence import dates
from ..series.services import add_dates, rule_of, subscribe

FACHAUSTAUSCH_TITLE = "Fachaustausch online"
DATES = 6
SUBSCRIBERS = 5
ROOM = "https://konferenz.example.org/fachaustausch"  # invented: example.org never resolves
PLACES_ONLINE = 40


def seed_series(network: Network, people: list[Person], rng: random.Random, today: date) -> EventSeries:
    series = EventSeries(
        network_id=network.id, kind=EventKind.SONSTIGES, title=FACHAUSTAUSCH_TITLE,
        description="Eine Stunde kollegialer Austausch zu einer Frage aus der Praxis der Kommunen, jeden letzten "
                    "Mittwoch im Monat in der Mittagspause.",
        translations={"title": {"en": "Online expert exchange", "ar": "تبادل الخبرات عبر الإنترنت",
                                "fa": "تبادل تجربه آنلاین", "uk": "Фаховий обмін онлайн", "tr": "Çevrim içi uzman değişimi"}},
        venue_name="Online (Videokonferenz)", capacity=40, frequency=SeriesFrequency.MONTHLY, interval=1, weekday=2,
        week_of_month=-1, start_time=time(12, 30), end_time=time(13, 30),
    )
    db.session.add(series)
    db.session.flush()
    for event in add_dates(series, dates(rule_of(series), today, count=DATES), publish=True):
        # Online dates: their places are online, the room goes to confirmed participants only; dates added later
        # take this from the latest (series.services.add_dates).
        event.format, event.online_url = EventFormat.ONLINE, ROOM
        event.online_capacity, event.capacity = PLACES_ONLINE, None
    db.session.flush()
    with_address = [person for person in people if person.email]
    for person in rng.sample(with_address, SUBSCRIBERS):
        subscribe(series, {"given_name": person.given_name, "family_name": person.family_name, "email": person.email,
                           "consent": True})
    return series
