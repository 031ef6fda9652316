from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.columns import Timestamps
from ..extensions import db
from ..kommunen.models import Kommune
from ..networks.models import Network


class Organisation(Timestamps, db.Model):
    """A partner organisation of a network: Jobcenter, IHK, Wohlfahrtsverband, a company, ..."""

    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(60))
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommune.id"), index=True)

    network: Mapped[Network] = relationship()
    kommune: Mapped[Kommune | None] = relationship()

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"
