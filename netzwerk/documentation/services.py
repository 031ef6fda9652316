"""An event's documentation: materials, table-group notes, and what the archive page and the PDF show."""
import secrets
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..common.secret_links import row_by_token
from ..common.text import clean_line
from ..common.timing import DOUBLE_CLICK_WINDOW, utcnow
from ..common.tokens import hash_token
from ..extensions import db
from ..kommunen.models import Kommune
from ..registrations.models import Registration, RegistrationState
from ..tables.models import GroupTable
from .files import CheckedFile
from .models import Material, MaterialKind, TableNote, Visibility

# Who may open participants-only materials by their private link.
PARTICIPANT_STATES = (RegistrationState.CONFIRMED, RegistrationState.ATTENDED)


def materials(event_id: int, public_only: bool = False) -> list[Material]:
    stmt = select(Material).where(Material.event_id == event_id).order_by(Material.created_at, Material.id)
    if public_only:
        stmt = stmt.where(Material.visibility == Visibility.PUBLIC)
    return list(db.session.scalars(stmt))


def just_added(event, title: str, checked: CheckedFile | None = None, url: str = "") -> Material | None:
    """The same material (title and file content, or title and link) added to the event in the last minutes."""
    stmt = select(Material).where(Material.event_id == event.id, Material.title == title,
                                  Material.created_at >= utcnow() - DOUBLE_CLICK_WINDOW)
    if checked is not None:
        stmt = stmt.where(Material.kind == MaterialKind.FILE, Material.size == len(checked.data))
        return next((material for material in db.session.scalars(stmt) if material.data == checked.data), None)
    return db.session.scalars(stmt.where(Material.kind == MaterialKind.LINK, Material.url == url)).first()


def add_file(event, title: str, checked: CheckedFile, visibility: str) -> Material:
    material = Material(event_id=event.id, kind=MaterialKind.FILE, title=title, visibility=_visibility(visibility),
                        filename=f"{_file_stem(title)}.{checked.extension}", media_type=checked.media_type,
                        size=len(checked.data), data=checked.data)
    db.session.add(material)
    db.session.flush()
    return material


def add_link(event, title: str, url: str, visibility: str) -> Material:
    material = Material(event_id=event.id, kind=MaterialKind.LINK, title=title, url=url, visibility=_visibility(visibility))
    db.session.add(material)
    db.session.flush()
    return material


def _visibility(value: str) -> Visibility:
    return Visibility.PARTICIPANTS if value == Visibility.PARTICIPANTS else Visibility.PUBLIC


def _file_stem(title: str) -> str:
    """A safe download name from the title: letters, digits and dashes only."""
    stem = "".join(char if char.isalnum() else "-" for char in clean_line(title).lower())
    return "-".join(part for part in stem.split("-") if part)[:60] or "material"


def may_open(material: Material, registration: Registration | None) -> bool:
    """Public materials for everyone; participants-only ones for a registration of that very event."""
    if material.visibility == Visibility.PUBLIC:
        return True
    return (registration is not None and registration.event_id == material.event_id
            and registration.state in PARTICIPANT_STATES)


# -- table-group notes ------------------------------------------------------------------------------------------

def tables_with_notes(event_id: int) -> list[tuple[GroupTable, TableNote | None]]:
    tables = db.session.scalars(select(GroupTable).where(GroupTable.event_id == event_id)
                                .options(selectinload(GroupTable.host))
                                .order_by(func.length(GroupTable.label), GroupTable.label)).all()
    notes = {note.table_id: note for note in db.session.scalars(select(TableNote)
                                                                 .where(TableNote.event_id == event_id))}
    return [(table, notes.get(table.id)) for table in tables]


def note_of(table: GroupTable) -> TableNote:
    note = db.session.scalar(select(TableNote).where(TableNote.table_id == table.id))
    if note is None:
        note = TableNote(event_id=table.event_id, table_id=table.id, text="")
        db.session.add(note)
        db.session.flush()
    return note


def issue_note_link(table: GroupTable) -> str:
    """A fresh private link for the table's host (the previous one stops working); only its SHA-256 is kept."""
    token = secrets.token_urlsafe(32)
    note_of(table).token_hash = hash_token(token)
    db.session.flush()
    return token


def note_by_token(token: str) -> TableNote | None:
    return row_by_token(TableNote, token, options=[selectinload(TableNote.table)])


def save_note(note: TableNote, text: str) -> None:
    note.text = text.strip()
    db.session.flush()


# -- participation -----------------------------------------------------------------------------------------------

@dataclass
class Participation:
    counted: str  # ATTENDED when anyone was checked in, else RegistrationState.CONFIRMED
    total: int
    by_kommune: list[tuple[str, int]]
    by_type: list[tuple[str, int]]


def participation(event_id: int) -> Participation:
    """Who came, by Kommune and organisation type; from anonymised registrations too (they keep both)."""
    rows = db.session.execute(
        select(Registration.state, Kommune.name, Registration.organisation_type, func.count())
        .outerjoin(Kommune, Kommune.id == Registration.kommune_id)
        .where(Registration.event_id == event_id, Registration.state.in_(PARTICIPANT_STATES))
        .group_by(Registration.state, Kommune.name, Registration.organisation_type)
    ).all()
    attended = any(state == RegistrationState.ATTENDED for state, *_ in rows)
    counted = RegistrationState.ATTENDED if attended else RegistrationState.CONFIRMED
    kommunen, types = Counter(), Counter()
    for state, kommune, organisation_type, count in rows:
        if state == counted:
            kommunen[kommune or "–"] += count
            types[organisation_type or "–"] += count
    return Participation(counted, sum(kommunen.values()), sorted(kommunen.items(), key=lambda kv: (-kv[1], kv[0])),
                         sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))


# -- what other pages show -----------------------------------------------------------------------------------------

def archive(event) -> dict:
    """The public page's section: all materials (participants-only ones only named) and the notes."""
    return {"materials": materials(event.id),
            "notes": [(table.label, note.text) for table, note in tables_with_notes(event.id) if note and note.text]}


def participant_materials(registration_ids: list[int]) -> dict[int, list[Material]]:
    """For the self-service page: every material of the registration's event, when it may open them."""
    rows = db.session.execute(
        select(Registration.id, Material).join(Material, Material.event_id == Registration.event_id)
        .where(Registration.id.in_(registration_ids), Registration.state.in_(PARTICIPANT_STATES))
        .order_by(Material.created_at, Material.id)
    ).all()
    found: dict[int, list[Material]] = {}
    for registration_id, material in rows:
        found.setdefault(registration_id, []).append(material)
    return found
