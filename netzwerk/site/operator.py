"""Who runs this installation, read from the configuration: the facts the Impressum and the accessibility
statement print. Empty fields are left out of the pages."""
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SiteOperator:
    name: str = ""
    address: str = ""  # several lines
    email: str = ""
    phone: str = ""
    represented_by: str = ""
    responsible_for_content: str = ""  # § 18 Abs. 2 MStV
    vat_id: str = ""
    impressum_url: str = ""  # an existing Impressum elsewhere: the page links there instead
    accessibility_contact: str = ""  # where feedback on barriers goes; the operator's address if empty
    accessibility_reviewed: date | None = None  # when the statement was last checked
    accessibility_enforcement_url: str = "https://www.schlichtungsstelle-bgg.de"

    @property
    def feedback_address(self) -> str:
        return self.accessibility_contact or self.email

    @property
    def configured(self) -> bool:
        return bool(self.name and (self.address or self.email))


def operator_from(config) -> SiteOperator:
    return config.get("SITE_OPERATOR") or SiteOperator()


def operator_from_environment(environ) -> SiteOperator:
    """IMPRESSUM_* and ACCESSIBILITY_* variables (README, configuration); an address's lines split by '|'."""
    def value(name: str) -> str:
        return environ.get(name, "").strip()

    reviewed = value("ACCESSIBILITY_REVIEWED")
    return SiteOperator(
        name=value("IMPRESSUM_NAME"),
        address="\n".join(line.strip() for line in value("IMPRESSUM_ADDRESS").replace("\\n", "|").split("|")
                          if line.strip()),
        email=value("IMPRESSUM_EMAIL"),
        phone=value("IMPRESSUM_PHONE"),
        represented_by=value("IMPRESSUM_REPRESENTED_BY"),
        responsible_for_content=value("IMPRESSUM_RESPONSIBLE"),
        vat_id=value("IMPRESSUM_VAT_ID"),
        impressum_url=value("IMPRESSUM_URL"),
        accessibility_contact=value("ACCESSIBILITY_CONTACT"),
        accessibility_reviewed=date.fromisoformat(reviewed) if reviewed else None,
        accessibility_enforcement_url=value("ACCESSIBILITY_ENFORCEMENT_URL") or SiteOperator.accessibility_enforcement_url,
    )
