"""The event's documentation as PDF through the print machinery: agenda, participation by Kommune and
organisation type, table-group notes, feedback summary, materials."""
from flask_babel import gettext as _
from sqlalchemy import select

from ..badges.documents import render_print
from ..badges.services import badge_event
from ..common.timing import local
from ..events.models import AgendaItem
from ..extensions import db
from ..feedback.services import results, survey_of
from . import services


def documentation_pdf(event) -> bytes:
    agenda = [(_time(item), item.title)
              for item in db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == event.id)
                                             .order_by(AgendaItem.starts_at, AgendaItem.id))]
    survey = survey_of(event)
    feedback = results(survey) if survey else None
    words = {
        "agenda": _("Programm"), "participation": _("Teilnahme"), "kommune": _("Kommune"),
        "type": _("Organisationsart"), "count": _("Anzahl"), "notes": _("Notizen der Tischgruppen"),
        "table": _("Tisch"), "feedback": _("Rückmeldungen"), "materials": _("Materialien"),
        "average": _("Durchschnitt"), "answers": _("Antworten"),
        "participants_only": _("nur für Teilnehmende"),
        "attended": _("eingecheckt"), "confirmed": _("angemeldet"),
    }
    return render_print("documentation.html", badge_event(event, back=False), _("Dokumentation"), words=words,
                        agenda=agenda, participation=services.participation(event.id),
                        notes=[(table.label, note.text) for table, note in services.tables_with_notes(event.id)
                               if note is not None and note.text],
                        feedback=feedback, materials=services.materials(event.id))


def _time(item: AgendaItem) -> str:
    start = f"{local(item.starts_at):%H:%M}"
    return f"{start}–{local(item.ends_at):%H:%M}" if item.ends_at else start
