"""Last year's Migrationsmesse for the demo: it took place, visitors were checked in, interviews were held and
employers recorded what came of them (Praktikum, Einstiegsqualifizierung, Ausbildung, Stelle or nothing), so
the network dashboard has something real to show. Every company and person here is fictional."""
import random
from datetime import date, time, timedelta

from ..common.timing import to_instant
from ..events.models import Event, EventStatus
from ..extensions import db
from ..fair.models import Exhibitor, ExhibitorState, Fair, FairOutcome, Interview, OutcomeRecorder, VisitorProfile
from ..fair.services import new_token
from ..networks.models import Network
from ..registrations.models import Registration, RegistrationState
from ..registrations.tokens import issue_token, new_checkin_code
from .fair import EMPLOYERS, GERMAN, ORIGINS

ATTENDED, CONFIRMED = RegistrationState.ATTENDED, RegistrationState.CONFIRMED
OUTCOME_SEED = 2025
PAST_VISITORS, NO_SHOWS, SLOTS = 140, 16, 12
OUTCOME_WEIGHTS = {"nichts": 46, "Praktikum": 20, "Einstiegsqualifizierung": 9, "Ausbildung": 14, "Stelle": 11}


def seed_past_fair(network: Network, today: date) -> Event:
    """A smaller fair a year ago: one employer per sector, visitors checked in, interviews held, outcomes."""
    rng = random.Random(OUTCOME_SEED)
    day = today - timedelta(days=365)
    event = Event(network=network, kind="Migrationsmesse", title=f"Migrationsmesse Merzig {day.year}",
                  description="Die erste Migrationsmesse des Netzwerks in Merzig.", status=EventStatus.PUBLISHED, capacity=200,
                  starts_at=to_instant(day, time(10)), ends_at=to_instant(day, time(16)),
                  venue_name="Stadthalle Merzig", venue_address="Zur Stadthalle 4\n66663 Merzig")
    db.session.add(event)
    db.session.flush()
    db.session.add(Fair(event_id=event.id, interview_mode="planned", slot_count=SLOTS,
                        first_slot_at=to_instant(day, time(10, 30))))
    seen, exhibitors = set(), []
    for company, sector, size, interviewers, _kind, _offers in EMPLOYERS:
        if sector in seen:
            continue
        seen.add(sector)
        slug = "".join(char for char in company.lower() if char.isalnum())[:20]
        exhibitors.append(Exhibitor(event_id=event.id, company=company, contact_name="Kim Beispiel", sector=sector,
                                    email=f"messe@{slug}.example.com", company_size=size, state=ExhibitorState.CONFIRMED,
                                    token_hash=new_token()[1], interviewers=interviewers, staff_count=interviewers))
    db.session.add_all(exhibitors)
    visitors = _visitors(event, rng)
    db.session.flush()
    _interviews_and_outcomes(event, exhibitors, visitors, rng)
    return event


def _visitors(event: Event, rng: random.Random) -> list[Registration]:
    origins = list(ORIGINS.values())
    weights = [origin[0] for origin in origins]
    levels, level_weights = list(GERMAN), list(GERMAN.values())
    registrations = []
    for n in range(PAST_VISITORS):
        _weight, languages, female, male, family = rng.choices(origins, weights)[0]
        came = n >= NO_SHOWS
        registration = Registration(
            event_id=event.id, state=ATTENDED if came else CONFIRMED, given_name=rng.choice(female + male),
            family_name=rng.choice(family), checkin_code=new_checkin_code(), badge_role="visitor",
            locale=rng.choice(["de", "ar", "fa", "uk", "tr"]), consent_version=1,
            consented_at=event.starts_at - timedelta(days=rng.randint(3, 40)),
            confirmed_at=event.starts_at - timedelta(days=2),
            attended_at=event.starts_at + timedelta(minutes=rng.randint(0, 180)) if came else None)
        registration.created_at = registration.consented_at
        issue_token(registration)
        db.session.add(VisitorProfile(registration=registration, languages=list(languages[:1]),
                                      german_level=rng.choices(levels, level_weights)[0]))
        registrations.append(registration)
    return registrations


def _interviews_and_outcomes(event, exhibitors, visitors, rng: random.Random) -> None:
    """Two interviews for most visitors who came; seats filled slot by slot; most employers recorded outcomes."""
    free = {exhibitor.id: [(slot, seat) for slot in range(SLOTS) for seat in range(exhibitor.interviewers)]
            for exhibitor in exhibitors}
    outcomes, kinds = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
    for registration in visitors:
        if registration.state != ATTENDED:
            continue
        taken_slots = set()
        for exhibitor in rng.sample(exhibitors, rng.randint(1, 2)):
            place = next(((slot, seat) for slot, seat in free[exhibitor.id] if slot not in taken_slots), None)
            if place is None:
                continue
            free[exhibitor.id].remove(place)
            taken_slots.add(place[0])
            db.session.add(Interview(event_id=event.id, registration_id=registration.id, exhibitor_id=exhibitor.id,
                                     slot=place[0], seat=place[1], source="wish",
                                     held_at=event.starts_at + timedelta(minutes=30 + 10 * place[0])))
            if rng.random() < 0.85:
                db.session.add(FairOutcome(event_id=event.id, exhibitor_id=exhibitor.id,
                                           registration_id=registration.id,
                                           outcome=rng.choices(outcomes, kinds)[0], recorded_by=OutcomeRecorder.EXHIBITOR))
    db.session.flush()
