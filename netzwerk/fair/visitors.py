"""Visitors of the fair: registrations of the fair event (so check-in, badges, the private link and the personal
calendar feed work as for any registration) with a profile: languages, German level, interests; their wishes."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..common.timing import utcnow
from ..events.models import Event
from ..extensions import db
from ..mail.outbox import queue_registration_mail
from ..registrations.capacity import lock_event
from ..registrations.models import BadgeRole, Registration, RegistrationState
from ..registrations.services import (
    RegistrationRefused,
    apply_details,
    entered_details,
    find_person,
    new_person,
    registration_window_problem,
)
from ..registrations.services import place as place_registration
from ..registrations.tokens import issue_token, new_checkin_code
from .forms import MAX_WISHES
from .models import Exhibitor, ExhibitorState, GermanLevel, InterviewWish, VisitorProfile


@dataclass
class VisitorOutcome:
    registration: Registration
    token: str
    duplicate: bool = False


def register_visitor(event: Event, data: dict, locale: str = "de", walk_in_by=None) -> VisitorOutcome:
    """A visitor's registration and profile. Online: within the registration window, confirmed while places
    are free, else on the waiting list (a known e-mail gets its link again instead). Walk-in at the entrance
    (walk_in_by: the helper): confirmed and checked in at once."""
    email = (data.get("email") or "").strip().lower() or None
    # The person is looked up (or, for a new address, created) before the lock; a stored one is never changed
    # by what a visitor enters: that stays on the registration for the coordinator (registrations.services).
    entered = entered_details(event.network_id, data)
    person = find_person(event.network_id, email) if email else None
    if person is None:
        person = new_person(event.network_id, email or "", entered)
        db.session.flush()
    event = lock_event(event.id)
    if walk_in_by is None and (problem := registration_window_problem(event)):
        raise RegistrationRefused(problem)
    if email:
        existing = db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                                Registration.email == email))
        if existing is not None and existing.state != RegistrationState.CANCELLED:
            token = issue_token(existing)
            queue_registration_mail(existing, "link", token=token)
            db.session.flush()
            return VisitorOutcome(existing, token, duplicate=True)
    registration = Registration(
        event=event, person=person, email=email, checkin_code=new_checkin_code(), badge_role=BadgeRole.VISITOR,
        locale=locale, consent_version=event.network.privacy_version if data.get("consent") else None,
        consented_at=utcnow() if data.get("consent") else None,
    )
    apply_details(registration, data, entered)
    with db.session.no_autoflush:
        token = issue_token(registration)
        if walk_in_by is not None:  # at the entrance: in, whatever the count says
            registration.state = RegistrationState.ATTENDED
            registration.confirmed_at = registration.attended_at = utcnow()
            registration.checked_in_by = walk_in_by
        else:
            place_registration(registration, event, pending_allowed=True)
    db.session.add(registration)
    db.session.add(VisitorProfile(registration=registration, **_profile_values(data)))
    db.session.flush()
    queue_registration_mail(registration, registration.state, token=token)
    return VisitorOutcome(registration, token)


def _profile_values(data: dict) -> dict:
    return {"languages": list(data.get("languages") or []), "german_level": data.get("german_level") or GermanLevel.NONE,
            "sectors": list(data.get("sectors") or []), "offer_types": list(data.get("offer_types") or [])}


def profile_of(registration: Registration) -> VisitorProfile:
    """The visitor's profile; an empty one, not yet stored, for a registration made another way (e.g. by a
    coordinator)."""
    profile = db.session.scalar(select(VisitorProfile).where(VisitorProfile.registration_id == registration.id))
    return profile or VisitorProfile(registration_id=registration.id, languages=[], german_level=GermanLevel.NONE,
                                     sectors=[], offer_types=[])


def update_profile(profile: VisitorProfile, data: dict) -> None:
    for name, value in _profile_values(data).items():
        setattr(profile, name, value)
    db.session.add(profile)
    db.session.flush()


# --- wishes -------------------------------------------------------------------------------------------------

class WishRefused(ValueError):
    """The wish cannot be added; the message says why."""


def wishes_of(registration_id: int) -> list[InterviewWish]:
    return db.session.scalars(select(InterviewWish).where(InterviewWish.registration_id == registration_id)
                              .options(selectinload(InterviewWish.exhibitor).selectinload(Exhibitor.offers),
                                       selectinload(InterviewWish.exhibitor).selectinload(Exhibitor.booth))
                              .order_by(InterviewWish.rank)).all()


def add_wish(registration: Registration, exhibitor: Exhibitor) -> InterviewWish:
    if exhibitor.event_id != registration.event_id or exhibitor.state != ExhibitorState.CONFIRMED:
        raise WishRefused(_("Diesen Aussteller gibt es auf dieser Messe nicht."))
    wishes = wishes_of(registration.id)
    if any(wish.exhibitor_id == exhibitor.id for wish in wishes):
        raise WishRefused(_("%(company)s steht schon auf Ihrer Liste.", company=exhibitor.company))
    if len(wishes) >= MAX_WISHES:
        raise WishRefused(_("Sie haben schon %(num)d Wünsche. Entfernen Sie zuerst einen.", num=MAX_WISHES))
    wish = InterviewWish(registration_id=registration.id, exhibitor_id=exhibitor.id, rank=len(wishes) + 1)
    db.session.add(wish)
    db.session.flush()
    return wish


def remove_wish(registration: Registration, exhibitor_id: int) -> None:
    wishes = wishes_of(registration.id)
    for wish in wishes:
        if wish.exhibitor_id == exhibitor_id:
            db.session.delete(wish)
    _renumber([wish for wish in wishes if wish.exhibitor_id != exhibitor_id])


def move_wish_up(registration: Registration, exhibitor_id: int) -> None:
    wishes = wishes_of(registration.id)
    index = next((i for i, wish in enumerate(wishes) if wish.exhibitor_id == exhibitor_id), 0)
    if index > 0:
        wishes[index - 1], wishes[index] = wishes[index], wishes[index - 1]
        _renumber(wishes)


def _renumber(wishes: list[InterviewWish]) -> None:
    for rank, wish in enumerate(wishes, 1):
        wish.rank = rank
    db.session.flush()
