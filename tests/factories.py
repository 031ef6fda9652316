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
