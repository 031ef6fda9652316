"""The waiting list and approvals, at the service level (the forms are tested in test_registrations_public)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.registrations.models import Registration
from netzwerk.registrations.services import (
    RegistrationRefused,
    approve,
    cancel,
    capacity_changed,
    register,
    reissue_link,
    reject,
)
from netzwerk.registrations.tokens import find_by_token

from . import factories


@pytest.fixture
def event(app):
    network = factories.create_network(slug="ankommen")
    event = factories.create_event(network, capacity=2)
    db.session.commit()
    return event


def states(event):
    rows = db.session.scalars(select(Registration).where(Registration.event_id == event.id).order_by(Registration.id))
    return [registration.state for registration in rows]


def test_places_fill_then_the_waiting_list_takes_arrivals_in_order(app, event):
    with app.test_request_context():
        outcomes = [register(event.id, factories.registrant(n)) for n in range(4)]
    assert states(event) == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert outcomes[2].registration.waitlisted_at <= outcomes[3].registration.waitlisted_at
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "waitlisted")) is not None


def test_first_waitlisted_moves_up_when_someone_cancels(app, event):
    with app.test_request_context():
        first, _, waiting, last = [register(event.id, factories.registrant(n)).registration for n in range(4)]
        moved = cancel(first)
    assert moved == [waiting]
    assert (first.state, waiting.state, last.state) == ("cancelled", "confirmed", "waitlisted")
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "moved_up", OutboxMail.registration_id == waiting.id))


def test_raising_the_capacity_moves_waiting_people_up(app, event):
    with app.test_request_context():
        for n in range(5):
            register(event.id, factories.registrant(n))
        event.capacity = 4
        capacity_changed(event)
    assert states(event) == ["confirmed"] * 4 + ["waitlisted"]


def test_same_email_twice_gets_a_fresh_link_not_a_second_registration(app, event):
    with app.test_request_context():
        first = register(event.id, factories.registrant(1))
        again = register(event.id, factories.registrant(1, email="P1@Example.org"))
    assert again.duplicate and again.registration.id == first.registration.id
    assert find_by_token(first.token) is None  # the old link was replaced by the fresh one
    assert find_by_token(again.token) == first.registration
    assert len(states(event)) == 1


def test_registration_is_refused_outside_its_window_and_for_drafts(app, event):
    with app.test_request_context():
        event.registration_opens_at = utcnow() + timedelta(days=1)
        with pytest.raises(RegistrationRefused, match="noch nicht geöffnet"):
            register(event.id, factories.registrant(1))
        event.registration_opens_at, event.registration_closes_at = None, utcnow() - timedelta(minutes=1)
        with pytest.raises(RegistrationRefused, match="geschlossen"):
            register(event.id, factories.registrant(1))
        event.registration_closes_at, event.status = None, "draft"
        with pytest.raises(RegistrationRefused):
            register(event.id, factories.registrant(1))
        event.status = "cancelled"
        with pytest.raises(RegistrationRefused, match="abgesagt"):
            register(event.id, factories.registrant(1))
    assert states(event) == []


def test_approval_mode_keeps_people_pending_until_a_coordinator_decides(app, event):
    event.requires_approval = True
    db.session.commit()
    with app.test_request_context():
        a, b, c = [register(event.id, factories.registrant(n)).registration for n in range(3)]
        assert states(event) == ["pending"] * 3
        approve(a, "Willkommen!")
        approve(b)
        approve(c)  # no place left: waiting list
        reject(register(event.id, factories.registrant(9)).registration, "Leider ausgebucht.")
    assert states(event) == ["confirmed", "confirmed", "waitlisted", "cancelled"]
    assert a.decision_message == "Willkommen!"


def test_reissued_link_kills_the_old_one(app, event):
    with app.test_request_context():
        outcome = register(event.id, factories.registrant(1))
        new = reissue_link(outcome.registration)
    assert find_by_token(outcome.token) is None and find_by_token(new) == outcome.registration
    assert len(new) >= 22  # at least 128 random bits, URL-safe


def test_registering_records_consent_and_the_person_in_the_network(app, event):
    with app.test_request_context():
        registration = register(event.id, factories.registrant(1, function="Integrationsmanagerin")).registration
    assert registration.consent_version == event.network.privacy_version and registration.consented_at
    assert registration.person.function == "Integrationsmanagerin"
    assert registration.person.network_id == event.network_id


def test_registering_again_after_cancelling_brings_the_old_registration_back_with_a_fresh_mail(app, event):
    with app.test_request_context():
        first = register(event.id, factories.registrant(1)).registration
        register(event.id, factories.registrant(2))
        cancel(first)
        register(event.id, factories.registrant(3))  # takes the freed place
        again = register(event.id, factories.registrant(1, given_name="Wieder"))
    db.session.commit()
    assert again.registration.id == first.id and not again.duplicate
    assert states(event) == ["waitlisted", "confirmed", "confirmed"]
    kinds = db.session.scalars(select(OutboxMail.kind).where(OutboxMail.registration_id == first.id)
                               .order_by(OutboxMail.id)).all()
    assert kinds == ["confirmed", "cancelled", "waitlisted"]
