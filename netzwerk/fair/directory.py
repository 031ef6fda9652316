"""The public exhibitor directory: confirmed Aussteller with their offers, filtered by sector, offer type and
the most German an offer may need."""
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .instance import LEVELS
from .models import Exhibitor, ExhibitorState, GermanLevel, Offer, OfferType, Sector
from .services import by_company


@dataclass(frozen=True)
class DirectoryFilter:
    sector: str | None = None
    offer_type: str | None = None
    level: str | None = None  # offers needing at most this much German

    @classmethod
    def from_args(cls, args) -> "DirectoryFilter":
        """Unknown values are ignored, as if the filter were not set."""
        sector, offer_type, level = args.get("branche"), args.get("angebot"), args.get("deutsch")
        return cls(sector if sector in Sector else None, offer_type if offer_type in OfferType else None,
                   level if level in GermanLevel else None)

    @property
    def active(self) -> bool:
        return any((self.sector, self.offer_type, self.level))


def levels_up_to(level: str) -> list[str]:
    return list(LEVELS[:LEVELS.index(level) + 1])


def directory(event_id: int, chosen: DirectoryFilter = DirectoryFilter()) -> list[Exhibitor]:
    """Confirmed Aussteller (with offers and booth loaded) that match; by company name."""
    stmt = (select(Exhibitor).where(Exhibitor.event_id == event_id, Exhibitor.state == ExhibitorState.CONFIRMED)
            .options(selectinload(Exhibitor.offers), selectinload(Exhibitor.booth)).order_by(by_company()))
    if chosen.sector:
        stmt = stmt.where(Exhibitor.sector == chosen.sector)
    offer_conditions = []
    if chosen.offer_type:
        offer_conditions.append(Offer.kind == chosen.offer_type)
    if chosen.level:
        offer_conditions.append(Offer.german_level.in_(levels_up_to(chosen.level)))
    if offer_conditions:  # one offer must meet both: an Ausbildung that needs at most A2
        stmt = stmt.where(Exhibitor.offers.any(and_(*offer_conditions)))
    return db.session.scalars(stmt).all()


def public_exhibitor(event_id: int, exhibitor_id: int) -> Exhibitor | None:
    return db.session.scalar(select(Exhibitor).where(Exhibitor.id == exhibitor_id, Exhibitor.event_id == event_id,
                                                     Exhibitor.state == ExhibitorState.CONFIRMED)
                             .options(selectinload(Exhibitor.offers), selectinload(Exhibitor.booth)))


def offer_matches(offer: Offer, chosen: DirectoryFilter) -> bool:
    return ((not chosen.offer_type or offer.kind == chosen.offer_type)
            and (not chosen.level or offer.german_level in levels_up_to(chosen.level)))
