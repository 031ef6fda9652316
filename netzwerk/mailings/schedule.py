"""Scheduled mails: an event's reminder rules, when each is due, and the worker step that writes every due mail
exactly once.

A rule is relative to the event ("7 days before the start"), so its time is computed from the event as it is now:
a new date moves it. Once a rule's mail went to a registration, the `reminder_send` row of the pair stays, and its
unique constraint makes every later or simultaneous attempt add nothing: a worker writes mails only for the rows its
own INSERT … ON CONFLICT DO NOTHING returned, on PostgreSQL and SQLite alike."""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, insert, literal, or_, select
from sqlalchemy.orm import selectinload

from ..common.dialects import dialect_insert
from ..common.timing import utcnow
from ..events.models import Event
from ..extensions import db
from ..mail.models import OutboxMail
from ..registrations.models import Registration, RegistrationState
from .mail import reminder_rows
from .models import ReminderRule, ReminderSend

MAX_DAYS = 60
# A mail found due later than this (the worker was down, or the rule was added late) is not sent any more; a mail
# before the event is never sent once the event has begun.
LATE_LIMIT = timedelta(days=2)

DEFAULT_RULES = (
    dict(days=7, hours=0, direction="before", anchor="start", audience="confirmed", template="reminder"),
    dict(days=1, hours=0, direction="before", anchor="start", audience="confirmed", template="reminder"),
    dict(days=1, hours=0, direction="after", anchor="end", audience="attended", template="thanks"),
)


def due_at(rule: ReminderRule, event: Event) -> datetime:
    anchor = event.starts_at if rule.anchor == "start" else event.ends_at
    offset = timedelta(days=rule.days, hours=rule.hours)
    return anchor - offset if rule.direction == "before" else anchor + offset


def expires_at(rule: ReminderRule, event: Event) -> datetime:
    due = due_at(rule, event)
    return min(due + LATE_LIMIT, event.starts_at) if due < event.starts_at else due + LATE_LIMIT


def rules_of(event_id: int) -> list[ReminderRule]:
    return list(db.session.scalars(select(ReminderRule).where(ReminderRule.event_id == event_id)
                                   .order_by(ReminderRule.direction.desc(), ReminderRule.days.desc(),
                                             ReminderRule.hours.desc(), ReminderRule.id)))


def sent_counts(event_id: int) -> dict[int, int]:
    from sqlalchemy import func
    return dict(db.session.execute(
        select(ReminderSend.rule_id, func.count()).join(ReminderRule, ReminderRule.id == ReminderSend.rule_id)
        .where(ReminderRule.event_id == event_id).group_by(ReminderSend.rule_id)).all())


def save_rule(rule: ReminderRule | None, event: Event, data: dict) -> ReminderRule:
    if rule is None:
        rule = ReminderRule(event_id=event.id)
        db.session.add(rule)
    for name in ("days", "hours", "direction", "anchor", "audience", "template"):
        setattr(rule, name, data[name])
    rule.link = (data.get("link") or "").strip()
    rule.note = (data.get("note") or "").strip()
    db.session.flush()
    return rule


def add_default_rules(event: Event) -> int:
    """The usual rules (a week and a day before, a thank-you the day after), those the event lacks."""
    have = {(r.days, r.hours, r.direction, r.anchor, r.audience, r.template) for r in rules_of(event.id)}
    added = 0
    for values in DEFAULT_RULES:
        key = tuple(values[name] for name in ("days", "hours", "direction", "anchor", "audience", "template"))
        if key not in have:
            db.session.add(ReminderRule(event_id=event.id, **values))
            added += 1
    db.session.flush()
    return added


RULE_SETTINGS = ("days", "hours", "direction", "anchor", "audience", "template", "link", "note")


def copy_rules(event: Event, clone: Event) -> None:
    """A cloned event gets the event's reminder rules (events.cloning calls this): they count from the event, so on
    the clone they fall due by its new date. In one INSERT."""
    rows = [dict({name: getattr(rule, name) for name in RULE_SETTINGS}, event_id=clone.id)
            for rule in rules_of(event.id)]
    if rows:
        db.session.execute(insert(ReminderRule), rows)


def audience_condition(audience: str):
    if audience == "attended":
        return or_(Registration.state == RegistrationState.ATTENDED, Registration.attended_at.is_not(None))
    if audience == "waitlisted":
        return Registration.state == RegistrationState.WAITLISTED
    return Registration.state.in_((RegistrationState.CONFIRMED, RegistrationState.ATTENDED))


# --- the worker's step --------------------------------------------------------------------------------------------

def due_rules(now: datetime) -> list[tuple[int, int]]:
    """(rule id, event id) of every rule due now, of published events around now."""
    rows = db.session.execute(
        select(ReminderRule, Event).join(Event, Event.id == ReminderRule.event_id)
        .where(Event.status == "published", Event.starts_at <= now + timedelta(days=MAX_DAYS + 1),
               Event.ends_at >= now - timedelta(days=MAX_DAYS + 3))
        .order_by(ReminderRule.id)).all()
    return [(rule.id, event.id) for rule, event in rows if due_at(rule, event) <= now < expires_at(rule, event)]


def claim(rule: ReminderRule, now: datetime) -> list[int]:
    """Record the rule's mail for every registration in its audience that has not had it; returns the ids this
    call recorded (none that another worker recorded first)."""
    candidates = (
        select(literal(rule.id), Registration.id, literal(now, ReminderSend.created_at.type))
        .where(Registration.event_id == rule.event_id, audience_condition(rule.audience),
               Registration.email.is_not(None), Registration.email != "",
               ~exists().where(ReminderSend.rule_id == rule.id, ReminderSend.registration_id == Registration.id))
    )
    stmt = (dialect_insert(db.session.get_bind().dialect, ReminderSend.__table__)
            .from_select(["rule_id", "registration_id", "created_at"], candidates)
            .on_conflict_do_nothing(index_elements=["rule_id", "registration_id"])
            .returning(ReminderSend.__table__.c.registration_id))
    return list(db.session.execute(stmt).scalars())


def send_due(now: datetime | None = None) -> list[int]:
    """Write every due scheduled mail into the outbox, each rule in its own short transaction; returns the ids of
    the outbox mails written."""
    now = now or utcnow()
    due = due_rules(now)
    db.session.commit()  # end the read: each rule's INSERT starts its own transaction (SQLite takes the lock)
    written = []
    for rule_id, _event_id in due:
        rule = db.session.get(ReminderRule, rule_id)
        if rule is None:
            db.session.commit()
            continue
        ids = claim(rule, now)
        if ids:
            registrations = db.session.scalars(
                select(Registration).where(Registration.id.in_(ids))
                .options(selectinload(Registration.event).selectinload(Event.network))
                .order_by(Registration.id)).all()
            rows = reminder_rows(rule, rule.event, registrations)
            outbox = OutboxMail.__table__
            written += db.session.execute(insert(outbox).returning(outbox.c.id), rows).scalars().all()
        db.session.commit()
    if written:
        current_app.logger.info("%d scheduled mail(s) queued", len(written))
    return written


def send_due_and_deliver() -> int:
    """The workers' step: queue what is due and deliver it at once when SMTP is configured."""
    from ..mail.sender import deliver_due
    ids = send_due()
    if ids:
        deliver_due(limit=len(ids), ids=ids)
    return len(ids)
