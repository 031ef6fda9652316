"""Many employers ask for the same booth at the same moment, many visitors for the last interview seat: each goes
to exactly one of them (row lock on PostgreSQL), over real HTTP against a threaded server."""
import http.cookiejar
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.fair.models import Booth, Exhibitor, Interview
from netzwerk.fair.services import stored_fair

from . import factories
from .conftest import POSTGRES_URL, csrf_from

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="row locks are PostgreSQL's; set TEST_DATABASE_URL")
CLIENTS = 30


def post_at_once(form_url: str, post_url: str, bodies: list[dict]) -> list[int]:
    """Every client loads the form (for its CSRF token and session), then all post together."""
    start = threading.Barrier(len(bodies))

    def one(body: dict) -> int:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = csrf_from(opener.open(form_url, timeout=60).read().decode())
        data = urllib.parse.urlencode({"csrf_token": token, **body}).encode()
        start.wait()
        with opener.open(post_url, data, timeout=120) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(one, bodies))


def test_employers_booking_one_booth_at_the_same_moment_only_one_gets_it(app, live_url):
    network = factories.create_network(slug="ankommen")
    event = factories.create_fair_event(network)
    wanted = factories.create_booth(event, number="7")
    db.session.commit()
    url = f"{live_url}/n/ankommen/{event.id}/messe/stand-buchen"
    bodies = [{"company": f"Firma {n}", "contact_name": "Kim", "email": f"firma{n}@example.com", "sector": "Bau",
               "staff_count": "1", "consent": "y", "preferred_booth_id": str(wanted.id)} for n in range(CLIENTS)]
    assert post_at_once(url, url, bodies) == [200] * CLIENTS  # all booked (after the redirect), none failed
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Exhibitor)) == CLIENTS
    holders = db.session.scalars(select(Exhibitor).where(Exhibitor.booth_id == wanted.id)).all()
    assert len(holders) == 1 and db.session.get(Booth, wanted.id).status == "reserved"


def test_visitors_booking_the_last_seat_at_the_same_moment_only_one_gets_it(app, live_url):
    network = factories.create_network(slug="ankommen")
    event = factories.create_fair_event(network)
    fair = stored_fair(event)
    fair.interview_mode = "self_booking"
    exhibitor = factories.create_exhibitor(event, interviewers=1, available_slots=[3])
    visitors = [factories.create_visitor(event, token=f"besuch-{n}") for n in range(CLIENTS)]
    db.session.commit()
    bodies = [{"exhibitor_id": str(exhibitor.id), "slot": "3"} for _ in visitors]

    # One barrier for all: each client loads its own page, then everyone posts together.
    start = threading.Barrier(CLIENTS)

    def racer(n: int) -> int:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = csrf_from(opener.open(f"{live_url}/anmeldung/besuch-{n}/messe", timeout=60).read().decode())
        data = urllib.parse.urlencode({"csrf_token": token, **bodies[n]}).encode()
        start.wait()
        with opener.open(f"{live_url}/anmeldung/besuch-{n}/messe/termine", data, timeout=120) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = list(pool.map(racer, range(CLIENTS)))
    assert statuses == [200] * CLIENTS
    db.session.expire_all()
    booked = db.session.scalars(select(Interview).where(Interview.exhibitor_id == exhibitor.id)).all()
    assert [(talk.slot, talk.seat) for talk in booked] == [(3, 0)]
