"""Sending invitations and reminders, answering them, and what the event's page counts. Services flush; the route
commits once.

Mails are written into the outbox in the request's transaction and delivered after it (netzwerk.mail): queueing
renders each language's mail once and only puts in each person's name, so thousands are queued at once.
"""
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.orm import joinedload

from ..common.secret_links import row_by_token
from ..common.timing import DOUBLE_CLICK_WINDOW, utcnow
from ..common.tokens import hash_token
from ..events.models import Event
from ..extensions import db
from ..mail.models import OutboxMail
from ..mail.sender import send_after_commit
from ..registrations.capacity import lock_event
from ..registrations.models import Registration, RegistrationState
from .mail import MailWriter
from .models import Invitation, InvitationLink, InvitationState, MailOptOut
from .recipients import Criteria, RecipientList, recipients


class InvitationRefused(Exception):
    """Invitations cannot be sent now; the message says why."""


@dataclass
class Sent:
    """What an invitation or reminder run did, and to whom it sent nothing (named, never skipped unseen)."""

    sent: int = 0
    without_email: list[str] = field(default_factory=list)
    opted_out: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    just_reminded: list[str] = field(default_factory=list)


def preview(event: Event, criteria: Criteria) -> RecipientList:
    return recipients(event.network_id, criteria, invited_to_event_id=event.id)


def invite(event: Event, criteria: Criteria, user=None, now: datetime | None = None) -> Sent:
    """Invite everyone the criteria choose who has an address, has not opted out and is not invited yet.

    The event's lock serialises two coordinators inviting at once, so nobody is invited twice; the unique
    (event, person) is the last guard."""
    if event.status != "published":
        raise InvitationRefused("not_published")
    now = now or utcnow()
    lock_event(event.id)
    chosen = preview(event, criteria)
    new = {r.person_id: r for r in chosen.reachable}
    if new:
        db.session.execute(insert(Invitation), [
            dict(event_id=event.id, person_id=r.person_id, email=r.email.strip().lower(), locale=r.locale,
                 state=InvitationState.INVITED, invited_by_id=getattr(user, "id", None), created_at=now, updated_at=now)
            for r in new.values()])
        rows = db.session.execute(select(Invitation.id, Invitation.person_id, Invitation.email, Invitation.locale)
                                  .where(Invitation.event_id == event.id)).all()
        _mail_each(event, [row for row in rows if row.person_id in new],
                   {person_id: r.name for person_id, r in new.items()}, "invitation", now)
    return Sent(sent=len(new), without_email=[r.name for r in chosen.without_email],
                opted_out=[r.name for r in chosen.opted_out], already_invited=[r.name for r in chosen.already_invited])


def remind(event: Event, invitation_ids: list[int] | None = None, now: datetime | None = None) -> Sent:
    """Remind those who have not answered (all, or only the given ones among them) with a fresh link each."""
    now = now or utcnow()
    lock_event(event.id)  # two clicks at once: the second sees whom the first reminded
    note_registrations(event.id, now)
    stmt = (select(Invitation, MailOptOut.person_id.is_not(None))
            .outerjoin(MailOptOut, MailOptOut.person_id == Invitation.person_id)
            .options(joinedload(Invitation.person))
            .where(Invitation.event_id == event.id, Invitation.state == InvitationState.INVITED).order_by(Invitation.id))
    if invitation_ids is not None:
        stmt = stmt.where(Invitation.id.in_(invitation_ids))
    rows = db.session.execute(stmt).all()
    result = Sent()
    due = []
    for invitation, opted_out in rows:
        if opted_out:
            result.opted_out.append(invitation.person.full_name)
        elif not invitation.email:
            result.without_email.append(invitation.person.full_name)
        elif invitation.reminded_at is not None and invitation.reminded_at > now - DOUBLE_CLICK_WINDOW:
            result.just_reminded.append(invitation.person.full_name)
        else:
            invitation.reminders += 1
            invitation.reminded_at = now
            due.append(invitation)
    _mail_each(event, due, {i.person_id: i.person.full_name for i in due}, "invitation_reminder", now)
    result.sent = len(due)
    return result


def _mail_each(event: Event, invitations: list, names: dict[int, str], kind: str, now: datetime) -> None:
    """A fresh link and a mail for each invitation (rows with id, person_id, email, locale), in bulk: a few
    statements for thousands. The mails go out after the commit like every other (netzwerk.mail.sender)."""
    if not invitations:
        return
    writer = MailWriter(event, kind)
    links, mails = [], []
    for invitation in invitations:
        token = secrets.token_urlsafe(32)  # 256 bits
        links.append(dict(invitation_id=invitation.id, token_hash=hash_token(token), created_at=now))
        mails.append(writer.mail(invitation.email, names[invitation.person_id], invitation.locale, token))
    db.session.execute(insert(InvitationLink), links)
    outbox = OutboxMail.__table__
    ids = db.session.execute(insert(outbox).returning(outbox.c.id), mails).scalars().all()
    send_after_commit(ids)


def note_registrations(event_id: int, now: datetime | None = None) -> None:
    """Invitations without an answer whose person registered by other ways (the public form, a coordinator)
    count as registered: one UPDATE, so nobody who registered is reminded. So do declined ones: a registration
    can only come after the decline (the link refuses to decline a registered person), so it is the later answer."""
    active = (select(Registration.id).where(Registration.event_id == Invitation.event_id,
                                            Registration.person_id == Invitation.person_id,
                                            Registration.state != RegistrationState.CANCELLED)
              .order_by(Registration.id).limit(1).correlate(Invitation).scalar_subquery())
    db.session.execute(
        update(Invitation)
        .where(Invitation.event_id == event_id,
               Invitation.state.in_((InvitationState.INVITED, InvitationState.DECLINED)),
               exists().where(Registration.event_id == Invitation.event_id,
                              Registration.person_id == Invitation.person_id, Registration.state != RegistrationState.CANCELLED))
        .values(state=InvitationState.REGISTERED, registration_id=active,
                responded_at=now or utcnow(), updated_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


# --- the event's overview -------------------------------------------------------------------------------------

def counts(event_id: int) -> dict[str, int]:
    found = dict(db.session.execute(select(Invitation.state, func.count()).where(Invitation.event_id == event_id)
                                    .group_by(Invitation.state)).all())
    result = {state: found.get(state, 0) for state in InvitationState}
    result["total"] = sum(result.values())
    return result


def invitation_list(event_id: int, state: str | None = None) -> list[Invitation]:
    """The event's invitations with person, organisation and registration, in one query."""
    from ..people.models import Person
    stmt = (select(Invitation).join(Invitation.person)
            .options(joinedload(Invitation.person).joinedload(Person.organisation),
                     joinedload(Invitation.registration))
            .where(Invitation.event_id == event_id).order_by(Person.family_name, Person.given_name, Invitation.id))
    if state in InvitationState:
        stmt = stmt.where(Invitation.state == state)
    return list(db.session.scalars(stmt).unique())


def set_invitation_only(event: Event, value: bool) -> None:
    event.invitation_only = value
    db.session.flush()


# --- the invited person's answers ----------------------------------------------------------------------------

def find_by_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, or None; the stored hash is compared in constant time."""
    link = row_by_token(InvitationLink, token, options=[joinedload(InvitationLink.invitation)])
    return link.invitation if link is not None else None


def registered_through(invitation: Invitation, registration: Registration, now: datetime | None = None) -> None:
    """The person registered with the invitation's link: the address is theirs, the registration is the person's."""
    if registration.person_id != invitation.person_id:
        registration.person_id = invitation.person_id
    invitation.state, invitation.registration, invitation.responded_at = InvitationState.REGISTERED, registration, now or utcnow()
    db.session.flush()


def active_registration(invitation: Invitation) -> Registration | None:
    """The person's registration for the event: through this link, or by other ways (the public form, a coordinator)
    not yet noted on the invitation, so a registered person is neither offered the form again nor able to decline."""
    registration = invitation.registration
    if registration is not None and registration.state != RegistrationState.CANCELLED:
        return registration
    return db.session.scalar(select(Registration).where(Registration.event_id == invitation.event_id,
                                                        Registration.person_id == invitation.person_id,
                                                        Registration.state != RegistrationState.CANCELLED)
                             .order_by(Registration.id).limit(1))


def decline(invitation: Invitation, message: str, now: datetime | None = None) -> None:
    invitation.state, invitation.decline_message = InvitationState.DECLINED, (message or "").strip()
    invitation.responded_at = now or utcnow()
    db.session.flush()


def opt_out(person_id: int, source: str = "link") -> None:
    if db.session.get(MailOptOut, person_id) is None:
        db.session.add(MailOptOut(person_id=person_id, source=source))
        db.session.flush()


def is_opted_out(person_id: int) -> bool:
    return db.session.get(MailOptOut, person_id) is not None

