"""Who a mailing goes to: registrants of an event chosen by state, Kommune, organisation type and check-in, or the
network's people chosen by the invitations' filter (netzwerk.invitations.recipients). Either way one SELECT, each
row with the person's language and opt-out, so nobody is skipped unseen."""
from dataclasses import asdict, dataclass, field

from sqlalchemy import Select, select

from ..extensions import db
from ..invitations.models import MailOptOut
from ..invitations.recipients import Criteria, recipient_query
from ..registrations.models import Registration, RegistrationState
from ..registrations.online import sees_online_room

ACTIVE_STATES = [RegistrationState.PENDING, RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.ATTENDED]


@dataclass
class EventAudience:
    """Filters over an event's registrations; an empty filter does not narrow (states: the active ones)."""

    states: list[str] = field(default_factory=list)
    kommune_ids: list[int] = field(default_factory=list)
    organisation_types: list[str] = field(default_factory=list)
    checked_in: str = ""  # "yes", "no" or "" (either)
    attendances: list[str] = field(default_factory=list)  # vor Ort / online, at a hybrid event

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Addressee:
    person_id: int | None
    registration_id: int | None
    given_name: str
    family_name: str
    email: str
    locale: str
    opted_out: bool
    online: bool = False  # holds a place and takes part online: {online_link} is filled in for them alone

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def reachable(self) -> bool:
        return bool(self.email) and not self.opted_out


def event_query(event_id: int, audience: EventAudience) -> Select:
    stmt = (select(Registration.id, Registration.person_id, Registration.given_name, Registration.family_name,
                   Registration.email, Registration.locale, MailOptOut.person_id.is_not(None).label("opted_out"),
                   Registration.state, Registration.attendance)
            .outerjoin(MailOptOut, MailOptOut.person_id == Registration.person_id)
            .where(Registration.event_id == event_id,
                   Registration.state.in_(audience.states or ACTIVE_STATES))
            .order_by(Registration.family_name, Registration.given_name, Registration.id))
    if audience.kommune_ids:
        stmt = stmt.where(Registration.kommune_id.in_(audience.kommune_ids))
    if audience.organisation_types:
        stmt = stmt.where(Registration.organisation_type.in_(audience.organisation_types))
    if audience.attendances:
        stmt = stmt.where(Registration.attendance.in_(audience.attendances))
    if audience.checked_in == "yes":
        stmt = stmt.where(Registration.attended_at.is_not(None) | (Registration.state == RegistrationState.ATTENDED))
    elif audience.checked_in == "no":
        stmt = stmt.where(Registration.attended_at.is_(None), Registration.state != RegistrationState.ATTENDED)
    return stmt


def event_addressees(event_id: int, audience: EventAudience) -> list[Addressee]:
    return [Addressee(person_id=row.person_id, registration_id=row.id, given_name=row.given_name or "",
                      family_name=row.family_name or "", email=(row.email or "").strip(), locale=row.locale or "de",
                      opted_out=bool(row.opted_out), online=sees_online_room(row))
            for row in db.session.execute(event_query(event_id, audience))]


def network_addressees(network_id: int, criteria: Criteria) -> list[Addressee]:
    return [Addressee(person_id=row.id, registration_id=None, given_name=row.given_name or "",
                      family_name=row.family_name or "", email=(row.email or "").strip(), locale=row.locale or "de",
                      opted_out=bool(row.opted_out))
            for row in db.session.execute(recipient_query(network_id, criteria))]
