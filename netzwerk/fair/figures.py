"""The fair in figures for coordinators: five grouped counts, whatever the fair's size."""
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..extensions import db
from ..registrations.capacity import state_counts
from ..registrations.models import RegistrationState
from .models import Booth, Exhibitor, ExhibitorState, Interview, Offer


@dataclass
class FairFigures:
    booths: Counter = field(default_factory=Counter)  # status -> booths
    exhibitors: dict[str, Counter] = field(default_factory=dict)  # sector -> state -> Aussteller
    exhibitor_states: Counter = field(default_factory=Counter)
    offers: dict[str, Counter] = field(default_factory=dict)  # offer type -> German level -> offers
    visitors: dict[str, int] = field(default_factory=dict)  # registration state -> visitors
    interviews: int = 0
    interviews_held: int = 0

    @property
    def visitors_registered(self) -> int:
        return self.visitors.get(RegistrationState.CONFIRMED, 0) + self.visitors.get(RegistrationState.ATTENDED, 0)

    @property
    def visitors_not_yet_in(self) -> list[tuple[str, int]]:
        """(state, visitors) of those waiting for a place or for approval, when there are any."""
        return [(state, self.visitors[state]) for state in (RegistrationState.WAITLISTED, RegistrationState.PENDING)
                if self.visitors.get(state)]

    @property
    def visitors_checked_in(self) -> int:
        return self.visitors.get(RegistrationState.ATTENDED, 0)


def fair_figures(event_id: int) -> FairFigures:
    figures = FairFigures()
    for status, count in db.session.execute(select(Booth.status, func.count()).where(Booth.event_id == event_id)
                                            .group_by(Booth.status)):
        figures.booths[status] = count
    for sector, state, count in db.session.execute(
            select(Exhibitor.sector, Exhibitor.state, func.count()).where(Exhibitor.event_id == event_id)
            .group_by(Exhibitor.sector, Exhibitor.state)):
        figures.exhibitors.setdefault(sector, Counter())[state] = count
        figures.exhibitor_states[state] += count
    for kind, level, count in db.session.execute(
            select(Offer.kind, Offer.german_level, func.count()).join(Exhibitor, Exhibitor.id == Offer.exhibitor_id)
            .where(Exhibitor.event_id == event_id, Exhibitor.state == ExhibitorState.CONFIRMED)
            .group_by(Offer.kind, Offer.german_level)):
        figures.offers.setdefault(kind, Counter())[level] = count
    figures.visitors = state_counts(event_id)
    figures.interviews, figures.interviews_held = db.session.execute(
        select(func.count(), func.count(Interview.held_at)).where(Interview.event_id == event_id)).one()
    return figures
