"""A person's subscriptions to the network's event series (kept by address), for the DSGVO export and erasure
(`privacy.records`)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from ..common.personal_records import PersonalRecords
from ..extensions import db
from .models import EventSeries, SeriesSubscription


def _of(person):
    series = select(EventSeries.id).where(EventSeries.network_id == person.network_id)
    return (SeriesSubscription.series_id.in_(series)) & (SeriesSubscription.email == (person.email or "").strip().lower())


def export_series_subscriptions(person) -> list[dict]:
    if not person.email:
        return []
    rows = db.session.scalars(select(SeriesSubscription).where(_of(person))
                              .options(joinedload(SeriesSubscription.series)).order_by(SeriesSubscription.id))
    return [{"series": row.series.title, "given_name": row.given_name, "family_name": row.family_name,
             "email": row.email, "locale": row.locale, "subscribed_at": row.created_at.isoformat(),
             "consent_version": row.consent_version} for row in rows]


def erase_series_subscriptions(person) -> None:
    if person.email:
        db.session.execute(delete(SeriesSubscription).where(_of(person)).execution_options(synchronize_session=False))


SERIES_SUBSCRIPTIONS = PersonalRecords("series_subscriptions", _l("Abos von Veranstaltungsreihen (werden gelöscht)"),
                                       export_series_subscriptions, erase_series_subscriptions)
