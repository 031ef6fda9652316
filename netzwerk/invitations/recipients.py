"""Who a mail of the network goes to: the network's people chosen by filters, each with what a sender must know
(no address, opted out, already invited). Invitations use it; mailings are meant to use it the same way.

`Criteria` is plain data (a form fills it, a test or the demo builds it); `recipient_query` turns it into one
SELECT; `recipients` runs it and splits the rows into who gets a mail and who is named as not getting one.
"""
import json
from dataclasses import dataclass, field

from sqlalchemy import Select, String, cast, exists, false, func, or_, select

from ..extensions import db
from ..kommunen.models import Kommune, Membership
from ..organisations.models import Organisation
from ..people.models import Person
from ..registrations.models import Registration, RegistrationState
from .models import Invitation, MailOptOut

DEFAULT_LOCALE = "de"


@dataclass
class Criteria:
    """Filters over a network's people; an empty filter does not narrow. Within one filter any value matches, all
    filters given must match. A person's Kommune and organisation type are their organisation's, else what a
    registered source knows (a confirmed "Informiert bleiben" subscriber's own answers)."""

    kommune_ids: list[int] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)  # the membership phase of the person's Kommune in the network
    organisation_types: list[str] = field(default_factory=list)
    function: str = ""  # part of the function, any case ("Integration" finds "Integrationsmanagerin")
    tags: list[str] = field(default_factory=list)
    attended_event_id: int | None = None  # came to (was checked in at) this event
    not_registered_for_event_id: int | None = None  # has no registration (other than a cancelled one) for it

    @property
    def is_empty(self) -> bool:
        return not (self.kommune_ids or self.phases or self.organisation_types or self.function or self.tags
                    or self.attended_event_id or self.not_registered_for_event_id)


@dataclass
class Recipient:
    person_id: int
    name: str
    email: str
    organisation: str
    kommune: str
    locale: str
    opted_out: bool
    invited: bool  # already has an invitation to the event in question

    @property
    def reachable(self) -> bool:
        return bool(self.email) and not self.opted_out and not self.invited


@dataclass
class RecipientList:
    """Everyone the filters chose, and the reason for each who gets no mail: nobody is skipped unseen."""

    chosen: list[Recipient]

    @property
    def reachable(self) -> list[Recipient]:
        return [r for r in self.chosen if r.reachable]

    @property
    def without_email(self) -> list[Recipient]:
        return [r for r in self.chosen if not r.email]

    @property
    def opted_out(self) -> list[Recipient]:
        return [r for r in self.chosen if r.email and r.opted_out]

    @property
    def already_invited(self) -> list[Recipient]:
        return [r for r in self.chosen if r.email and not r.opted_out and r.invited]


# Further places a person's language may be known, asked in order after their latest registration: features
# register a correlated scalar subquery on Person (subscriptions: the language chosen for "Informiert bleiben").
LOCALE_SOURCES: list = []


def add_locale_source(source) -> None:
    if source not in LOCALE_SOURCES:
        LOCALE_SOURCES.append(source)


def preferred_locale():
    """A person's language for mails: the language of their latest registration (what they chose on the form),
    else what a registered source knows (e.g. the subscription), else German."""
    latest = (select(Registration.locale).where(Registration.person_id == Person.id)
              .order_by(Registration.id.desc()).limit(1).correlate(Person).scalar_subquery())
    return func.coalesce(latest, *(source() for source in LOCALE_SOURCES), DEFAULT_LOCALE)


# Where a person's Kommune and organisation type may be known besides their organisation, asked in order after it:
# features register correlated scalar subqueries on Person (subscriptions: what a subscriber gave on the form).
KOMMUNE_SOURCES: list = []
ORGANISATION_TYPE_SOURCES: list = []


def add_profile_source(kommune_id=None, organisation_type=None) -> None:
    for sources, source in ((KOMMUNE_SOURCES, kommune_id), (ORGANISATION_TYPE_SOURCES, organisation_type)):
        if source is not None and source not in sources:
            sources.append(source)


def person_kommune_id():
    """A person's Kommune (their organisation's, else a registered source's), over Person and Organisation."""
    return func.coalesce(Organisation.kommune_id, *(source() for source in KOMMUNE_SOURCES))


def person_organisation_type():
    """A person's organisation type (their organisation's, else a registered source's)."""
    return func.coalesce(func.nullif(Organisation.type, ""),
                         *(func.nullif(source(), "") for source in ORGANISATION_TYPE_SOURCES))


def profile(person_id: int) -> tuple[int | None, str]:
    """(Kommune id, organisation type) of one person, as the filters see them; e.g. to fill in a form."""
    row = db.session.execute(select(person_kommune_id(), person_organisation_type()).select_from(Person)
                             .outerjoin(Organisation, Person.organisation_id == Organisation.id)
                             .where(Person.id == person_id)).one_or_none()
    return (row[0], row[1] or "") if row is not None else (None, "")


def recipient_query(network_id: int, criteria: Criteria, invited_to_event_id: int | None = None) -> Select:
    """One SELECT of the chosen people with organisation, Kommune, language, opt-out and (for an event) whether
    they are invited already; ordered by name."""
    invited = (exists().where(Invitation.person_id == Person.id, Invitation.event_id == invited_to_event_id)
               if invited_to_event_id is not None else None)
    # A scalar subquery rather than a join: the ON clause would evaluate the person's sources once per Kommune row.
    kommune = select(Kommune.name).where(Kommune.id == person_kommune_id()).correlate(Person, Organisation)
    stmt = (
        select(Person.id, Person.given_name, Person.family_name, Person.email,
               Organisation.name.label("organisation"), kommune.scalar_subquery().label("kommune"),
               preferred_locale().label("locale"), MailOptOut.person_id.is_not(None).label("opted_out"),
               (invited if invited is not None else false()).label("invited"))
        .select_from(Person)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .outerjoin(MailOptOut, MailOptOut.person_id == Person.id)
        .where(Person.network_id == network_id)
        .order_by(Person.family_name, Person.given_name, Person.id)
    )
    for condition in conditions(network_id, criteria):
        stmt = stmt.where(condition)
    return stmt


def conditions(network_id: int, criteria: Criteria) -> list:
    """The WHERE clauses for the criteria, on Person and its Organisation (both in the FROM); Kommune and type as
    person_kommune_id and person_organisation_type give them."""
    found = []
    if criteria.kommune_ids:
        found.append(person_kommune_id().in_(criteria.kommune_ids))
    if criteria.phases:
        found.append(exists().where(Membership.network_id == network_id,
                                    Membership.kommune_id == person_kommune_id(),
                                    Membership.phase.in_(criteria.phases)))
    if criteria.organisation_types:
        found.append(person_organisation_type().in_(criteria.organisation_types))
    if criteria.function.strip():
        found.append(func.lower(Person.function).contains(criteria.function.strip().lower(), autoescape=True))
    if criteria.tags:
        found.append(or_(*(tag_condition(tag) for tag in criteria.tags)))
    if criteria.attended_event_id:
        found.append(exists().where(Registration.person_id == Person.id,
                                    Registration.event_id == criteria.attended_event_id,
                                    or_(Registration.state == RegistrationState.ATTENDED, Registration.attended_at.is_not(None))))
    if criteria.not_registered_for_event_id:
        found.append(~exists().where(Registration.person_id == Person.id,
                                     Registration.event_id == criteria.not_registered_for_event_id,
                                     Registration.state != RegistrationState.CANCELLED))
    return found


def tag_condition(tag: str):
    """The tag as one element of the stored JSON list: its JSON spelling (quotes included) inside the text, which
    reads the same on SQLite and PostgreSQL."""
    return cast(Person.tags, String).contains(json.dumps(tag), autoescape=True)


def recipients(network_id: int, criteria: Criteria, invited_to_event_id: int | None = None) -> RecipientList:
    rows = db.session.execute(recipient_query(network_id, criteria, invited_to_event_id)).all()
    return RecipientList([
        Recipient(person_id=row.id, name=f"{row.given_name} {row.family_name}".strip(), email=(row.email or "").strip(),
                  organisation=row.organisation or "", kommune=row.kommune or "", locale=row.locale or DEFAULT_LOCALE,
                  opted_out=bool(row.opted_out), invited=bool(row.invited))
        for row in rows
    ])


def known_tags(network_id: int) -> list[str]:
    """Every tag the network's people carry, sorted (for the filter's choices)."""
    lists = db.session.scalars(select(Person.tags).where(Person.network_id == network_id)).all()
    return sorted({tag for tags in lists for tag in (tags or [])}, key=str.casefold)


def known_phases(network_id: int) -> list[str]:
    return sorted(set(db.session.scalars(select(Membership.phase).where(
        Membership.network_id == network_id, Membership.phase != "")).all()), key=str.casefold)


