"""Badges and print documents from the current data: who gets a badge, their plain data, background jobs.

Routes and the worker call these; the PDFs themselves come from `render`, which knows no database.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import selectinload

from ..common.templating import event_period
from ..common.timing import local, utcnow
from ..events.models import AgendaItem as AgendaRow
from ..events.models import Event
from ..extensions import db
from ..kommunen.models import Kommune
from ..registrations.models import Attendance, BadgeRole, Registration, RegistrationState
from ..tables.services import Seating, plan_view, published_seats, seating_of
from . import render
from .layouts import Layout
from .models import PrintJob, PrintJobStatus

BADGE_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)  # only people who hold a place get a badge
# Dark enough for white text (contrast at least 4.5:1).
DEFAULT_BADGE_COLOURS = {
    BadgeRole.PARTICIPANT: "#1f5f8b",
    BadgeRole.SPEAKER: "#8a2b06",
    BadgeRole.TEAM: "#22543d",
    BadgeRole.EXHIBITOR: "#5b2a86",
    BadgeRole.VISITOR: "#7a4b00",
}
INLINE_LIMIT = 50  # more badges render in the worker: at about 14 ms a badge, no request blocks for a second
ORDERS = ("name", "kommune")


@dataclass(frozen=True)
class BadgeSelection:
    """Which confirmed registrations to print, and in which order."""

    states: tuple[str, ...] = BADGE_STATES
    kommune_id: int | None = None
    organisation_type: str | None = None
    role: str | None = None
    order: str = "name"
    # Online participants are not in the room: no badge and no line on the sign-in list unless asked for.
    with_online: bool = False


def gets_badge(registration: Registration) -> bool:
    return registration.state in BADGE_STATES and registration.attendance != Attendance.ONLINE


def badge_registrations(event: Event, selection: BadgeSelection) -> list[Registration]:
    states = [state for state in selection.states if state in BADGE_STATES] or list(BADGE_STATES)
    query = (select(Registration).where(Registration.event_id == event.id, Registration.state.in_(states))
             .outerjoin(Kommune, Kommune.id == Registration.kommune_id)
             .options(selectinload(Registration.kommune),
                      selectinload(Registration.organisation)))
    if not selection.with_online:
        query = query.where(Registration.attendance != Attendance.ONLINE)
    if selection.kommune_id:
        query = query.where(Registration.kommune_id == selection.kommune_id)
    if selection.organisation_type:
        query = query.where(Registration.organisation_type == selection.organisation_type)
    if selection.role:
        query = query.where(Registration.badge_role == selection.role)
    by_name = (func.lower(Registration.family_name), func.lower(Registration.given_name), Registration.id)
    if selection.order == "kommune":
        query = query.order_by(Kommune.name.is_(None), Kommune.name, *by_name)
    else:
        query = query.order_by(*by_name)
    return list(db.session.scalars(query))


def registrations_by_ids(ids: list[int]) -> list[Registration]:
    """The job's registrations in the order they were chosen; erased or cancelled ones since then drop out."""
    rows = db.session.scalars(
        select(Registration).where(Registration.id.in_(ids), Registration.state.in_(BADGE_STATES))
        .options(selectinload(Registration.kommune), selectinload(Registration.organisation))
    ).all()
    by_id = {row.id: row for row in rows}
    return [by_id[id_] for id_ in ids if id_ in by_id]


# --- plain data for the renderer ----------------------------------------------------------------------------

def labels() -> dict[str, str]:
    """Every word the print templates show, in the current language."""
    return {
        "badges": _("Namensschilder"), "participant_list": _("Teilnahmeliste"), "table_lists": _("Tischlisten"),
        "table_cards": _("Tischkarten"), "agenda": _("Programm"), "number": _("Nr."), "name": _("Name"),
        "organisation": _("Organisation"), "kommune": _("Kommune"), "photo": _("Fotos"), "signature": _("Unterschrift"),
        "table": _("Tisch"), "topic": _("Thema"), "host": _("Gastgeber:in"), "members": _("Am Tisch"),
        "time": _("Zeit"), "item": _("Programmpunkt"), "place": _("Ort"),
        "page_numbers": _("Seite {page} von {pages}"),
    }


def badge_event(event: Event, back: bool = True) -> render.BadgeEvent:
    network = event.network
    return render.BadgeEvent(
        title=event.title, date_text=event_period(event.starts_at, event.ends_at, event.all_day),
        network_name=network.name, logo=network.logo if network.logo_type else None,
        logo_type="svg" if network.logo_type == "image/svg+xml" else "png",
        back_text=back_text(event) if back else None, labels=labels(), lang=_current_language(),
    )


def back_text(event: Event) -> str | None:
    """What the back of a badge shows: the agenda, the coordinator's text (e.g. the Wi-Fi), or nothing."""
    if event.badge_back == "text":
        return event.badge_back_text.strip() or None
    if event.badge_back == "agenda":
        return "\n".join(f"{local(item.starts_at):%H:%M} {item.title}" for item in event.agenda_items) or None
    return None


def role_colour(event: Event, role: str) -> str:
    return (event.badge_colours or {}).get(role) or DEFAULT_BADGE_COLOURS.get(role, "#1f5f8b")


def badge_data(event: Event, registration: Registration, tables: dict[int, list[tuple[str, str]]] | None = None
               ) -> render.BadgeData:
    return render.BadgeData(  # as entered on the registration (registrations.services)
        name=registration.full_name, organisation=registration.organisation_label,
        kommune=registration.kommune.name if registration.kommune else "",
        function=registration.function,
        role_label=str(BadgeRole(registration.badge_role).label),
        role_colour=role_colour(event, registration.badge_role),
        checkin_code=registration.checkin_code, tables=(tables or {}).get(registration.id, ()),
        photo_mark=photo_consent_text(registration),
    )


def photo_consent_text(registration: Registration) -> str:
    """The photo consent in a word or two for badges and lists; nothing when it was not asked."""
    if registration.photo_consent is None:
        return ""
    return _("Fotos ja") if registration.photo_consent else _("keine Fotos")


def table_seats(registrations: Iterable[Registration]) -> dict[int, list[tuple[str, str]]]:
    """(round, table) per registration from the event's published table plan, if it has one."""
    seats = published_seats([registration.id for registration in registrations])
    return {rid: [(seat.round_label, seat.table_label) for seat in row] for rid, row in seats.items()}


def render_badges(event: Event, registrations: list[Registration], layout: Layout, sides: str = "front",
                  progress=None) -> bytes:
    back = sides != "front"
    seats = table_seats(registrations)
    data = [badge_data(event, registration, seats) for registration in registrations]
    return render.render_badges(badge_event(event, back), data, layout, progress, sides=sides)


def badge_filename(event: Event, registrations: list[Registration]) -> str:
    if len(registrations) == 1:
        return f"namensschild-{registrations[0].checkin_code}.pdf"
    return f"namensschilder-{event.id}.pdf"


def _current_language() -> str:
    return str(get_locale() or "de")


# --- print documents ----------------------------------------------------------------------------------------

def participant_list(event: Event) -> bytes:
    people = [render.ListPerson(registration.full_name,
                                registration.organisation_label,
                                registration.kommune.name if registration.kommune else "",
                                photo_consent_text(registration))
              for registration in badge_registrations(event, BadgeSelection())]
    return render.render_participant_list(badge_event(event, back=False), people, blank_rows=5)


def table_lists(event: Event) -> bytes:
    rounds = _table_rounds(seating_of(event))
    return render.render_table_lists(badge_event(event, back=False), rounds)


def table_cards(event: Event) -> bytes:
    return render.render_table_cards(badge_event(event, back=False), _table_cards(seating_of(event)))


def _table_rounds(seating: Seating) -> list[render.TableRound]:
    rounds = []
    for round_, tables in plan_view(seating, None):
        groups = []
        for table_view in tables:
            host = table_view.table.host
            members = [guest.full_name for guest, _conflicts in table_view.guests
                       if guest.id != table_view.table.host_registration_id]
            groups.append(render.TableGroup(table_view.table.label, table_view.topic,  # the template says "Tisch"
                                            host.full_name if host else "", members))
        rounds.append(render.TableRound(round_.label, groups))
    return rounds


def _table_cards(seating: Seating) -> list[render.TableCard]:
    if not any(table.topics for table in seating.tables):  # one card per table serves every round
        return [render.TableCard(table.label) for table in seating.tables]
    return [render.TableCard(table.label, table.topic(round_.id), round_.label)
            for round_ in seating.rounds for table in seating.tables]


def agenda_handout(event: Event) -> bytes:
    items = [render.AgendaItem(_agenda_time(item), item.title, item.speaker_names, item.room)
             for item in db.session.scalars(select(AgendaRow).where(AgendaRow.event_id == event.id)
                                            .options(selectinload(AgendaRow.speakers))
                                            .order_by(AgendaRow.starts_at, AgendaRow.id))]
    return render.render_agenda(badge_event(event, back=False), items)


def _agenda_time(item: AgendaRow) -> str:
    start = f"{local(item.starts_at):%H:%M}"
    return f"{start}–{local(item.ends_at):%H:%M}" if item.ends_at else start


# --- background jobs ----------------------------------------------------------------------------------------

def queue_job(event: Event, registrations: list[Registration], layout: Layout, sides: str, user,
              locale: str) -> PrintJob:
    job = PrintJob(event_id=event.id, requested_by_id=user.id if user else None, total=len(registrations),
                   locale=locale, filename=badge_filename(event, registrations),
                   options={"registration_ids": [registration.id for registration in registrations],
                            "layout": layout_options(layout), "sides": sides})
    db.session.add(job)
    db.session.flush()
    return job


def layout_options(layout: Layout) -> dict:
    return {name: getattr(layout, name) for name in Layout.__dataclass_fields__}


# A running job writes its progress as chunks finish (seconds apart): one untouched this long lost its worker (killed
# by a deploy, out of memory) and is taken again, at most MAX_ATTEMPTS times, so a job that kills every worker that
# renders it fails instead of going round for ever.
STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3


def claim_next_job() -> PrintJob | None:
    """The oldest queued job (or one whose worker died), marked running and committed; several workers never take
    the same one.

    The claim is one conditional UPDATE (`WHERE id = … AND <still claimable>`): its row count says whether the
    job is ours, on SQLite (which has no row locks) as on PostgreSQL."""
    give_up_abandoned_jobs()
    while True:
        now = utcnow()
        candidates = db.session.scalars(select(PrintJob.id).where(_claimable(now))
                                        .order_by(PrintJob.id).limit(10)).all()
        db.session.commit()
        if not candidates:
            return None
        for job_id in candidates:
            now = utcnow()
            claimed = db.session.execute(
                update(PrintJob).where(PrintJob.id == job_id, _claimable(now))
                .values(status=PrintJobStatus.RUNNING, started_at=now, updated_at=now, done=0,
                        attempts=PrintJob.attempts + 1)
                .execution_options(synchronize_session=False)
            ).rowcount
            db.session.commit()
            if claimed == 1:
                return db.session.get(PrintJob, job_id, populate_existing=True)


def _claimable(now):
    abandoned = and_(PrintJob.status == PrintJobStatus.RUNNING, PrintJob.updated_at < now - STALE_AFTER,
                     PrintJob.attempts < MAX_ATTEMPTS)
    return or_(PrintJob.status == PrintJobStatus.QUEUED, abandoned)


def give_up_abandoned_jobs() -> int:
    """Jobs whose worker died on each of their MAX_ATTEMPTS tries: failed, so the page stops waiting."""
    now = utcnow()
    given_up = db.session.execute(
        update(PrintJob).where(PrintJob.status == PrintJobStatus.RUNNING, PrintJob.updated_at < now - STALE_AFTER,
                               PrintJob.attempts >= MAX_ATTEMPTS)
        .values(status=PrintJobStatus.FAILED, finished_at=now, updated_at=now,
                error=f"the worker stopped while rendering, {MAX_ATTEMPTS} times")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return given_up


# Other documents printed as jobs: options["kind"] -> renderer(job, progress) giving (pdf, pages done). Features
# above badges (certificates) register theirs in their init_app, with how the job's pages are counted
# (n -> "100 Bescheinigungen").
_job_renderers: dict[str, Callable] = {}
_job_sizes: dict[str, Callable[[int], str]] = {}


def render_jobs_of_kind(kind: str, renderer: Callable, size: Callable[[int], str]) -> None:
    _job_renderers[kind], _job_sizes[kind] = renderer, size


def job_size(job: PrintJob) -> str:
    """What the job prints, counted: "120 Schilder", "100 Bescheinigungen"."""
    size = _job_sizes.get(job.options.get("kind"))
    return size(job.total) if size else ngettext("%(num)d Schild", "%(num)d Schilder", job.total)


def run_job(job: PrintJob) -> None:
    """Render the job's badges, writing progress as chunks finish (each in its own commit, so the page sees it)."""
    def progress(done: int, total: int) -> None:
        job.done = done
        db.session.commit()

    try:
        with force_locale(job.locale):
            if kind := job.options.get("kind"):
                pdf, count = _job_renderers[kind](job, progress)
            else:
                registrations = registrations_by_ids(job.options["registration_ids"])
                layout = Layout(**job.options["layout"])
                pdf = render_badges(job.event, registrations, layout, job.options.get("sides", "front"), progress)
                count = len(registrations)
        job.pdf, job.total, job.done, job.status = pdf, count, count, PrintJobStatus.DONE
    except Exception as error:  # the job records why; the worker goes on with the next one
        db.session.rollback()
        job.status, job.error = PrintJobStatus.FAILED, str(error)[:2000]
    job.finished_at = utcnow()
    db.session.commit()


def run_queued_jobs(limit: int | None = None) -> int:
    ran = 0
    while limit is None or ran < limit:
        job = claim_next_job()
        if job is None:
            break
        run_job(job)
        ran += 1
    return ran


def save_settings(event: Event, data: dict) -> None:
    event.badge_back = data["back"]
    event.badge_back_text = (data.get("back_text") or "").strip()
    event.badge_colours = {role: data[f"colour_{role}"].lower() for role in BadgeRole}
    db.session.flush()
