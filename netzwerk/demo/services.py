"""Builds the demo network from netzwerk.demo.data; plain functions that flush, the command commits."""
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from ..auth.models import Role, User
from ..auth.services import find_user
from ..common.timing import to_instant
from ..events.models import AgendaItem, Event
from ..extensions import db
from ..kommunen.models import Kommune, Membership
from ..networks.models import Network
from ..organisations.models import Organisation
from ..people.models import Person
from . import data
from .fair import seed_fair
from .invitations import seed_invitations
from .mailings import seed_mailings
from .outcomes import seed_past_fair
from .registrations import add_online_participants, seed_registrations
from .series import seed_series
from .tables import seed_table_plan

# Letters that Unicode does not decompose into a base letter, spelled as German e-mail addresses do.
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})
_LEGAL_FORM = re.compile(r"\s+(gGmbH|GmbH|e\. ?V\.)$")


@dataclass
class DemoWorld:
    network: Network
    coordinator: User
    kommunen: list[Kommune]
    organisations: list[Organisation]
    people: list[Person]
    events: list[Event]


def database_has_data() -> bool:
    return db.session.scalar(select(Network.id).limit(1)) is not None


def seed_demo(today: date, password: str) -> DemoWorld:
    """The whole demo network, its dates placed around `today`; the coordinator logs in with `password`."""
    rng = random.Random(data.RANDOM_SEED)
    network = Network(**data.NETWORK)
    db.session.add(network)
    kommunen = add_kommunen(network)
    organisations = add_organisations(network, kommunen)
    people, coordinator_person = add_people(network, organisations, rng)
    speakers = speakers_by_key(people, coordinator_person)
    events = [add_event(network, spec, today, speakers) for spec in data.EVENTS]
    coordinator = create_coordinator(network, password)
    db.session.flush()
    seed_registrations(events, people, rng, today)
    seed_fair(events)
    meeting = next(event for event in events if event.kind == "Netzwerktreffen" and event.status == "published")
    seed_invitations(meeting, rng, today)
    seed_mailings(meeting, today, user=coordinator)
    seed_table_plan(next(event for event in events if event.title == data.CLOSING_MEETING_TITLE), people, rng)
    seed_series(network, people, rng, today)
    add_online_participants(meeting, people)
    events.append(seed_past_fair(network, today))  # last year's fair, with outcomes for the dashboard
    return DemoWorld(network, coordinator, list(kommunen.values()), organisations, people, events)


def add_kommunen(network: Network) -> dict[str, Kommune]:
    """Kommunen are shared reference data: reuse one that exists, create the rest."""
    kommunen = {}
    for name, kind, bundesland, phase, joined_on in data.KOMMUNEN:
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == name, Kommune.bundesland == bundesland))
        if kommune is None:
            kommune = Kommune(name=name, kind=kind, bundesland=bundesland)
            db.session.add(kommune)
        db.session.add(Membership(network=network, kommune=kommune, phase=phase, joined_on=joined_on))
        kommunen[name] = kommune
    return kommunen


def add_organisations(network: Network, kommunen: dict[str, Kommune]) -> list[Organisation]:
    organisations = [
        Organisation(network=network, name=name, type=kind, kommune=kommunen.get(kommune_name))
        for name, kind, kommune_name in data.ORGANISATIONS
    ]
    db.session.add_all(organisations)
    return organisations


def add_people(network: Network, organisations: list[Organisation], rng: random.Random):
    """PEOPLE_COUNT people, the coordinator among them; every organisation has at least one (speakers more)."""
    staff = staff_counts(organisations, data.PEOPLE_COUNT - 1, rng)
    taken_names: set[tuple[str, str]] = set()
    taken_emails: set[str] = set()
    people = []
    for organisation in organisations:
        functions = data.FUNCTIONS[organisation.type]
        for position in range(staff[organisation.name]):
            function = functions[0] if position == 0 else rng.choice(functions[1:])
            people.append(invent_person(network, organisation, function, rng, taken_names, taken_emails))
    foundation = next(org for org in organisations if org.name == data.FOUNDATION)
    given, family = data.NETWORK["contact_name"].split(" ", 1)
    coordinator = Person(
        network=network, organisation=foundation, given_name=given, family_name=family,
        email=data.NETWORK["contact_email"], phone=data.NETWORK["contact_phone"],
        function=gendered(data.COORDINATOR_FUNCTION, female=True),
    )
    people.append(coordinator)
    db.session.add_all(people)
    return people, coordinator


def staff_counts(organisations: list[Organisation], total: int, rng: random.Random) -> Counter:
    """How many people each organisation sends: enough for its speakers, the rest weighted by type."""
    staff = Counter({organisation.name: 1 for organisation in organisations})
    for organisation_name, position in data.SPEAKERS.values():
        staff[organisation_name] = max(staff[organisation_name], position + 1)
    weights = [data.STAFF_WEIGHTS[organisation.type] for organisation in organisations]
    extra = total - sum(staff.values())
    for organisation in rng.choices(organisations, weights=weights, k=extra):
        staff[organisation.name] += 1
    return staff


def invent_person(network, organisation, function, rng, taken_names, taken_emails) -> Person:
    """A person with a name no one else in the demo has, and an address at the organisation's example domain."""
    pools = list(data.NAME_POOLS.values())
    while True:
        _, female_names, male_names, family_names = rng.choices(pools, [pool[0] for pool in pools])[0]
        female = rng.random() < 0.5
        given = rng.choice(female_names if female else male_names)
        family = rng.choice(family_names)
        if (given, family) not in taken_names:
            break
    taken_names.add((given, family))
    phone = f"{data.PHONE_PREFIX} {rng.randint(101, 999)}" if rng.random() < 0.4 else ""
    return Person(
        network=network, organisation=organisation, given_name=given, family_name=family,
        email=email_for(given, family, organisation, rng, taken_emails), phone=phone,
        function=gendered(function, female),
    )


def gendered(function: str, female: bool) -> str:
    """'Fallmanager:in' as Fallmanagerin or Fallmanager, 'Integrationsbeauftragte:r' likewise."""
    return function.replace(":in", "in" if female else "").replace(":r", "" if female else "r")


def email_for(given: str, family: str, organisation: Organisation, rng: random.Random, taken: set[str]) -> str:
    local_part = f"{ascii_slug(given)}.{ascii_slug(family)}"
    if rng.random() < 0.3:
        local_part = f"{ascii_slug(given)[0]}.{ascii_slug(family)}"
    top_level = "example.com" if organisation.type == "Unternehmen" else "example.org"
    domain = f"{ascii_slug(_LEGAL_FORM.sub('', organisation.name.split(' – ')[0]))}.{top_level}"
    email, n = f"{local_part}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local_part}{n}@{domain}"
    taken.add(email)
    return email


def ascii_slug(text: str) -> str:
    """'Yılmaz' -> 'yilmaz', 'Kessler & Yıldız' -> 'kessler-yildiz'."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLITERATION))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def speakers_by_key(people: list[Person], coordinator: Person) -> dict[str, Person]:
    by_organisation: dict[str, list[Person]] = {}
    for person in people:
        if person is not coordinator:
            by_organisation.setdefault(person.organisation.name, []).append(person)
    speakers = {key: by_organisation[name][n] for key, (name, n) in data.SPEAKERS.items()}
    return {**speakers, "koordination": coordinator}


def event_day(today: date, days_from_today: int, weekday: int) -> date:
    """The day that many days away, moved forward to the wanted weekday (meetings do not fall on Sundays)."""
    day = today + timedelta(days=days_from_today)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def add_event(network: Network, spec: dict, today: date, speakers: dict[str, Person]) -> Event:
    day = event_day(today, spec["days_from_today"], spec["weekday"])
    venue_name, venue_address, latitude, longitude = spec["venue"]
    event = Event(
        network=network, kind=spec["kind"], title=spec["title"].format(year=day.year),
        description=spec["description"], status=spec["status"], capacity=spec["capacity"],
        starts_at=to_instant(day, clock(spec["starts"])), ends_at=to_instant(day, clock(spec["ends"])),
        venue_name=venue_name, venue_address=venue_address, latitude=latitude, longitude=longitude,
    )
    if spec["registration"]:
        opens, closes = spec["registration"]
        event.registration_opens_at = to_instant(day - timedelta(days=opens), time(9, 0))
        event.registration_closes_at = to_instant(day - timedelta(days=closes), time(23, 59))
    event.agenda_items = [agenda_item(day, item, speakers) for item in spec["agenda"]]
    db.session.add(event)
    return event


def agenda_item(day: date, item: tuple, speakers: dict[str, Person]) -> AgendaItem:
    starts, ends, title, kind, speaker_keys, speaker_text, room, description = item
    return AgendaItem(
        starts_at=to_instant(day, clock(starts)), ends_at=to_instant(day, clock(ends)),
        title=title, kind=kind, speakers=[speakers[key] for key in speaker_keys],
        speaker_text=speaker_text, room=room, description=description,
    )


def clock(text: str) -> time:
    return time.fromisoformat(text)


def create_coordinator(network: Network, password: str) -> User:
    """The demo's coordinator account; an existing account with that e-mail is reused and gets the password."""
    user = find_user(data.COORDINATOR["email"])
    if user is None:
        user = User(email=data.COORDINATOR["email"], name=data.COORDINATOR["name"], role=Role.COORDINATOR)
        db.session.add(user)
    user.networks.append(network)
    user.set_password(password)
    return user
