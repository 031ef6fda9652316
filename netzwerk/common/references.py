"""What still points at a row: the reason a delete is refused, counted per referring table."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db

# How a referring table is named in the refusal message.
TABLE_LABELS = {
    "membership": _l("Mitgliedschaften in Netzwerken"),
    "organisation": _l("Organisationen"),
    "person": _l("Personen"),
    "event": _l("Veranstaltungen"),
    "agenda_speaker": _l("Programmpunkte (als Referent:in)"),
    "network_manager": _l("Koordinationszugänge"),
    "registration": _l("Anmeldungen"),
}


def blocking_references(obj) -> list[tuple[str, int]]:
    """(label, count) for every table whose foreign keys still reference obj and would not cascade."""
    table = obj.__table__
    found = []
    for other in db.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table or fk.ondelete == "CASCADE":
                continue
            count = db.session.scalar(select(func.count()).select_from(other).where(fk.parent == obj.id))
            if count:
                found.append((str(TABLE_LABELS.get(other.name, other.name)), count))
    return found


def refusal_message(what: str, references: list[tuple[str, int]]) -> str:
    listed = ", ".join(f"{label}: {count}" for label, count in references)
    return _("%(what)s kann nicht gelöscht werden, weil noch Daten darauf verweisen (%(listed)s). "
             "Entfernen Sie diese zuerst.", what=what, listed=listed)
