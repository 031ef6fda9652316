"""Teilnahmebescheinigungen: a certificate of attendance per checked-in participant, each page in the person's
language, rendered by the print machinery (badges.documents.render_print) as HTML text, so that Arabic and
Persian are shaped."""
import base64
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale, format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..badges.documents import render_print
from ..badges.models import PrintJob
from ..badges.pdf import BadgeEvent
from ..badges.services import labels
from ..common.i18n import text_direction
from ..common.templating import event_period
from ..common.timing import local, utcnow
from ..common.translations import text_in
from ..events.models import AgendaItem, Event
from ..extensions import db
from ..registrations.models import Attendance, Registration, RegistrationState

INLINE_LIMIT = 50  # more certificates go to the print worker, as badges do


@dataclass(frozen=True)
class Certificate:
    """One page, every word already in the person's language."""

    lang: str
    direction: str
    heading: str
    statement: str
    name: str
    event_title: str
    when: str
    duration: str
    place: str
    agenda_heading: str
    agenda: tuple[tuple[str, str], ...]
    issued: str
    signatory: str
    network_name: str


def attendees(event: Event) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.state == RegistrationState.ATTENDED)
        .order_by(Registration.family_name, Registration.given_name, Registration.id)
    ))


def gets_certificate(registration: Registration) -> bool:
    return registration.state == RegistrationState.ATTENDED and bool(registration.full_name)


def _agenda(event: Event) -> list[AgendaItem]:
    return list(db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == event.id)
                                   .options(selectinload(AgendaItem.speakers))
                                   .order_by(AgendaItem.starts_at, AgendaItem.id)))


def _duration_hours(event: Event) -> float:
    return round((event.ends_at - event.starts_at).total_seconds() / 3600 * 2) / 2  # to the half hour


def certificate_for(event: Event, registration: Registration, agenda: list[AgendaItem]) -> Certificate:
    """The page in the registration's language (force_locale), everything as text."""
    locale = registration.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        title = text_in(event, "title").plain
        hours = _duration_hours(event)
        return Certificate(
            lang=locale, direction=text_direction(locale),
            heading=_("Teilnahmebescheinigung"),
            statement=_("hat an der folgenden Veranstaltung teilgenommen:"),
            name=registration.full_name, event_title=title,
            when=event_period(event.starts_at, event.ends_at, event.all_day),
            duration=_("Dauer: 1 Stunde") if hours == 1 else _("Dauer: %(hours)s Stunden", hours=format_decimal(hours)),
            place=_("Online (Videokonferenz)") if registration.attendance == Attendance.ONLINE else
            ", ".join(part for part in (event.venue_name, event.venue_address.replace("\n", ", ")) if part),
            agenda_heading=_("Programm"),
            agenda=tuple((f"{local(item.starts_at):%H:%M}", text_in(item, "title").plain) for item in agenda),
            issued=_("Ausgestellt am %(date)s", date=format_date(local(utcnow()).date(), "long")),
            signatory=event.network.signatory, network_name=event.network.name,
        )


def _image_uri(data: bytes | None, media_type: str) -> str:
    if not data or not media_type:
        return ""
    return f"data:{media_type};base64," + base64.b64encode(data).decode("ascii")


def render_certificates(event: Event, registrations: list[Registration],
                        progress: Callable[[int, int], None] | None = None) -> bytes:
    """One PDF, a page per person (in their language), with the network's logo and signature."""
    agenda = _agenda(event)
    pages = [certificate_for(event, registration, agenda) for registration in registrations]
    network = event.network
    head = BadgeEvent(title=event.title, network_name=network.name, labels=labels(),
                      lang=pages[0].lang if len(pages) == 1 else "de")
    pdf = render_print("certificate.html", head, pages[0].heading if len(pages) == 1 else _("Teilnahmebescheinigungen"),
                       pages=pages, logo=_image_uri(network.logo, network.logo_type),
                       signature=_image_uri(network.signature, network.signature_type))
    if progress:
        progress(len(pages), len(pages))
    return pdf


def certificate_filename(event: Event, registrations: list[Registration]) -> str:
    if len(registrations) == 1:
        return f"teilnahmebescheinigung-{event.id}.pdf"
    return f"teilnahmebescheinigungen-{event.id}.pdf"


def queue_certificates(event: Event, registrations: list[Registration], user, locale: str):
    job = PrintJob(event_id=event.id, requested_by_id=user.id if user else None, total=len(registrations),
                   locale=locale, filename=certificate_filename(event, registrations),
                   options={"kind": "certificates", "registration_ids": [r.id for r in registrations]})
    db.session.add(job)
    db.session.flush()
    return job


def run_certificate_job(job, progress) -> tuple[bytes, int]:
    """The print worker's renderer for options["kind"] == "certificates"; erased people have dropped out."""
    ids = job.options["registration_ids"]
    rows = {row.id: row for row in db.session.scalars(
        select(Registration).where(Registration.id.in_(ids), Registration.state == RegistrationState.ATTENDED))}
    registrations = [rows[id_] for id_ in ids if id_ in rows and gets_certificate(rows[id_])]
    if not registrations:
        raise ValueError("no checked-in participant left")
    return render_certificates(job.event, registrations, progress), len(registrations)

