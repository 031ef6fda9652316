"""People of a network. Services flush; the request commits once."""
import secrets

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..common.access import only_managed
from ..common.tokens import hash_token
from ..extensions import db
from .models import Person

TEXT_FIELDS = ("given_name", "family_name", "email", "phone", "function")


def person_list(user, query: str = "", network_id: int | None = None, organisation_id: int | None = None) -> Select:
    stmt = (
        only_managed(select(Person), Person.network_id, user)
        .options(selectinload(Person.organisation), selectinload(Person.network))
        .order_by(Person.family_name, Person.given_name, Person.id)
    )
    if query:
        pattern = f"%{query}%"
        stmt = stmt.where(or_(Person.given_name.ilike(pattern), Person.family_name.ilike(pattern),
                              Person.email.ilike(pattern), Person.function.ilike(pattern)))
    if network_id is not None:
        stmt = stmt.where(Person.network_id == network_id)
    if organisation_id is not None:
        stmt = stmt.where(Person.organisation_id == organisation_id)
    return stmt


def list_position(user, person: Person, network_id: int | None) -> int:
    """How many people the list (filtered to the network) shows before this person, in its order."""
    before = or_(Person.family_name < person.family_name,
                 and_(Person.family_name == person.family_name, Person.given_name < person.given_name),
                 and_(Person.family_name == person.family_name, Person.given_name == person.given_name,
                      Person.id < person.id))
    stmt = person_list(user, network_id=network_id).where(before).order_by(None)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def save_person(person: Person | None, data: dict) -> Person:
    if person is None:
        person = Person()
        db.session.add(person)
    person.network_id = data["network_id"]
    for name in TEXT_FIELDS:
        setattr(person, name, (data.get(name) or "").strip())
    person.organisation_id = data.get("organisation_id")
    if "tags" in data:
        person.tags = list(data["tags"] or [])
    db.session.flush()
    return person


def issue_feed_token(person: Person) -> str:
    """A fresh feed secret (256 random bits) for the person; the previous feed link stops working."""
    token = secrets.token_urlsafe(32)
    person.feed_token_hash = hash_token(token)
    db.session.flush()
    return token
