"""Mails written into the outbox in the same transaction as the change they report (add, never commit)."""
from sqlalchemy import select

from ..calendar.data import event_calendar
from ..extensions import db
from ..registrations.models import ATTENDED, CONFIRMED, PENDING, WAITLISTED, Registration
from .links import seal
from .models import OutboxMail
from .render import ICS_METHODS, event_url, render_registration_mail

# Who hears about a changed or cancelled event: everyone still expecting to come (or already there).
ACTIVE_STATES = (PENDING, CONFIRMED, WAITLISTED, ATTENDED)


def queue_registration_mail(registration, kind: str, token: str | None = None) -> OutboxMail | None:
    """Queue a mail to the registrant; None when there is no address (erased or added by hand without one).

    A token becomes the personal link, kept only encrypted beside the body until the mail is sent."""
    if not registration.email:
        return None
    rendered = render_registration_mail(registration, kind, token=token)
    method = ICS_METHODS.get(kind, "")
    mail = OutboxMail(
        registration_id=registration.id, kind=kind, to_address=registration.email,
        subject=rendered.subject, body_text=rendered.body_text, body_html=rendered.body_html,
        secret_link=seal(rendered.link),
        ics=event_calendar(registration.event, method, url=event_url(registration.event)).decode() if method else "",
        ics_method=method,
    )
    db.session.add(mail)
    return mail


def queue_event_change_mails(event) -> list[OutboxMail]:
    """Tell every active registrant that the event changed (date, place) or was cancelled."""
    kind = "event_cancelled" if event.status == "cancelled" else "event_changed"
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.state.in_(ACTIVE_STATES),
                                   Registration.email.is_not(None), Registration.email != "")
        .order_by(Registration.id)
    ).all()
    return [mail for registration in registrations if (mail := queue_registration_mail(registration, kind))]
