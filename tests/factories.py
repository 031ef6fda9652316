"""Data factories in Indico's style: create_x(**overrides) adds a valid object and flushes."""
from datetime import date, datetime, time, timedelta  # noqa: F401  (re-exported for bench)

from netzwerk.auth.models import User
from netzwerk.common.timing import to_instant
from netzwerk.events.models import AgendaItem, Event
from netzwerk.extensions import db
from netzwerk.kommunen.models import Kommune, Membership
from netzwerk.mail.models import OutboxMail
from netzwerk.networks.models import Network
from netzwerk.organisations.models import Organisation
from netzwerk.people.models import Person
from netzwerk.registrations.models import Question, Registration
from netzwerk.registrations.tokens import hash_token, new_checkin_code

PASSWORD = "correct horse battery staple"
_counter = iter(range(1, 10**9))


def _add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def create_network(**overrides) -> Network:
    n = next(_counter)
    values = dict(name=f"Netzwerk {n}", slug=f"netzwerk-{n}", description="Ein Lernnetzwerk.")
    return _add(Network(**{**values, **overrides}))


def create_kommune(**overrides) -> Kommune:
    n = next(_counter)
    values = dict(name=f"Musterstadt {n}", kind="Stadt", bundesland="Nordrhein-Westfalen")
    return _add(Kommune(**{**values, **overrides}))


def create_membership(network: Network, kommune: Kommune, **overrides) -> Membership:
    values = dict(phase="Pilotkommunen", joined_on=date(2017, 1, 1))
    return _add(Membership(network=network, kommune=kommune, **{**values, **overrides}))


def create_organisation(network: Network, **overrides) -> Organisation:
    n = next(_counter)
    values = dict(name=f"Jobcenter {n}", type="Jobcenter")
    return _add(Organisation(network=network, **{**values, **overrides}))


def create_person(network: Network, **overrides) -> Person:
    n = next(_counter)
    values = dict(given_name="Alex", family_name=f"Beispiel{n}", email=f"person{n}@example.org")
    return _add(Person(network=network, **{**values, **overrides}))


def create_event(network: Network, **overrides) -> Event:
    day = date.today() + timedelta(days=14)
    values = dict(
        kind="Netzwerktreffen", title="Netzwerktreffen Gütersloh", status="published",
        starts_at=to_instant(day, time(10)), ends_at=to_instant(day, time(16)),
        venue_name="Tagungszentrum", venue_address="Carl-Bertelsmann-Str. 1\n33311 Gütersloh",
    )
    return _add(Event(network=network, **{**values, **overrides}))


def create_agenda_item(event: Event, **overrides) -> AgendaItem:
    values = dict(title="Begrüßung", kind="Begrüßung", starts_at=event.starts_at)
    return _add(AgendaItem(event=event, **{**values, **overrides}))


def create_user(email: str | None = None, role: str = "coordinator", networks=(), password: str = PASSWORD) -> User:
    n = next(_counter)
    user = User(email=email or f"user{n}@example.org", name=f"Nutzer:in {n}", role=role, networks=list(networks))
    user.set_password(password)
    return _add(user)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return to_instant(day, time(hour, minute))


def create_registration(event: Event, state: str = "confirmed", token: str | None = None, **overrides) -> Registration:
    """A registration straight in the database (the services test the rules); token gives a known link."""
    n = next(_counter)
    values = dict(given_name="Sam", family_name=f"Teilnehmer{n}", email=f"reg{n}@example.org", state=state,
                  token_hash=hash_token(token or f"token-{n}"), checkin_code=new_checkin_code())
    return _add(Registration(event=event, **{**values, **overrides}))


def create_question(event: Event, **overrides) -> Question:
    values = dict(label="Welche Themen bringen Sie mit?", kind="short_text", position=0)
    return _add(Question(event=event, **{**values, **overrides}))


def create_outbox_mail(registration: Registration, **overrides) -> OutboxMail:
    values = dict(kind="confirmed", to_address=registration.email or "x@example.org", subject="Anmeldung bestätigt",
                  body_text="Sie sind angemeldet.")
    return _add(OutboxMail(registration_id=registration.id, **{**values, **overrides}))


def registrant(n: int, **extra) -> dict:
    """What someone types into the registration form (for services.register)."""
    return {"given_name": f"Vorname{n}", "family_name": f"Nachname{n}", "email": f"p{n}@example.org",
            "consent": True, **extra}


# --- Migrationsmesse ---------------------------------------------------------------------------------------

def create_fair_event(network: Network, **overrides) -> Event:
    values = dict(kind="Migrationsmesse", title="Migrationsmesse Merzig", capacity=600)
    return create_event(network, **{**values, **overrides})


def create_fair(event: Event, **overrides):
    """The fair's settings row (the app creates it with defaults on first use)."""
    from netzwerk.fair.models import Fair

    values = dict(hall_width=40, hall_depth=25, background_type="", interview_mode="off", slot_minutes=10,
                  slot_count=12, max_interviews_per_visitor=3, schedule_metrics={})
    return _add(Fair(event_id=event.id, **{**values, **overrides}))


def create_booth_type(event: Event, **overrides):
    from netzwerk.fair.models import BoothType

    values = dict(name="3 × 2 m mit Strom", width=3, depth=2, has_power=True, staff_badges=3)
    return _add(BoothType(event_id=event.id, **{**values, **overrides}))


def create_booth(event: Event, **overrides):
    from netzwerk.fair.models import Booth

    n = next(_counter)
    values = dict(number=str(n), x=1 + (n % 10) * 3.5, y=1, width=3, depth=2, status="free")
    return _add(Booth(event_id=event.id, **{**values, **overrides}))


def create_exhibitor(event: Event, token: str | None = None, offers=(), **overrides):
    """An Aussteller straight in the database; token gives a known management link. offers: (kind, title, level)."""
    from netzwerk.fair.models import Exhibitor, Offer

    n = next(_counter)
    values = dict(company=f"Betrieb {n} GmbH", contact_name="Kim Beispiel", email=f"aussteller{n}@example.com",
                  sector="Handwerk", state="confirmed", token_hash=hash_token(token or f"exhibitor-{n}"),
                  staff_count=2, staff_names=[], interviewers=1)
    exhibitor = Exhibitor(event_id=event.id, **{**values, **overrides})
    exhibitor.offers = [Offer(position=i, kind=kind, title=title, german_level=level)
                        for i, (kind, title, level) in enumerate(offers)]
    return _add(exhibitor)


def create_visitor(event: Event, token: str | None = None, german_level: str = "B1", languages=("Arabisch",),
                   sectors=(), offer_types=(), **overrides) -> Registration:
    """A fair visitor: a registration with badge role visitor and a profile."""
    from netzwerk.fair.models import VisitorProfile

    registration = create_registration(event, token=token, badge_role="visitor", **overrides)
    _add(VisitorProfile(registration_id=registration.id, german_level=german_level, languages=list(languages),
                        sectors=list(sectors), offer_types=list(offer_types)))
    return registration


def create_fair_with_exhibitor_and_visitor(network: Network):
    """A Migrationsmesse with its settings, one exhibitor and one visitor (committed): (fair, exhibitor, visitor)."""
    fair = create_fair_event(network)
    create_fair(fair)
    exhibitor, visitor = create_exhibitor(fair), create_visitor(fair)
    db.session.commit()
    return fair, exhibitor, visitor


def create_series(network: Network, **overrides):
    """A monthly series (last Wednesday, 12:30-13:30) without dates; series.services.add_dates adds them."""
    from netzwerk.series.models import EventSeries

    values = dict(title="Fachaustausch", kind="Sonstiges", frequency="monthly", weekday=2, week_of_month=-1,
                  start_time=time(12, 30), end_time=time(13, 30))
    return _add(EventSeries(network_id=network.id, **{**values, **overrides}))
