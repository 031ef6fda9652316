"""The coordinator's side of registrations: list queries, bulk actions, adding and editing by hand, export and
import rows. Services flush; the request commits once."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from ..common.templating import vocabulary_label
from ..common.timing import local, utcnow
from ..events.models import Event, EventFormat
from ..extensions import db
from ..organisations.models import OrganisationType
from ..people.services import person_list
from .capacity import places_by_mode
from .importer import ImportRow, KommuneOption
from .models import HOLDS_PLACE, Question, Registration, RegistrationState
from .selfservice import event_questions, network_choices
from .services import Outcome, approve, cancel, move_to_waitlist, register, reissue_link

BULK_ACTIONS = ("approve", "cancel", "waitlist", "resend", "attend")


class NotStartedYet(Exception):
    """Attendance is recorded from the event's start on (an online meeting has no door to check in at)."""


def registration_list(event_id: int, query: str = "", state: str | None = None, kommune_id: int | None = None,
                      organisation_type: str | None = None, attendance: str | None = None) -> Select:
    """The event's registrations for the list page, with what each row shows preloaded."""
    stmt = (
        select(Registration).where(Registration.event_id == event_id)
        .options(selectinload(Registration.kommune), selectinload(Registration.organisation),
                 selectinload(Registration.person))
        .order_by(Registration.created_at, Registration.id)
    )
    if query:
        pattern = f"%{query}%"
        stmt = stmt.where(or_(
            Registration.given_name.ilike(pattern), Registration.family_name.ilike(pattern),
            Registration.email.ilike(pattern),
            (Registration.given_name + " " + Registration.family_name).ilike(pattern),
        ))
    if state:
        stmt = stmt.where(Registration.state == state)
    if kommune_id:
        stmt = stmt.where(Registration.kommune_id == kommune_id)
    if organisation_type:
        stmt = stmt.where(Registration.organisation_type == organisation_type)
    if attendance:
        stmt = stmt.where(Registration.attendance == attendance)
    return stmt


def registration_of(event: Event, registration_id: int) -> Registration | None:
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and registration.event_id == event.id else None


def capacity_gauges(event: Event, counts: dict[str, int]) -> list[dict]:
    """Places held (confirmed + attended) against the limit (None: unlimited), one gauge per mode the event offers:
    on site and online at a hybrid event."""
    held = sum(counts.get(state, 0) for state in HOLDS_PLACE)
    taken = places_by_mode(event.id) if event.is_hybrid else {event.modes[0]: held}
    return [{"mode": mode, "taken": taken.get(mode, 0), "capacity": event.capacity_for(mode)} for mode in event.modes]


@dataclass
class BulkResult:
    done: int = 0
    skipped: int = 0
    moved_up: list[Registration] = field(default_factory=list)
    # Approving: who got a place, and who went to the waiting list because the event is full.
    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)


def bulk_action(event: Event, registration_ids: list[int], action: str, user=None) -> BulkResult:
    """Apply one action to the selected registrations of this event; those it does not fit are skipped."""
    if action not in BULK_ACTIONS:
        raise ValueError(action)
    if action == "attend" and event.starts_at > utcnow():
        raise NotStartedYet
    selected = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.id.in_(registration_ids))
        .order_by(Registration.created_at, Registration.id)
    ).all() if registration_ids else []
    result = BulkResult(skipped=len(set(registration_ids)) - len(selected))
    for registration in selected:
        if action == "approve" and registration.state == RegistrationState.PENDING:
            approve(registration)
            (result.confirmed if registration.state in HOLDS_PLACE else result.waitlisted).append(registration)
        elif action == "cancel" and registration.state != RegistrationState.CANCELLED:
            result.moved_up += cancel(registration)
        elif action == "waitlist" and registration.state not in (RegistrationState.WAITLISTED, RegistrationState.CANCELLED):
            result.moved_up += move_to_waitlist(registration)
        elif action == "resend" and registration.state != RegistrationState.CANCELLED and registration.email:
            reissue_link(registration)
        elif action == "attend" and registration.state == RegistrationState.CONFIRMED:
            # Those who joined online, or came without passing the desk: as if checked in by this coordinator.
            registration.state, registration.attended_at = RegistrationState.ATTENDED, utcnow()
            registration.checked_in_by_id = user.id if user is not None else None
        else:
            result.skipped += 1
            continue
        result.done += 1
    return result


def not_cancelled(event: Event, registration_ids: list[int]) -> list[Registration]:
    """The selected registrations of this event that a cancellation would still change, in arrival order."""
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.id.in_(registration_ids),
        Registration.state != RegistrationState.CANCELLED).order_by(Registration.created_at, Registration.id)))


def add_by_hand(event: Event, data: dict, notify: bool = True) -> Outcome:
    """A coordinator registers someone, telling them by mail or not."""
    return register(event.id, data, locale=data.get("locale") or "de", by_coordinator=True, notify=notify)


CONTACTS_SHOWN = 20


def contacts_matching(user, event: Event, query: str) -> list:
    """The network's people whose name, address or function matches, for "Person anmelden" to pick from."""
    return db.session.scalars(person_list(user, query=query, network_id=event.network_id).limit(CONTACTS_SHOWN)).all()


def contact_details(person, kommunen) -> dict:
    """A stored person as the form's first values; the Kommune is their organisation's, if it is in the network."""
    organisation = person.organisation
    kommune_id = organisation.kommune_id if organisation is not None else None
    return dict(given_name=person.given_name, family_name=person.family_name, email=person.email,
                function=person.function, organisation_id=person.organisation_id,
                kommune_id=kommune_id if kommune_id in {kommune.id for kommune in kommunen} else None)


def active_registration_exists(event_id: int, email: str) -> bool:
    return db.session.scalar(select(func.count()).where(
        Registration.event_id == event_id, Registration.email == email.strip().lower(),
        Registration.state != RegistrationState.CANCELLED)) > 0


def update_registration(registration: Registration, data: dict, questions: list[Question]) -> None:
    """Names, Kommune, internal notes and answers (multiple choice as a list)."""
    registration.given_name = data["given_name"].strip()
    registration.family_name = data["family_name"].strip()
    registration.kommune_id = data.get("kommune_id")
    registration.notes = (data.get("notes") or "").strip()
    registration.badge_role = data.get("badge_role") or registration.badge_role
    answers = dict(registration.answers or {})
    for question in questions:
        value = data.get(answer_field(question))
        value = value.strip() if isinstance(value, str) else value
        if value:
            answers[str(question.id)] = value
        else:
            answers.pop(str(question.id), None)
    registration.answers = answers  # a new dict, so the JSON column is seen as changed
    db.session.flush()


def answer_field(question: Question) -> str:
    return f"answer_{question.id}"


def export_table(event: Event, filters: dict | None = None) -> tuple[list[str], list[list]]:
    """Header and rows for export.to_csv / to_xlsx: the registrations the list shows with these filters, one column
    per question, times in Europe/Berlin."""
    questions = event_questions(event.id)
    registrations = db.session.scalars(registration_list(event.id, **(filters or {}))).all()
    header = [_("Status"), _("Vorname"), _("Nachname"), _("E-Mail"), _("Funktion"), _("Organisation"),
              _("Organisationsart"), _("Kommune"), _("Angemeldet am")]
    modes = event.format != EventFormat.ONSITE  # how each takes part: on site or online
    header += [_("Teilnahme")] if modes else []
    header += [question.label for question in questions]
    header += [_("Fotos"), _("Barrierefreiheit"), _("Ernährung"), _("Themenwünsche"), _("Notizen")]
    photo_consent = {True: _("Ja"), False: _("Nein")}  # no answer stays empty
    rows = []
    for registration in registrations:
        row = [
            vocabulary_label(registration.state, "registration_state"), registration.given_name,
            registration.family_name, registration.email or "", registration.function, registration.organisation_label,
            registration.organisation_type, registration.kommune.name if registration.kommune else "",
            local(registration.created_at).replace(tzinfo=None),
        ]
        row += [vocabulary_label(registration.attendance, "attendance")] if modes else []
        row += [(registration.answers or {}).get(str(question.id), "") for question in questions]
        row += [photo_consent.get(registration.photo_consent, ""), registration.accessibility_needs,
                registration.dietary_needs, list(registration.topic_preferences or []), registration.notes]
        rows.append(row)
    return header, rows


def kommune_options(network_id: int) -> list[KommuneOption]:
    """The network's current member Kommunen, as the importer matches names against them."""
    return [KommuneOption(kommune.id, kommune.name, kommune.bundesland) for kommune in network_choices(network_id)[1]]


ORGANISATION_TYPE_NAMES = set(OrganisationType)


@dataclass
class ImportResult:
    imported: int = 0
    skipped: int = 0


def import_rows(event: Event, rows: list[ImportRow], notify: bool = True) -> ImportResult:
    """Register every row by hand; people already registered (and not cancelled) are skipped and counted."""
    result = ImportResult()
    taken = set(db.session.scalars(select(Registration.email).where(
        Registration.event_id == event.id, Registration.state != RegistrationState.CANCELLED)))
    for row in rows:
        if row.email in taken:
            result.skipped += 1
            continue
        add_by_hand(event, {
            "given_name": row.given_name, "family_name": row.family_name, "email": row.email,
            "function": row.function, "new_organisation": row.organisation,
            "organisation_type": row.organisation_type or OrganisationType.SONSTIGE, "kommune_id": row.kommune_id,
        }, notify=notify)
        taken.add(row.email)
        result.imported += 1
    return result
