"""The demo's Migrationsmesse in Merzig: employers of every sector on the plan, 600 visitors, a computed
schedule that reaches its bounds."""
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from netzwerk.demo.services import seed_demo
from netzwerk.events.models import Event
from netzwerk.extensions import db
from netzwerk.fair.models import Booth, Exhibitor, Interview, Offer, Sector, VisitorProfile
from netzwerk.fair.services import fair_of
from netzwerk.registrations.models import Registration


def test_demo_fills_the_merzig_fair(app):
    """What the demo holds; no time limit (one failed on a busy machine: tests assert behaviour, not speed)."""
    with app.test_request_context():
        seed_demo(date(2030, 5, 6), "demo-passwort-123")
    db.session.commit()
    event = db.session.scalar(select(Event).where(Event.kind == "Migrationsmesse").order_by(Event.starts_at.desc())
                              .limit(1))  # the coming fair (last year's is history with outcomes)
    exhibitors = db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == event.id)).all()
    assert len(exhibitors) == 35 and {e.sector for e in exhibitors} == set(Sector)
    holders = [e for e in exhibitors if e.state in ("confirmed", "requested")]
    assert all(e.booth_id for e in holders) and len({e.booth_id for e in holders}) == len(holders)
    assert db.session.scalar(select(func.count()).select_from(Offer)) >= 50
    assert db.session.scalar(select(func.count()).where(Booth.event_id == event.id, Booth.status == "blocked")) == 1
    visitors = db.session.scalar(select(func.count()).where(Registration.event_id == event.id,
                                                            Registration.badge_role == "visitor"))
    assert visitors == 600 == db.session.scalar(select(func.count()).select_from(VisitorProfile).join(
        Registration, Registration.id == VisitorProfile.registration_id).where(Registration.event_id == event.id))
    levels = set(db.session.scalars(select(VisitorProfile.german_level)))
    assert {"none", "A1", "B1", "C1"} <= levels
    metrics = fair_of(event).schedule_metrics
    assert metrics["interviews"] == metrics["upper_bound"] > 400
    assert metrics["slots_used"] == metrics["slots_lower_bound"]
    assert db.session.scalar(select(func.count()).where(Interview.event_id == event.id)) == metrics["interviews"]


def test_demo_has_last_years_fair_with_check_ins_and_outcomes_on_the_dashboard(app, browser):
    from netzwerk.demo.outcomes import NO_SHOWS, PAST_VISITORS
    from netzwerk.fair.models import FairOutcome

    with app.test_request_context():
        world = seed_demo(date.today(), "demo-passwort-123")
    db.session.commit()
    past = world.events[-1]
    assert past.kind == "Migrationsmesse" and past.ends_at < datetime.now(UTC)
    attended = db.session.scalar(select(func.count()).where(Registration.event_id == past.id,
                                                            Registration.state == "attended"))
    assert attended == PAST_VISITORS - NO_SHOWS
    outcomes = set(db.session.scalars(select(FairOutcome.outcome).where(FairOutcome.event_id == past.id)))
    assert {"nichts", "Praktikum", "Ausbildung", "Stelle"} <= outcomes
    browser.login(world.coordinator, "demo-passwort-123")
    response = browser.get(f"/manage/netzwerke/{world.network.id}/dashboard")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[-3000:]
    assert 'data-chart="messe-branchen"' in html and 'data-chart="nichterschienen"' in html
