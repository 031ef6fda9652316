"""Placeholder until the mail work lands: stores a minimal plain-text mail in the outbox."""
from flask import url_for

from ..extensions import db
from .models import OutboxMail


def queue_registration_mail(registration, kind: str, token: str | None = None) -> OutboxMail | None:
    if not registration.email:
        return None
    link = url_for("registrations.manage", token=token, _external=True) if token else ""
    mail = OutboxMail(registration_id=registration.id, kind=kind, to_address=registration.email,
                      subject=f"{registration.event.title}: {kind}", body_text=link)
    db.session.add(mail)
    return mail
