"""Mails written into the outbox in the same transaction as the change they report (add, never commit)."""
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from ..calendar.data import event_calendar
from ..events.models import ROOM_FIELDS, EventStatus
from ..extensions import db
from ..registrations.models import Registration, RegistrationState
from ..registrations.online import online_rooms, sees_online_room
from .links import seal
from .models import OutboxMail
from .render import ICS_METHODS, event_url, render_registration_mail

# Who hears about a changed or cancelled event: everyone still expecting to come (or already there).
ACTIVE_STATES = (RegistrationState.PENDING, RegistrationState.CONFIRMED, RegistrationState.WAITLISTED, RegistrationState.ATTENDED)


def queue_registration_mail(registration, kind: str, token: str | None = None) -> OutboxMail | None:
    """Queue a mail to the registrant; None when there is no address (erased or added by hand without one).

    A token becomes the personal link, kept only encrypted beside the body until the mail is sent."""
    mail = write_registration_mail(registration, kind, token)
    return queue(mail, registration) if mail else None


def write_registration_mail(registration, kind: str, token: str | None = None) -> OutboxMail | None:
    """The mail, written but not yet queued: a registration not yet in the database can have it written early."""
    if not registration.email:
        return None
    rendered = render_registration_mail(registration, kind, token=token)
    return OutboxMail(kind=kind, to_address=registration.email, subject=rendered.subject,
                      body_text=rendered.body_text, body_html=rendered.body_html, secret_link=seal(rendered.link),
                      ics_method=ICS_METHODS.get(kind, ""))


def queue(mail: OutboxMail, registration) -> OutboxMail:
    mail.registration_id = registration.id
    db.session.add(mail)
    return mail


def attached_calendar(mail: OutboxMail) -> str:
    """The invite.ics a mail carries, built when it is sent from the event as it is then: the registration's
    transaction stays short, and a mail that waited never carries an outdated time. Mails queued with a stored
    calendar keep it."""
    if mail.ics or not mail.ics_method or mail.registration_id is None:
        return mail.ics
    registration = db.session.get(Registration, mail.registration_id)
    with force_locale(registration.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        url = event_url(registration.event, registration.locale)
        return event_calendar(registration.event, mail.ics_method, url=url,
                              online_rooms=online_rooms(registration)).decode()


def queue_event_change_mails(event, changed: frozenset[str] | None = None) -> list[OutboxMail]:
    """Tell every active registrant that the event changed (date, place) or was cancelled; a new online room (link or
    dial-in, nothing else) only those who see it (`changed`: the fields that changed, None for any)."""
    kind = "event_cancelled" if event.status == EventStatus.CANCELLED else "event_changed"
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.state.in_(ACTIVE_STATES),
                                   Registration.email.is_not(None), Registration.email != "")
        .order_by(Registration.id)
    ).all()
    if changed and changed <= ROOM_FIELDS:
        registrations = [registration for registration in registrations if sees_online_room(registration)]
    return [mail for registration in registrations if (mail := queue_registration_mail(registration, kind))]
