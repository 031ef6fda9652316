"""The floor plan in the app: hall, booth types, booths and the background image; the plan's drawing data."""
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..common.uploads import ImageRules, checked_image
from ..extensions import db
from .booking import BoothRefused, set_booth_status
from .floorplan import PlanBooth, PlanLabels
from .models import Booth, BoothStatus, BoothType, Exhibitor, ExhibitorState, Fair

MAX_BACKGROUND_BYTES = 2 * 1024 * 1024
BACKGROUND = ImageRules(
    max_bytes=MAX_BACKGROUND_BYTES,
    too_large=lambda size: _l("Der Hallenplan ist %(size)d KB groß; erlaubt sind höchstens 2 MB.", size=size),
    wrong_kind=_l("Bitte laden Sie den Hallenplan als PNG- oder SVG-Datei hoch."),
    too_many_pixels=_l("Der Hallenplan ist zu groß (höchstens 6000 × 6000 Pixel)."),
    max_pixels=6000,
)


def checked_background(data: bytes) -> tuple[bytes, str]:
    """(bytes, media type) of an acceptable hall plan, or common.uploads.UploadRefused."""
    return checked_image(data, BACKGROUND)


def booth_types(event_id: int) -> list[BoothType]:
    return db.session.scalars(select(BoothType).where(BoothType.event_id == event_id)
                              .order_by(BoothType.width * BoothType.depth, BoothType.name)).all()


def booths(event_id: int) -> list[Booth]:
    """The fair's booths with their type and holder, in number order (2 before 10)."""
    return db.session.scalars(select(Booth).where(Booth.event_id == event_id)
                              .options(selectinload(Booth.booth_type), selectinload(Booth.exhibitor))
                              .order_by(func.length(Booth.number), Booth.number)).all()


def save_hall(fair: Fair, data: dict) -> None:
    fair.hall_width, fair.hall_depth = data["hall_width"], data["hall_depth"]
    fair.booking_deadline = data.get("booking_deadline")
    if data.get("background"):
        fair.background, fair.background_type = data["background"]
    elif data.get("remove_background"):
        fair.background, fair.background_type = None, ""
    db.session.flush()


def save_booth_type(event_id: int, booth_type: BoothType | None, data: dict) -> BoothType:
    booth_type = booth_type or BoothType(event_id=event_id)
    booth_type.name = data["name"].strip()
    booth_type.width, booth_type.depth = data["width"], data["depth"]
    booth_type.has_power, booth_type.staff_badges = bool(data["has_power"]), data["staff_badges"]
    db.session.add(booth_type)
    db.session.flush()
    return booth_type


def delete_booth_type(booth_type: BoothType) -> None:
    """Booths and bookings of this type keep their place and lose the type."""
    db.session.delete(booth_type)
    db.session.flush()


def save_booth(event_id: int, booth: Booth | None, data: dict) -> Booth:
    """A new or changed booth; its size comes from its type unless given."""
    booth = booth or Booth(event_id=event_id, status=BoothStatus.FREE)
    booth_type = db.session.get(BoothType, data["booth_type_id"]) if data.get("booth_type_id") else None
    booth.number = data["number"].strip()
    booth.x, booth.y = data["x"], data["y"]
    booth.width = data.get("width") or (booth_type.width if booth_type else 2)
    booth.depth = data.get("depth") or (booth_type.depth if booth_type else 2)
    booth.booth_type_id = booth_type.id if booth_type else None
    db.session.add(booth)
    db.session.flush()
    status = data.get("status")
    if status and status != booth.status and booth.exhibitor is None:
        set_booth_status(booth, status)
    elif status and status != booth.status:
        raise BoothRefused(_("Stand %(number)s ist an %(company)s vergeben; sein Status folgt dem Aussteller.",
                             number=booth.number, company=booth.exhibitor.company))
    return booth


def delete_booth(booth: Booth) -> None:
    if booth.exhibitor is not None:
        raise BoothRefused(_("Stand %(number)s ist an %(company)s vergeben; lösen Sie zuerst die Zuordnung.",
                             number=booth.number, company=booth.exhibitor.company))
    db.session.delete(booth)
    db.session.flush()


# --- drawing ----------------------------------------------------------------------------------------------

def plan_labels(title: str, description: str = "", highlighted: str = "") -> PlanLabels:
    return PlanLabels(title=title, description=description,
                      statuses={status.value: str(status.label) for status in BoothStatus},
                      highlighted=highlighted)


def plan_booths(booth_rows: list[Booth], *, public: bool = False, highlight_id: int | None = None,
                link: Callable[[Exhibitor], str | None] | None = None) -> list[PlanBooth]:
    """Drawing data for the booths. public: only confirmed Aussteller are named and linked; every other booth
    is shown without a name (free, taken or blocked, as it is)."""
    drawn = []
    for booth in booth_rows:
        holder = booth.exhibitor
        named = holder is not None and (not public or holder.state == ExhibitorState.CONFIRMED)
        status = booth.status
        if public and holder is not None and not named:
            status = BoothStatus.RESERVED
        name, word = _("Stand %(number)s", number=booth.number), BoothStatus.label_of(status)
        title = f"{name}: {holder.company} ({word})" if named else f"{name} ({word})"
        drawn.append(PlanBooth(
            number=booth.number, x=booth.x, y=booth.y, width=booth.width, depth=booth.depth, status=status,
            label=holder.company if named else "", title=title,
            href=link(holder) if named and link else None, highlighted=booth.id == highlight_id,
        ))
    return drawn
