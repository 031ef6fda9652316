"""Feedback on barriers goes to the installation's contact through the outbox (nothing else is stored)."""
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import Role, User
from ..extensions import db
from ..mail.models import OutboxMail
from .operator import SiteOperator

FEEDBACK_KIND = "accessibility_feedback"


def feedback_recipients(operator: SiteOperator) -> list[str]:
    """The configured contact; without one, every active admin, so that no message goes unread."""
    if operator.feedback_address:
        return [operator.feedback_address]
    return list(db.session.scalars(
        select(User.email).where(User.role == Role.ADMIN, User.active.is_(True)).order_by(User.id)))


def send_accessibility_feedback(operator: SiteOperator, data: dict, page_language: str) -> int:
    """Queue the message for each recipient, written in German (the staff's language); returns how many."""
    recipients = feedback_recipients(operator)
    with force_locale("de"):
        subject = _("Rückmeldung zur Barrierefreiheit")
        lines = [
            _("Über das Formular „Barriere melden“ kam diese Rückmeldung:"), "",
            data["message"], "",
            f"{_('Seite')}: {data.get('page') or '–'}",
            f"{_('Sprache der Seite')}: {page_language}",
            f"{_('Name')}: {data.get('name') or '–'}",
            f"{_('E-Mail')}: {data.get('email') or '–'}", "",
            _("Nach BITV 2.0 ist die Rückmeldung innerhalb eines Monats zu beantworten."),
        ]
    for address in recipients:
        db.session.add(OutboxMail(kind=FEEDBACK_KIND, to_address=address, subject=subject,
                                  body_text="\n".join(lines)))
    return len(recipients)
