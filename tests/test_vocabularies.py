"""States and choices: stored as the words they always were, shown in the page's language, and the database
itself refuses a word outside the vocabulary, whatever code writes it."""
import pytest
from flask_babel import force_locale
from sqlalchemy import CheckConstraint, update
from sqlalchemy.exc import IntegrityError

from netzwerk.badges.models import PrintJob
from netzwerk.common.timing import utcnow
from netzwerk.documentation.models import Material
from netzwerk.extensions import db
from netzwerk.fair.models import FairOutcome
from netzwerk.invitations.models import Invitation
from netzwerk.mailings.models import Mailing, MailingRecipient, ReminderRule
from netzwerk.registrations.models import Registration, RegistrationState
from netzwerk.subscriptions.models import Subscription

from . import factories

# Every column that holds a word of a fixed vocabulary (CHECK ck_<table>_<column> in models and migrations).
CHECKED = [
    ("user", "role"), ("kommune", "kind"), ("kommune", "bundesland"), ("organisation", "type"),
    ("event", "kind"), ("event", "status"), ("event", "format"), ("agenda_item", "kind"), ("question", "kind"),
    ("registration", "state"), ("registration", "organisation_type"), ("registration", "badge_role"),
    ("registration", "attendance"),
    ("outbox_mail", "status"), ("print_job", "status"), ("fair", "interview_mode"), ("booth", "status"),
    ("exhibitor", "sector"), ("exhibitor", "company_size"), ("exhibitor", "state"), ("offer", "kind"),
    ("offer", "german_level"), ("visitor_profile", "german_level"), ("invitation", "state"),
    ("material", "kind"), ("material", "visibility"), ("subscription", "state"), ("subscription", "organisation_type"),
    ("event_series", "kind"), ("event_series", "frequency"),
    ("fair_outcome", "outcome"), ("fair_outcome", "recorded_by"),
    ("reminder_rule", "direction"), ("reminder_rule", "anchor"), ("reminder_rule", "audience"),
    ("reminder_rule", "template"), ("mailing_recipient", "outcome"),
]


def test_every_vocabulary_column_has_a_check(app):
    checks = {constraint.name for table in db.metadata.sorted_tables for constraint in table.constraints
              if isinstance(constraint, CheckConstraint)}
    assert checks == {f"ck_{table}_{column}" for table, column in CHECKED}


def one_row_of_each() -> dict[str, int]:
    network = factories.create_network()
    event = factories.create_event(network)
    registration = factories.create_registration(event)
    fair_event = factories.create_fair_event(network)
    exhibitor = factories.create_exhibitor(fair_event, offers=[("Praktikum", "Praktikum Lager", "A2")])
    visitor = factories.create_visitor(fair_event)
    job = PrintJob(event_id=event.id)
    invitation = Invitation(event_id=event.id, person_id=factories.create_person(network).id, email="a@example.org")
    subscription = Subscription(network_id=network.id, given_name="A", family_name="B", email="a@example.org",
                                consent_text="…", consent_version="1", consented_at=utcnow(), token_hash="0" * 64)
    material = Material(event_id=event.id, kind="link", title="Film", url="https://example.org/film")
    outcome = FairOutcome(event_id=fair_event.id, exhibitor_id=exhibitor.id, registration_id=visitor.id,
                          outcome="Praktikum", recorded_by="exhibitor")
    rule = ReminderRule(event_id=event.id)
    mailing = Mailing(network_id=network.id, event_id=event.id, subject="Hallo", body="Hallo")
    db.session.add_all([job, invitation, material, subscription, outcome, rule, mailing])
    db.session.flush()
    recipient = MailingRecipient(mailing_id=mailing.id, name="A", email="a@example.org")
    db.session.add(recipient)
    db.session.flush()
    ids = {
        "user": factories.create_user().id, "kommune": factories.create_kommune().id,
        "organisation": factories.create_organisation(network).id, "event": event.id,
        "agenda_item": factories.create_agenda_item(event).id, "question": factories.create_question(event).id,
        "registration": registration.id, "outbox_mail": factories.create_outbox_mail(registration).id,
        "print_job": job.id, "fair": factories.create_fair(fair_event).id,
        "booth": factories.create_booth(fair_event).id, "exhibitor": exhibitor.id, "offer": exhibitor.offers[0].id,
        "visitor_profile": visitor.id, "invitation": invitation.id, "material": material.id,
        "subscription": subscription.id,
        "event_series": factories.create_series(network).id,
        "fair_outcome": outcome.id, "reminder_rule": rule.id, "mailing_recipient": recipient.id,
    }
    db.session.commit()
    return ids


@pytest.mark.parametrize(("table", "column"), CHECKED, ids=[f"{table}.{column}" for table, column in CHECKED])
def test_the_database_refuses_a_word_outside_the_vocabulary(app, table, column):
    ids = one_row_of_each()
    target = db.metadata.tables[table]
    key = target.c.registration_id if table == "visitor_profile" else target.c.id
    with pytest.raises(IntegrityError):
        db.session.execute(update(target).where(key == ids[table]).values({column: "zz"}))  # fits every column
        db.session.flush()
    db.session.rollback()


def test_a_state_is_stored_as_its_word_and_shown_in_the_pages_language(app):
    event = factories.create_event(factories.create_network())
    registration = factories.create_registration(event, state=RegistrationState.WAITLISTED)
    db.session.commit()
    stored = db.session.execute(db.select(Registration.state).where(Registration.id == registration.id)).scalar_one()
    assert stored == "waitlisted" and stored == RegistrationState.WAITLISTED
    assert "waitlisted" in RegistrationState and "verschollen" not in RegistrationState
    with force_locale("en"):
        assert str(RegistrationState.WAITLISTED.label) == "Waiting list"
    with force_locale("de"):
        assert str(RegistrationState.label_of("waitlisted")) == "Warteliste"
        assert RegistrationState.label_of("verschollen") == "verschollen"
