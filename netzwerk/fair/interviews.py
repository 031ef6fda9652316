"""Interview slots in the app: the fair as an instance of the pure scheduler (`schedule.py`), the stored plan,
first-come-first-served booking of free slots, and each visitor's and Aussteller's schedule.

Ids in the engine are the rows' ids as text: visitors are registration ids, employers Aussteller ids.
"""
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..calendar.freshness import watch
from ..calendar.services import show_in_personal_feed
from ..common.timing import local, utcnow
from ..events.models import Event
from ..extensions import db
from ..registrations.models import Registration, RegistrationState
from .instance import Employer, Instance, Visitor, may_meet, slots_of
from .instance import Offer as EngineOffer
from .models import (
    Booth,
    Exhibitor,
    ExhibitorState,
    Fair,
    GermanLevel,
    Interview,
    InterviewMode,
    InterviewWish,
    VisitorProfile,
)
from .schedule import schedule
from .services import by_company, lock_row, slot_end, slot_start, slot_time
from .suggest import suggest

VISITOR_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)  # who may have interviews
SCHEDULER_SECONDS = 2.0



def _person_of(interview: Interview) -> int | None:
    if interview.registration is not None:
        return interview.registration.person_id
    return db.session.scalar(select(Registration.person_id).where(Registration.id == interview.registration_id)
                             .execution_options(autoflush=False))


def show_in_calendar() -> None:
    # A booked, moved or cancelled interview changes what the visitor's personal calendar feed says.
    watch(Interview, lambda interview: ((), (), (_person_of(interview),)))
    show_in_personal_feed(calendar_lines)


class SlotRefused(ValueError):
    """The slot cannot be booked; the message says why."""


# --- the fair as the engine sees it ---------------------------------------------------------------------------

def engine_employer(exhibitor: Exhibitor, slot_count: int) -> Employer:
    slots = exhibitor.available_slots
    return Employer(
        id=str(exhibitor.id), interviewers=exhibitor.interviewers, sector=exhibitor.sector,
        offers=tuple(EngineOffer(type=offer.kind, german_level=offer.german_level) for offer in exhibitor.offers),
        available_slots=None if slots is None else frozenset(slot for slot in slots if 0 <= slot < slot_count),
    )


def engine_visitor(registration_id: int, profile: VisitorProfile | None, wishes: tuple[str, ...] = (),
                   suggestions: int = 0) -> Visitor:
    return Visitor(
        id=str(registration_id), german_level=profile.german_level if profile else GermanLevel.NONE, wishes=wishes,
        sectors=tuple(profile.sectors) if profile else (), offer_types=tuple(profile.offer_types) if profile else (),
        suggestions=suggestions,
    )


def interviewing_exhibitors(event_id: int) -> list[Exhibitor]:
    """Confirmed Aussteller with interviewers, with their offers and booth."""
    return db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == event_id,
                                                      Exhibitor.state == ExhibitorState.CONFIRMED,
                                                      Exhibitor.interviewers > 0)
                              .options(selectinload(Exhibitor.offers), selectinload(Exhibitor.booth))
                              .order_by(Exhibitor.id)).all()


def fair_instance(fair: Fair, suggestions: int = 0) -> Instance:
    """Every confirmed or checked-in visitor with their wishes (in rank order, only Aussteller that interview);
    those without wishes get `suggestions` suggested Aussteller."""
    exhibitors = interviewing_exhibitors(fair.event_id)
    known = {str(exhibitor.id) for exhibitor in exhibitors}
    profiles = dict(db.session.execute(
        select(Registration.id, VisitorProfile).outerjoin(VisitorProfile,
                                                          VisitorProfile.registration_id == Registration.id)
        .where(Registration.event_id == fair.event_id, Registration.state.in_(VISITOR_STATES))
        .order_by(Registration.id)).all())
    wishes: dict[int, list[str]] = defaultdict(list)
    for registration_id, exhibitor_id in db.session.execute(
            select(InterviewWish.registration_id, InterviewWish.exhibitor_id)
            .join(Registration, Registration.id == InterviewWish.registration_id)
            .where(Registration.event_id == fair.event_id).order_by(InterviewWish.registration_id, InterviewWish.rank)):
        if str(exhibitor_id) in known:
            wishes[registration_id].append(str(exhibitor_id))
    visitors = tuple(engine_visitor(registration_id, profile, tuple(wishes[registration_id]),
                                    0 if wishes[registration_id] else suggestions)
                     for registration_id, profile in profiles.items())
    return Instance(slots=fair.slot_count, employers=tuple(engine_employer(e, fair.slot_count) for e in exhibitors),
                    visitors=visitors, max_interviews_per_visitor=fair.max_interviews_per_visitor,
                    slot_minutes=fair.slot_minutes)


def run_scheduler(fair: Fair, suggestions: int = 0, seconds: float = SCHEDULER_SECONDS) -> dict:
    """Plan every interview anew (replacing the stored plan, self-booked ones too); returns the metrics.

    Holds the fair's row and every Aussteller's, so no slot is booked by hand while the plan is written."""
    lock_row(Fair, fair.id)
    _lock_exhibitors(fair.event_id)
    result = schedule(fair_instance(fair, suggestions), seconds=seconds)
    db.session.execute(delete(Interview).where(Interview.event_id == fair.event_id))
    if result.interviews:
        db.session.execute(insert(Interview), [
            {"event_id": fair.event_id, "registration_id": int(talk.visitor), "exhibitor_id": int(talk.employer),
             "slot": talk.slot, "seat": talk.seat, "source": talk.source} for talk in result.interviews])
    metrics = asdict(result.metrics)
    metrics["unscheduled"] = dict(Counter(item.reason for item in result.unscheduled))
    metrics["suggestions_asked"] = suggestions
    fair.schedule_metrics, fair.scheduled_at = metrics, utcnow()  # moves every feed of the network (watch)
    db.session.flush()
    return metrics


def _lock_exhibitors(event_id: int) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Exhibitor.id).where(Exhibitor.event_id == event_id)
                           .with_for_update(key_share=True))
    else:
        db.session.execute(text("UPDATE exhibitor SET id = id WHERE event_id = :id"), {"id": event_id})


def clear_schedule(fair: Fair) -> None:
    lock_row(Fair, fair.id)
    db.session.execute(delete(Interview).where(Interview.event_id == fair.event_id))
    fair.schedule_metrics, fair.scheduled_at = {}, None
    db.session.flush()


def suggestions_for(fair: Fair, registration: Registration, profile: VisitorProfile, wished: list[int],
                    k: int = 5) -> list[Exhibitor]:
    """Aussteller that fit the visitor's interests and German, best first, none already wished."""
    exhibitors = interviewing_exhibitors(fair.event_id) if fair.interview_mode != InterviewMode.OFF else confirmed_exhibitors(
        fair.event_id)
    by_id = {str(exhibitor.id): exhibitor for exhibitor in exhibitors}
    visitor = engine_visitor(registration.id, profile, tuple(str(e) for e in wished if str(e) in by_id))
    chosen = suggest(visitor, [engine_employer(e, fair.slot_count) for e in exhibitors], k)
    return [by_id[exhibitor_id] for exhibitor_id in chosen]


def confirmed_exhibitors(event_id: int) -> list[Exhibitor]:
    return db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == event_id,
                                                      Exhibitor.state == ExhibitorState.CONFIRMED)
                              .options(selectinload(Exhibitor.offers), selectinload(Exhibitor.booth))
                              .order_by(by_company())).all()


# --- booking free slots (first come, first served) ----------------------------------------------------------

def seats_taken(event_id: int) -> dict[tuple[int, int], int]:
    """(Aussteller id, slot) -> interviews booked."""
    rows = db.session.execute(select(Interview.exhibitor_id, Interview.slot, func.count())
                              .where(Interview.event_id == event_id)
                              .group_by(Interview.exhibitor_id, Interview.slot))
    return {(exhibitor_id, slot): count for exhibitor_id, slot, count in rows}


def open_slots(fair: Fair, exhibitor: Exhibitor, taken: dict[tuple[int, int], int]) -> list[int]:
    return [slot for slot in sorted(slots_of(engine_employer(exhibitor, fair.slot_count).available_slots,
                                             fair.slot_count))
            if taken.get((exhibitor.id, slot), 0) < exhibitor.interviewers]


def book_slot(fair: Fair, registration: Registration, exhibitor_id: int, slot: int) -> Interview:
    """The visitor takes a free seat at the Aussteller in the slot. The Aussteller's row is locked while its
    seats are counted, so two visitors never get the same seat; the unique constraints are the last guard."""
    if fair.interview_mode != InterviewMode.SELF_BOOKING:
        raise SlotRefused(_("Gesprächstermine werden für diese Messe nicht selbst gebucht."))
    if registration.state not in VISITOR_STATES:
        raise SlotRefused(_("Nur bestätigte Besucher:innen können Gespräche buchen."))
    exhibitor = lock_row(Exhibitor, exhibitor_id)
    if exhibitor is None or exhibitor.event_id != fair.event_id or exhibitor.state != ExhibitorState.CONFIRMED \
            or exhibitor.interviewers < 1:
        raise SlotRefused(_("Bei diesem Aussteller gibt es keine Gesprächstermine."))
    if slot not in slots_of(engine_employer(exhibitor, fair.slot_count).available_slots, fair.slot_count):
        raise SlotRefused(_("Zu dieser Zeit führt %(company)s keine Gespräche.", company=exhibitor.company))
    profile = db.session.scalar(select(VisitorProfile).where(VisitorProfile.registration_id == registration.id))
    if not may_meet(engine_visitor(registration.id, profile), engine_employer(exhibitor, fair.slot_count)):
        raise SlotRefused(_("Für die Angebote von %(company)s reichen Ihre Deutschkenntnisse noch nicht.",
                            company=exhibitor.company))
    mine = db.session.scalars(select(Interview).where(Interview.registration_id == registration.id)).all()
    if any(talk.exhibitor_id == exhibitor.id for talk in mine):
        raise SlotRefused(_("Sie haben schon ein Gespräch mit %(company)s.", company=exhibitor.company))
    if any(talk.slot == slot for talk in mine):
        raise SlotRefused(_("Zu dieser Zeit haben Sie schon ein Gespräch."))
    if len(mine) >= fair.max_interviews_per_visitor:
        raise SlotRefused(_("Sie haben schon %(num)d Gespräche gebucht; mehr sind nicht möglich.",
                            num=fair.max_interviews_per_visitor))
    seats = set(db.session.scalars(select(Interview.seat).where(Interview.exhibitor_id == exhibitor.id,
                                                                Interview.slot == slot)))
    free = [seat for seat in range(exhibitor.interviewers) if seat not in seats]
    if not free:
        raise SlotRefused(_("Diese Zeit ist leider schon vergeben."))
    interview = Interview(event_id=fair.event_id, registration=registration, exhibitor=exhibitor, slot=slot,
                          seat=free[0], source="self")
    try:
        with db.session.begin_nested():
            db.session.add(interview)
            db.session.flush()
    except IntegrityError:
        raise SlotRefused(_("Diese Zeit ist gerade vergeben worden."))
    return interview


def cancel_interview(registration: Registration, interview_id: int) -> bool:
    interview = db.session.scalar(select(Interview).where(Interview.id == interview_id,
                                                          Interview.registration_id == registration.id))
    if interview is None:
        return False
    db.session.delete(interview)
    db.session.flush()
    return True


def mark_held(exhibitor: Exhibitor, interview_id: int, held: bool) -> bool:
    interview = db.session.scalar(select(Interview).where(Interview.id == interview_id,
                                                          Interview.exhibitor_id == exhibitor.id))
    if interview is None:
        return False
    interview.held_at = utcnow() if held else None
    db.session.flush()
    return True


# --- schedules ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Talk:
    interview: Interview
    starts_at: datetime
    ends_at: datetime


def visitor_talks(fair: Fair, registration_id: int) -> list[Talk]:
    interviews = db.session.scalars(select(Interview).where(Interview.registration_id == registration_id)
                                    .options(selectinload(Interview.exhibitor).selectinload(Exhibitor.booth))
                                    .order_by(Interview.slot)).all()
    return [Talk(talk, slot_start(fair, talk.slot), slot_end(fair, talk.slot)) for talk in interviews]


def exhibitor_talks(fair: Fair, exhibitor_id: int) -> list[Talk]:
    interviews = db.session.scalars(select(Interview).where(Interview.exhibitor_id == exhibitor_id)
                                    .join(Registration, Registration.id == Interview.registration_id)
                                    .where(Registration.state.in_(VISITOR_STATES))
                                    .options(selectinload(Interview.registration))
                                    .order_by(Interview.slot, Interview.seat)).all()
    return [Talk(talk, slot_start(fair, talk.slot), slot_end(fair, talk.slot)) for talk in interviews]


def visitor_profiles(registration_ids: list[int]) -> dict[int, VisitorProfile]:
    if not registration_ids:
        return {}
    return {profile.registration_id: profile for profile in db.session.scalars(
        select(VisitorProfile).where(VisitorProfile.registration_id.in_(registration_ids)))}


def slot_labels(fair: Fair) -> list[str]:
    return [f"{local(slot_start(fair, slot)):%H:%M}–{local(slot_end(fair, slot)):%H:%M}"
            for slot in range(fair.slot_count)]


def calendar_lines(registration_ids: list[int]) -> dict[int, list[str]]:
    """For personal calendar feeds: each registration's own interviews, one line each, in one query."""
    if not registration_ids:
        return {}
    rows = db.session.execute(
        select(Interview.registration_id, Interview.slot, Exhibitor.company, Booth.number, Fair.first_slot_at,
               Fair.slot_minutes, Event.starts_at)
        .join(Exhibitor, Exhibitor.id == Interview.exhibitor_id)
        .outerjoin(Booth, Booth.id == Exhibitor.booth_id)
        .join(Fair, Fair.event_id == Interview.event_id)
        .join(Event, Event.id == Interview.event_id)
        .where(Interview.registration_id.in_(registration_ids))
        .order_by(Interview.registration_id, Interview.slot))
    lines: dict[int, list[str]] = defaultdict(list)
    for registration_id, slot, company, booth, first_slot, minutes, event_start in rows:
        start = slot_time(first_slot or event_start, minutes, slot)
        end = slot_time(first_slot or event_start, minutes, slot + 1)
        where = f" ({_('Stand %(number)s', number=booth)})" if booth else ""
        lines[registration_id].append(_("Gespräch %(time)s: %(company)s", time=f"{local(start):%H:%M}–"
                                        f"{local(end):%H:%M}", company=company) + where)
    return dict(lines)
