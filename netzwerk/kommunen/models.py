from collections import Counter
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps
from ..common.timing import today
from ..extensions import db
from ..networks.models import Network


class KommuneKind(LabelledEnum):
    STADT = "Stadt", _l("Stadt")
    KREIS = "Kreis", _l("Kreis")
    LANDKREIS = "Landkreis", _l("Landkreis")
    GEMEINDE = "Gemeinde", _l("Gemeinde")
    VERBANDSGEMEINDE = "Verbandsgemeinde", _l("Verbandsgemeinde")


class Bundesland(LabelledEnum):
    """The 16 Länder, by their own names in every language."""

    BADEN_WUERTTEMBERG = "Baden-Württemberg"
    BAYERN = "Bayern"
    BERLIN = "Berlin"
    BRANDENBURG = "Brandenburg"
    BREMEN = "Bremen"
    HAMBURG = "Hamburg"
    HESSEN = "Hessen"
    MECKLENBURG_VORPOMMERN = "Mecklenburg-Vorpommern"
    NIEDERSACHSEN = "Niedersachsen"
    NORDRHEIN_WESTFALEN = "Nordrhein-Westfalen"
    RHEINLAND_PFALZ = "Rheinland-Pfalz"
    SAARLAND = "Saarland"
    SACHSEN = "Sachsen"
    SACHSEN_ANHALT = "Sachsen-Anhalt"
    SCHLESWIG_HOLSTEIN = "Schleswig-Holstein"
    THUERINGEN = "Thüringen"


class Kommune(Timestamps, db.Model):
    """A municipality or district; shared reference data, joined to networks by memberships."""

    __table_args__ = (UniqueConstraint("name", "bundesland"), one_of("kind", KommuneKind),
                      one_of("bundesland", Bundesland))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    bundesland: Mapped[str] = mapped_column(String(40))

    # No delete cascade: a Kommune that is still a member somewhere must not vanish with it.
    memberships: Mapped[list["Membership"]] = relationship(back_populates="kommune", order_by="Membership.id")

    def __repr__(self) -> str:
        return f"<Kommune {self.name}>"


def named_apart(kommunen) -> list[tuple[int, str]]:
    """(id, label) for a select of these Kommunen (rows or objects with id, name, bundesland): the name, and the
    Bundesland beside it where the name occurs more than once, as "Kreis Heinsberg" could in two Länder."""
    kommunen = list(kommunen)
    repeated = {name for name, count in Counter(kommune.name for kommune in kommunen).items() if count > 1}
    return [(kommune.id, f"{kommune.name} ({kommune.bundesland})" if kommune.name in repeated else kommune.name)
            for kommune in kommunen]


class Membership(db.Model):
    """A Kommune's membership in a network, in a phase such as 'Pilotkommunen' or '2. Phase'."""

    __table_args__ = (UniqueConstraint("network_id", "kommune_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    kommune_id: Mapped[int] = mapped_column(ForeignKey("kommune.id"), index=True)
    phase: Mapped[str] = mapped_column(String(80), default="")
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    network: Mapped[Network] = relationship()
    kommune: Mapped[Kommune] = relationship(back_populates="memberships")

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on >= today()
