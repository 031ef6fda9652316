"""One search box for the workspace: people, organisations, Kommunen and events of the networks the user manages."""
from dataclasses import dataclass

from sqlalchemy import or_, select

from ..common.access import managed_network_ids, only_managed
from ..events.models import Event
from ..extensions import db
from ..kommunen.models import Kommune, Membership
from ..organisations.models import Organisation
from ..people.models import Person

LIMIT = 20  # per group; the group links to its full list


@dataclass
class Results:
    people: list
    organisations: list
    kommunen: list
    events: list

    @property
    def total(self) -> int:
        return len(self.people) + len(self.organisations) + len(self.kommunen) + len(self.events)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(term: str, user) -> Results:
    """Four statements, each limited; matching ignores case (ILIKE)."""
    pattern = _like(term)

    def like(column):
        return column.ilike(pattern, escape="\\")

    people = db.session.scalars(
        only_managed(select(Person), Person.network_id, user)
        .where(or_(like(Person.given_name), like(Person.family_name), like(Person.email),
                   like(Person.given_name + " " + Person.family_name)))
        .order_by(Person.family_name, Person.given_name).limit(LIMIT)).all()
    organisations = db.session.scalars(
        only_managed(select(Organisation), Organisation.network_id, user).where(like(Organisation.name))
        .order_by(Organisation.name).limit(LIMIT)).all()
    kommunen_stmt = select(Kommune).where(like(Kommune.name)).order_by(Kommune.name).limit(LIMIT)
    ids = managed_network_ids(user)
    if ids is not None:  # a coordinator sees the Kommunen of their networks
        kommunen_stmt = kommunen_stmt.where(Kommune.id.in_(
            select(Membership.kommune_id).where(Membership.network_id.in_(ids))))
    events = db.session.scalars(
        only_managed(select(Event), Event.network_id, user).where(or_(like(Event.title), like(Event.venue_name)))
        .order_by(Event.starts_at.desc()).limit(LIMIT)).all()
    return Results(people, organisations, db.session.scalars(kommunen_stmt).all(), events)
