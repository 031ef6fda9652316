"""Invitations for the demo: the upcoming Netzwerktreffen invited the people of the pilot Kommunen two weeks ago;
some registered, some declined with a word, the rest have not answered yet (a reminder is due)."""
import random
from datetime import date, time, timedelta

from ..common.timing import to_instant
from ..events.models import Event
from ..extensions import db
from ..invitations.models import Invitation, InvitationState
from ..invitations.recipients import Criteria
from ..invitations.services import decline, invite, note_registrations
from .data import PILOT_PHASE

DECLINED_PEOPLE = 6
DECLINE_MESSAGES = ("Leider bin ich an dem Tag im Urlaub.", "Wir schicken eine Kollegin aus dem Team.",
                    "Terminüberschneidung mit dem Kreistag – beim nächsten Mal gern!", "", "", "")


def seed_invitations(meeting: Event, rng: random.Random, today: date) -> None:
    sent_at = to_instant(today - timedelta(days=14), time(9))
    invite(meeting, Criteria(phases=[PILOT_PHASE]), now=sent_at)
    note_registrations(meeting.id, now=sent_at + timedelta(days=2))
    unanswered = list(db.session.scalars(db.select(Invitation).where(Invitation.event_id == meeting.id,
                                                                     Invitation.state == InvitationState.INVITED)
                                         .order_by(Invitation.id)))
    for invitation, message in zip(rng.sample(unanswered, min(DECLINED_PEOPLE, len(unanswered))), DECLINE_MESSAGES,
                                   strict=False):
        decline(invitation, message, now=sent_at + timedelta(days=rng.randint(1, 10)))
