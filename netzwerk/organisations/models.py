from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum, one_of
from ..common.columns import Timestamps
from ..extensions import db
from ..kommunen.models import Kommune
from ..networks.models import Network


class OrganisationType(LabelledEnum):
    JOBCENTER = "Jobcenter", _l("Jobcenter")
    AGENTUR_FUER_ARBEIT = "Agentur für Arbeit", _l("Agentur für Arbeit")
    KOMMUNALVERWALTUNG = "Kommunalverwaltung", _l("Kommunalverwaltung")
    INTEGRATIONSZENTRUM = "Kommunales Integrationszentrum", _l("Kommunales Integrationszentrum")
    IHK = "IHK", _l("IHK")
    HANDWERKSKAMMER = "Handwerkskammer", _l("Handwerkskammer")
    WOHLFAHRTSVERBAND = "Wohlfahrtsverband", _l("Wohlfahrtsverband")
    BILDUNGSTRAEGER = "Bildungsträger", _l("Bildungsträger")
    EHRENAMT = "Ehrenamt/Initiative", _l("Ehrenamt/Initiative")
    IQ_NETZWERK = "IQ Netzwerk", _l("IQ Netzwerk")
    STIFTUNG = "Stiftung", _l("Stiftung")
    UNTERNEHMEN = "Unternehmen", _l("Unternehmen")
    SONSTIGE = "Sonstige", _l("Sonstige")


class Organisation(Timestamps, db.Model):
    """A partner organisation of a network: Jobcenter, IHK, Wohlfahrtsverband, a company, ..."""

    __table_args__ = (UniqueConstraint("network_id", "name"), one_of("type", OrganisationType))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(60))
    kommune_id: Mapped[int | None] = mapped_column(ForeignKey("kommune.id"), index=True)

    network: Mapped[Network] = relationship()
    kommune: Mapped[Kommune | None] = relationship()

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"
