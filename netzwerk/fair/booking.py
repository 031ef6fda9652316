"""Aussteller book, change and cancel through their private link; coordinators confirm, waitlist, cancel and
place them on booths. Services flush; the request commits once.

No booth is ever held twice: whoever gives a booth to an Aussteller first locks the booth's row
(services.lock_row), checks that it is still free and takes it within the same transaction; the unique
exhibitor.booth_id is the last guard.
"""
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError

from ..common.timing import utcnow
from ..common.translations import text_in, translations_from
from ..extensions import db
from ..mail.links import LINK_PLACEHOLDER, seal
from ..mail.models import OutboxMail
from ..mail.render import external_url
from .models import OFFER_TRANSLATED, Booth, BoothStatus, Exhibitor, ExhibitorState, Fair, GermanLevel, Interview, Offer
from .placement import Applicant, BoothSpot, assign_booths
from .services import booking_closes_at, fair_of, hash_token, lock_row, matches, new_token

HOLDS_BOOTH = (ExhibitorState.REQUESTED, ExhibitorState.CONFIRMED)  # waitlisted and cancelled Aussteller give their booth back
DETAIL_FIELDS = ("company", "contact_name", "email", "phone", "sector", "company_size", "booth_type_id",
                 "staff_count", "needs_power", "needs_table", "remarks")
TEXT_FIELDS = {"company", "contact_name", "email", "phone", "sector", "company_size", "remarks"}


class BoothRefused(ValueError):
    """The booth cannot go to this Aussteller; the message says why."""


@dataclass
class Booking:
    exhibitor: Exhibitor
    token: str
    got_preferred_booth: bool


# --- the Aussteller's side ----------------------------------------------------------------------------------

def book(fair: Fair, data: dict, locale: str = "de") -> Booking:
    """A new booking (state requested); the preferred booth is held for it at once if it is still free."""
    if data.get("preferred_booth_id"):
        lock_row(Booth, data["preferred_booth_id"])  # before the first flush (see services.lock_row)
    token, token_hash = new_token()
    exhibitor = Exhibitor(event_id=fair.event_id, state=ExhibitorState.REQUESTED, token_hash=token_hash, locale=locale,
                          staff_names=[], interviewers=1)
    _apply_details(exhibitor, data)
    exhibitor.email = exhibitor.email.strip().lower()
    exhibitor.preferred_booth_id = data.get("preferred_booth_id")
    exhibitor.offers = [_offer(offer, position) for position, offer in enumerate(data.get("offers") or [])]
    db.session.add(exhibitor)
    db.session.flush()
    got_booth = False
    if exhibitor.preferred_booth_id:
        try:
            assign_booth(exhibitor, exhibitor.preferred_booth_id)
            got_booth = True
        except BoothRefused:
            pass  # the preference stays for the coordinators; someone was quicker
    queue_exhibitor_mail(exhibitor, "booked", token)
    return Booking(exhibitor, token, got_booth)


def find_by_token(token: str) -> Exhibitor | None:
    """The Aussteller the management link belongs to; the stored hash is compared in constant time."""
    if not token or len(token) > 100:
        return None
    exhibitor = db.session.scalar(select(Exhibitor).where(Exhibitor.token_hash == hash_token(token)))
    return exhibitor if exhibitor is not None and matches(exhibitor.token_hash, token) else None


def update_booking(exhibitor: Exhibitor, data: dict) -> None:
    """Details, offers and staff names as the management form sends them (offers replaced in order)."""
    _apply_details(exhibitor, data)
    exhibitor.staff_names = list(data.get("staff_names") or [])
    exhibitor.offers = [_offer(offer, position) for position, offer in enumerate(data.get("offers") or [])]
    db.session.flush()


def set_interview_capacity(exhibitor: Exhibitor, interviewers: int, available_slots: list[int] | None) -> None:
    exhibitor.interviewers = interviewers
    exhibitor.available_slots = sorted(set(available_slots)) if available_slots is not None else None
    db.session.flush()


def _apply_details(exhibitor: Exhibitor, data: dict) -> None:
    for name in DETAIL_FIELDS:
        if name in data:
            value = data[name]
            setattr(exhibitor, name, (value or "").strip() if name in TEXT_FIELDS else value)
    if "staff_names" in data:
        exhibitor.staff_names = [name.strip() for name in data["staff_names"] if name.strip()]


def _offer(data: dict, position: int) -> Offer:
    return Offer(position=position, kind=data["kind"], title=data["title"].strip(),
                 description=(data.get("description") or "").strip(), place=(data.get("place") or "").strip(),
                 german_level=data.get("german_level") or GermanLevel.NONE,
                 translations=translations_from(data, OFFER_TRANSLATED))


# --- states -------------------------------------------------------------------------------------------------

def confirm(exhibitor: Exhibitor) -> None:
    exhibitor.state, exhibitor.confirmed_at = ExhibitorState.CONFIRMED, utcnow()
    if exhibitor.booth is not None:
        exhibitor.booth.status = BoothStatus.CONFIRMED
    db.session.flush()
    queue_exhibitor_mail(exhibitor, "confirmed")


def waitlist(exhibitor: Exhibitor) -> None:
    exhibitor.state, exhibitor.waitlisted_at = ExhibitorState.WAITLISTED, utcnow()
    release_booth(exhibitor)
    queue_exhibitor_mail(exhibitor, "waitlisted")


def cancel(exhibitor: Exhibitor) -> None:
    """Cancelled: the booth is free again and its interviews are off."""
    exhibitor.state, exhibitor.cancelled_at = ExhibitorState.CANCELLED, utcnow()
    release_booth(exhibitor)
    db.session.execute(delete(Interview).where(Interview.exhibitor_id == exhibitor.id))
    queue_exhibitor_mail(exhibitor, "cancelled")


def reissue_link(exhibitor: Exhibitor) -> str:
    """A new management link; the old one stops working at once."""
    token, exhibitor.token_hash = new_token()
    db.session.flush()
    queue_exhibitor_mail(exhibitor, "link", token)
    return token


# --- booths -------------------------------------------------------------------------------------------------

def assign_booth(exhibitor: Exhibitor, booth_id: int) -> Booth:
    """Give the booth to the Aussteller (moving it from its previous one); BoothRefused when the booth is
    taken, blocked, of another fair, or the Aussteller is not waiting for a booth."""
    if exhibitor.state not in HOLDS_BOOTH:
        raise BoothRefused(_("Nur angefragte oder bestätigte Aussteller bekommen einen Stand."))
    booth = lock_row(Booth, booth_id)
    if booth is None or booth.event_id != exhibitor.event_id:
        raise BoothRefused(_("Diesen Stand gibt es nicht."))
    if exhibitor.booth_id == booth.id:
        return booth
    holder = db.session.scalar(select(Exhibitor).where(Exhibitor.booth_id == booth.id))
    if holder is not None:
        raise BoothRefused(_("Stand %(number)s ist schon an %(company)s vergeben.", number=booth.number,
                             company=holder.company))
    if booth.status != BoothStatus.FREE:
        raise BoothRefused(_("Stand %(number)s ist nicht frei.", number=booth.number))
    release_booth(exhibitor)
    exhibitor.booth_id = booth.id
    booth.status = BoothStatus.CONFIRMED if exhibitor.state == ExhibitorState.CONFIRMED else BoothStatus.RESERVED
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # the unique booth_id: another transaction won after all
        exhibitor.booth_id = None
        raise BoothRefused(_("Stand %(number)s ist gerade vergeben worden.", number=booth.number))
    return booth


def release_booth(exhibitor: Exhibitor) -> None:
    if exhibitor.booth_id is None:
        return
    booth = db.session.get(Booth, exhibitor.booth_id)
    exhibitor.booth_id = None
    db.session.flush()
    if booth is not None and booth.status in (BoothStatus.RESERVED, BoothStatus.CONFIRMED):
        booth.status = BoothStatus.FREE
    db.session.flush()


def auto_assign(fair: Fair) -> tuple[int, int]:
    """Booths for every requested or confirmed Aussteller without one: (placed, left without a booth)."""
    _lock_booths(fair.event_id)
    exhibitors = db.session.scalars(select(Exhibitor).where(Exhibitor.event_id == fair.event_id,
                                                            Exhibitor.state.in_(HOLDS_BOOTH))
                                    .order_by(Exhibitor.state != ExhibitorState.CONFIRMED, Exhibitor.created_at,
                                              Exhibitor.id)).all()
    booths = db.session.scalars(select(Booth).where(Booth.event_id == fair.event_id)).all()
    held = {exhibitor.booth_id: exhibitor for exhibitor in exhibitors if exhibitor.booth_id}
    placed: dict[str, list[tuple[float, float]]] = {}
    for booth in booths:
        if booth.id in held:
            placed.setdefault(held[booth.id].sector, []).append(_centre(booth))
    free = [BoothSpot(booth.id, *_centre(booth), booth.booth_type_id) for booth in booths
            if booth.status == BoothStatus.FREE and booth.id not in held]
    waiting = [exhibitor for exhibitor in exhibitors if not exhibitor.booth_id]
    plan = assign_booths(free, [Applicant(e.id, e.sector, e.booth_type_id, e.preferred_booth_id) for e in waiting],
                         placed)
    for exhibitor in waiting:
        if exhibitor.id in plan:
            assign_booth(exhibitor, plan[exhibitor.id])
    return len(plan), len(waiting) - len(plan)


def _centre(booth: Booth) -> tuple[float, float]:
    return booth.x + booth.width / 2, booth.y + booth.depth / 2


def _lock_booths(event_id: int) -> None:
    """All booths of the fair at once (automatic assignment decides about all of them)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Booth.id).where(Booth.event_id == event_id).with_for_update(key_share=True))
    else:
        db.session.execute(text("UPDATE booth SET id = id WHERE event_id = :id"), {"id": event_id})


def free_booths(event_id: int) -> list[Booth]:
    """Booths an Aussteller may ask for: free and not held."""
    return db.session.scalars(select(Booth).where(Booth.event_id == event_id, Booth.status == BoothStatus.FREE)
                              .order_by(func.length(Booth.number), Booth.number)).all()


def set_booth_status(booth: Booth, status: str) -> None:
    """Free, reserved or blocked by hand; a booth an Aussteller holds follows the Aussteller instead."""
    if booth.exhibitor is not None:
        raise BoothRefused(_("Stand %(number)s ist an %(company)s vergeben; lösen Sie zuerst die Zuordnung.",
                             number=booth.number, company=booth.exhibitor.company))
    if status not in (BoothStatus.FREE, BoothStatus.RESERVED, BoothStatus.BLOCKED):
        raise BoothRefused(_("Diesen Status setzt die Zuordnung eines Ausstellers."))
    booth.status = status
    db.session.flush()


# --- mails --------------------------------------------------------------------------------------------------

MAIL_KINDS = ("booked", "confirmed", "waitlisted", "cancelled", "link")


def queue_exhibitor_mail(exhibitor: Exhibitor, kind: str, token: str | None = None) -> OutboxMail:
    """A plain-text mail to the Aussteller's contact in the language they booked in."""
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    event = exhibitor.event
    with force_locale(exhibitor.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        title = text_in(event, "title").plain
        subjects = {
            "booked": _("Buchung eingegangen: %(title)s", title=title),
            "confirmed": _("Stand bestätigt: %(title)s", title=title),
            "waitlisted": _("Warteliste: %(title)s", title=title),
            "cancelled": _("Buchung storniert: %(title)s", title=title),
            "link": _("Ihr Link zur Standbuchung: %(title)s", title=title),
        }
        # The management link goes in only at send time; the outbox keeps it encrypted (netzwerk.mail.links).
        body = render_template("fair/mail/exhibitor.txt", exhibitor=exhibitor, event=event, network=event.network,
                               kind=kind, link=LINK_PLACEHOLDER if token else "",
                               closes_at=booking_closes_at(fair_of(event)),
                               directory=external_url("fair.directory", slug=event.network.slug, event_id=event.id)
                               if event.is_public else "")
    mail = OutboxMail(kind=f"fair_{kind}", network_id=event.network_id, to_address=exhibitor.email,
                      subject=subjects[kind], body_text=body,
                      secret_link=seal(external_url("fair.manage", token=token)) if token else "")
    db.session.add(mail)
    return mail
