"""Table groups for the demo: the closing learning-network meeting gets a published three-round plan."""
import random

from ..events.models import Event
from ..extensions import db
from ..people.models import Person
from ..tables import services as tables
from .registrations import attend

GUESTS, TABLES, SEATS = 34, 6, 6
TOPICS = ("Sprache und Arbeit", "Ausbildung", "Ehrenamt", "Anerkennung", "Wohnen", "Gesundheit")


def seed_table_plan(event: Event, people: list[Person], rng: random.Random) -> None:
    guests = rng.sample([person for person in people if person.organisation], GUESTS)
    attend(event, guests, rng)
    db.session.flush()
    item = next(item for item in event.agenda_items if item.kind == "Tischgruppen")
    rounds = [tables.add_round(event, f"Runde {n}", item.id) for n in (1, 2, 3)]
    group_tables = tables.add_tables(event, TABLES, SEATS)
    seating = tables.seating_of(event)
    for n, table in enumerate(group_tables):
        table.topics = {str(round_.id): TOPICS[(n + k) % len(TOPICS)] for k, round_ in enumerate(rounds)}
        if n < 4:  # the pilot Kommunen's coordinators host a table each
            table.host_registration_id = seating.people[n * 7].id
    db.session.flush()
    seating = tables.seating_of(event)
    tables.solve_plan(seating, seconds=1.0, seed=1)
    tables.set_published(seating, True)
