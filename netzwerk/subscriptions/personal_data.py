"""A person's "Informiert bleiben" subscriptions, for the DSGVO export and erasure (`privacy.records`): the one
linked to the person, and any other of the network under their address."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from ..common.personal_records import PersonalRecords, iso
from ..extensions import db
from .models import Subscription


def _of(person):
    mine = [Subscription.person_id == person.id]
    if person.email:
        mine.append((Subscription.network_id == person.network_id) & (Subscription.email == person.email.strip().lower()))
    return or_(*mine)


def export_subscriptions(person) -> list[dict]:
    return [{"given_name": row.given_name, "family_name": row.family_name, "email": row.email, "locale": row.locale,
             "kommune": row.kommune.name if row.kommune else None, "organisation_type": row.organisation_type,
             "state": row.state, "consent_text": row.consent_text, "consent_version": row.consent_version,
             "consented_at": iso(row.consented_at), "confirmed_at": iso(row.confirmed_at),
             "unsubscribed_at": iso(row.unsubscribed_at)}
            for row in db.session.scalars(select(Subscription).where(_of(person)).order_by(Subscription.id))]


def erase_subscriptions(person) -> None:
    db.session.execute(delete(Subscription).where(_of(person)).execution_options(synchronize_session=False))


SUBSCRIPTIONS = PersonalRecords("announcement_subscriptions", _l("„Informiert bleiben“-Anmeldungen (werden gelöscht)"),
                                export_subscriptions, erase_subscriptions)
