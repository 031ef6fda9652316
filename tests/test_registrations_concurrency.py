"""200 people press "Anmelden" at the same moment for 10 places: nobody is overbooked (PostgreSQL row lock,
SQLite write lock), over real HTTP against a threaded server; at a hybrid event neither the places on site nor
those online."""
import http.cookiejar
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import csrf_from

PEOPLE, PLACES = 200, 10


def register_at_once(url: str, people: int, attendance=lambda n: None) -> list[int]:
    """Every client first loads the form (for its CSRF token), then all post together (choosing attendance(n) at a
    hybrid event)."""
    start = threading.Barrier(people)

    def one(n: int) -> int:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = csrf_from(opener.open(url, timeout=60).read().decode())
        fields = {"csrf_token": token, "given_name": "Gleich", "family_name": f"Zeitig {n}",
                  "email": f"gleichzeitig{n}@example.org", "consent": "y"}
        if attendance(n):
            fields["attendance"] = attendance(n)
        body = urllib.parse.urlencode(fields).encode()
        start.wait()
        with opener.open(url, body, timeout=120) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=people) as pool:
        return list(pool.map(one, range(people)))


def test_200_simultaneous_registrations_fill_exactly_the_free_places(app, live_url):
    network = factories.create_network(slug="ankommen")
    event = factories.create_event(network, capacity=PLACES)
    db.session.commit()
    statuses = register_at_once(f"{live_url}/n/ankommen/{event.id}/anmelden", PEOPLE)
    assert statuses == [200] * PEOPLE  # every one answered (after the redirect), none failed
    db.session.expire_all()
    registrations = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    confirmed = [r for r in registrations if r.state == "confirmed"]
    waitlisted = [r for r in registrations if r.state == "waitlisted"]
    assert (len(confirmed), len(waitlisted)) == (PLACES, PEOPLE - PLACES)
    # The lock serialises the transactions: places went to the first to commit, and the waiting list
    # follows commit order (ids and waiting times rise together).
    assert max(r.id for r in confirmed) < min(r.id for r in waitlisted)
    by_time = sorted(waitlisted, key=lambda r: r.waitlisted_at)
    assert [r.id for r in by_time] == sorted(r.id for r in waitlisted)
    # Mails are written before the lock for the state predicted then: each says what the lock decided.
    told = dict(db.session.execute(select(OutboxMail.registration_id, OutboxMail.kind)).all())
    assert told == {r.id: r.state for r in registrations}


def test_200_simultaneous_registrations_at_a_hybrid_event_fill_each_modes_places_exactly(app, live_url):
    network = factories.create_network(slug="ankommen")
    event = factories.create_event(network, format="hybrid", capacity=PLACES, online_capacity=PLACES // 2,
                                   online_url="https://konferenz.example.org/raum")
    db.session.commit()
    mode = lambda n: "online" if n % 2 else "onsite"  # noqa: E731
    statuses = register_at_once(f"{live_url}/n/ankommen/{event.id}/anmelden", PEOPLE, mode)
    assert statuses == [200] * PEOPLE
    db.session.expire_all()
    registrations = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    assert len(registrations) == PEOPLE
    for attendance, places in (("onsite", PLACES), ("online", PLACES // 2)):
        chosen = [r for r in registrations if r.attendance == attendance]
        confirmed = [r for r in chosen if r.state == "confirmed"]
        waitlisted = [r for r in chosen if r.state == "waitlisted"]
        assert (len(confirmed), len(waitlisted)) == (places, PEOPLE // 2 - places), attendance
        assert all(int(r.family_name.split()[-1]) % 2 == (attendance == "online") for r in chosen)
    told = dict(db.session.execute(select(OutboxMail.registration_id, OutboxMail.kind)).all())
    assert told == {r.id: r.state for r in registrations}
    # The room went out only with the confirmations of those online.
    with_room = set(db.session.scalars(select(OutboxMail.registration_id)
                                       .where(OutboxMail.body_text.contains("konferenz.example.org/raum"))))
    assert with_room == {r.id for r in registrations if r.attendance == "online" and r.state == "confirmed"}
