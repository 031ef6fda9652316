"""A person's invitations and their opt-out, for the DSGVO export and erasure (`privacy.records`)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from ..common.personal_records import PersonalRecords, iso
from ..extensions import db
from .models import Invitation, InvitationLink, MailOptOut


def export_invitations(person) -> list[dict]:
    invitations = db.session.scalars(select(Invitation).where(Invitation.person_id == person.id)
                                     .options(joinedload(Invitation.event)).order_by(Invitation.id))
    return [{"event": invitation.event.title, "starts_at": iso(invitation.event.starts_at), "email": invitation.email,
             "state": invitation.state, "invited_at": iso(invitation.created_at), "reminders": invitation.reminders,
             "responded_at": iso(invitation.responded_at), "decline_message": invitation.decline_message}
            for invitation in invitations]


def erase_invitations(person) -> None:
    """The invitations go with their links (the event's counts lose one invited)."""
    invitations = select(Invitation.id).where(Invitation.person_id == person.id)
    db.session.execute(delete(InvitationLink).where(InvitationLink.invitation_id.in_(invitations)))
    db.session.execute(delete(Invitation).where(Invitation.person_id == person.id))


def forget_events(event_ids: list[int]) -> None:
    """Invitations to events past their retention period go, like the registrations' names."""
    invitations = select(Invitation.id).where(Invitation.event_id.in_(event_ids))
    db.session.execute(delete(InvitationLink).where(InvitationLink.invitation_id.in_(invitations)))
    db.session.execute(delete(Invitation).where(Invitation.event_id.in_(event_ids)))


def export_opt_out(person) -> list[dict]:
    opt_out = db.session.get(MailOptOut, person.id)
    return [{"since": iso(opt_out.created_at), "source": opt_out.source}] if opt_out else []


def erase_opt_out(person) -> None:
    db.session.execute(delete(MailOptOut).where(MailOptOut.person_id == person.id))


INVITATIONS = PersonalRecords("invitations", _l("Einladungen zu Veranstaltungen (werden gelöscht)"),
                              export_invitations, erase_invitations, forget_events=forget_events)
OPT_OUT = PersonalRecords("mail_opt_out", _l("Abmeldung von Einladungen und Mailings (wird gelöscht)"),
                          export_opt_out, erase_opt_out)
