"""The demo's Migrationsmesse in Merzig: employers of every sector on the plan, 600 visitors, a computed
schedule that reaches its bounds."""
import time
from datetime import date

from sqlalchemy import func, select

from netzwerk.demo.services import seed_demo
from netzwerk.events.models import Event
from netzwerk.extensions import db
from netzwerk.fair.models import Booth, Exhibitor, Interview, Offer, Sector, VisitorProfile
from netzwerk.fair.services import fair_of
from netzwerk.registrations.models import Registration


def test_demo_fills_the_merzig_fair_quickly(app):
    started = time.perf_counter()
    with app.test_request_context():
        seed_demo(date(2030, 5, 6), "demo-passwort-123")
    db.session.commit()
    assert time.perf_counter() - started < 15
    event = db.session.scalar(select(Event).where(Event.kind == "Migrationsmesse"))
    exhibitors = db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == event.id)).all()
    assert len(exhibitors) == 35 and {e.sector for e in exhibitors} == set(Sector)
    holders = [e for e in exhibitors if e.state in ("confirmed", "requested")]
    assert all(e.booth_id for e in holders) and len({e.booth_id for e in holders}) == len(holders)
    assert db.session.scalar(select(func.count()).select_from(Offer)) >= 50
    assert db.session.scalar(select(func.count()).where(Booth.event_id == event.id, Booth.status == "blocked")) == 1
    visitors = db.session.scalar(select(func.count()).where(Registration.event_id == event.id,
                                                            Registration.badge_role == "visitor"))
    assert visitors == 600 == db.session.scalar(select(func.count()).select_from(VisitorProfile))
    levels = set(db.session.scalars(select(VisitorProfile.german_level)))
    assert {"none", "A1", "B1", "C1"} <= levels
    metrics = fair_of(event).schedule_metrics
    assert metrics["interviews"] == metrics["upper_bound"] > 400
    assert metrics["slots_used"] == metrics["slots_lower_bound"]
    assert db.session.scalar(select(func.count()).select_from(Interview)) == metrics["interviews"]
