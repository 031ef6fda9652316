"""What a registered person does through their private link: see their registration, change it, cancel it."""
from collections.abc import Callable
from datetime import datetime
from functools import cached_property

from sqlalchemy import Integer, bindparam, func, or_, select, tuple_
from sqlalchemy.orm import contains_eager

from ..common.timing import utcnow
from ..events.models import PUBLIC_STATUSES, Event
from ..extensions import db
from ..kommunen.models import Kommune, Membership
from ..networks.models import Network
from ..organisations.models import Organisation
from .models import Question, Registration, RegistrationState
from .services import apply_details, apply_to_person, entered_details


def event_questions(event_id: int) -> list[Question]:
    return db.session.scalars(
        select(Question).where(Question.event_id == event_id).order_by(Question.position, Question.id)
    ).all()


def public_event_with_questions(slug: str, event_id: int) -> tuple[Event | None, list[Question]]:
    """A public event with its network and its questions in order, in one query: what the registration form needs."""
    rows = db.session.execute(_PUBLIC_EVENT_WITH_QUESTIONS, {"slug": slug, "event_id": event_id}).all()
    if not rows:
        return None, []
    return rows[0][0], [question for _, question in rows if question is not None]


# Built once (with bind parameters), as every form page and registration runs them: building and keying a
# statement anew costs more CPU than running it.
_PUBLIC_EVENT_WITH_QUESTIONS = (
    select(Event, Question).join(Event.network).outerjoin(Question, Question.event_id == Event.id)
    .where(Network.slug == bindparam("slug"), Event.id == bindparam("event_id"), Event.status.in_(PUBLIC_STATUSES))
    .options(contains_eager(Event.network)).order_by(Question.position, Question.id)
)
_WAITING_AHEAD = select(func.count()).where(
    Registration.event_id == bindparam("event_id"), Registration.state == RegistrationState.WAITLISTED,
    Registration.attendance == bindparam("attendance"),  # each mode has its own waiting list
    tuple_(Registration.waitlisted_at, Registration.id)
    < tuple_(bindparam("waitlisted_at", type_=Registration.waitlisted_at.type), bindparam("id", type_=Integer)),
)


def network_choices(network_id: int) -> tuple[list, list]:
    """The network's organisations (id, name) and its current member Kommunen (id, name, bundesland), by name, for
    the form's selects: plain rows, as every form page and every registration reads them."""
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.network_id == network_id)
        .order_by(Organisation.name)
    ).all()
    kommunen = db.session.execute(
        select(Kommune.id, Kommune.name, Kommune.bundesland).join(Membership, Membership.kommune_id == Kommune.id)
        .where(Membership.network_id == network_id,
               or_(Membership.left_on.is_(None), Membership.left_on >= func.current_date()))
        .order_by(Kommune.name)
    ).all()
    return organisations, kommunen


class NetworkChoices:
    """network_choices(), read when first asked for: a registration that chooses no organisation and no Kommune
    (the form's selects are not shown again after it) needs neither list."""

    def __init__(self, network_id: int):
        self.network_id = network_id

    @cached_property
    def _rows(self) -> tuple[list, list]:
        return network_choices(self.network_id)

    def organisations(self) -> list:
        return self._rows[0]

    def kommunen(self) -> list:
        return self._rows[1]


def can_change(registration: Registration, now: datetime | None = None) -> bool:
    """Answers can be changed and the registration cancelled until the event begins, unless it is over for them."""
    over_for_them = registration.state in (RegistrationState.CANCELLED, RegistrationState.ATTENDED)
    return not over_for_them and (now or utcnow()) < registration.event.starts_at


def update(registration: Registration, data: dict) -> None:
    """Save changed answers; the email address (the person's identity) stays as it is.

    Whoever uses the private link has the address, so the details become the person's too; a new organisation's
    name stays on the registration until a coordinator accepts it (public input never adds to the network's list)."""
    apply_details(registration, data, entered_details(registration.event.network_id, data))
    apply_to_person(registration)
    db.session.flush()


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next to move up (in their mode: on site or online); None when not on the waiting list."""
    if registration.state != RegistrationState.WAITLISTED:
        return None
    return db.session.scalar(_WAITING_AHEAD, {"event_id": registration.event_id, "id": registration.id,
                                              "attendance": registration.attendance,
                                              "waitlisted_at": registration.waitlisted_at}) + 1


# What other features add to a registrant's own page (their table seats): a name for the template and a provider
# that takes registration ids and gives {registration id: [item, ...]}. Registered in the features' init_app.
_own_page_providers: dict[str, Callable[[list[int]], dict[int, list]]] = {}


def show_on_own_page(name: str, provider: Callable[[list[int]], dict[int, list]]) -> None:
    _own_page_providers[name] = provider


def own_page_details(registration: Registration) -> dict[str, list]:
    return {name: provider([registration.id]).get(registration.id, [])
            for name, provider in _own_page_providers.items()}
