"""One-click unsubscribe in the mail client (RFC 2369, RFC 8058): every mailing and invitation arrives with a
List-Unsubscribe header holding its personal unsubscribe link and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`;
the mail client's POST to that link (no CSRF token) ends the mails at once, while opening the link (as link scanners
do) only asks. Mails about one's own registration (confirmation, reminders, thank-you) are transactional and carry
no such header: the opt-out does not stop them."""
import re
from datetime import timedelta

import pytest

from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.invitations.models import MailOptOut
from netzwerk.invitations.recipients import Criteria
from netzwerk.invitations.services import invite
from netzwerk.mail.sender import deliver_due
from netzwerk.mailings.audience import EventAudience, event_addressees
from netzwerk.mailings.models import ReminderRule
from netzwerk.mailings.schedule import send_due
from netzwerk.mailings.services import Draft, queue_mailing
from netzwerk.people.models import Person
from netzwerk.registrations.services import register

from . import factories
from .test_mail import smtp  # noqa: F401  (the fixture: a real SMTP server)

ONE_CLICK = {"List-Unsubscribe": "One-Click"}  # what a mail client posts (RFC 8058, section 3.2)


def header_link(message) -> str:
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    found = re.fullmatch(r"<(http://localhost(/[^>]+))>", message["List-Unsubscribe"].strip())  # folded when long
    assert found, message["List-Unsubscribe"]
    return found.group(2)


@pytest.fixture
def meeting(network):
    event = factories.create_event(network, title="Netzwerktreffen Düren", status="published")
    for name in ("amal", "bernd"):
        person = factories.create_person(network, given_name=name.title(), email=f"{name}@example.org")
        factories.create_registration(event, person=person, email=person.email, given_name=name.title())
    db.session.commit()
    return event


def test_a_mailing_is_unsubscribed_by_the_mail_clients_one_click_post(app, smtp, client, network, meeting):  # noqa: F811
    with app.test_request_context():
        queue_mailing(Draft(network, meeting, "Neues", "Hallo {vorname}", {}),
                      event_addressees(meeting.id, EventAudience()))
        db.session.commit()
    assert deliver_due() == (2, 0)
    by_address = {message["To"]: message for message in smtp.messages}
    amal, bernd = header_link(by_address["amal@example.org"]), header_link(by_address["bernd@example.org"])
    assert amal != bernd and amal.startswith("/abbestellen/")
    assert amal in by_address["amal@example.org"].get_body(("plain",)).get_content()  # the same link as in the text

    assert client.get(amal).status_code == 200  # a link scanner opens it: nothing happens
    assert MailOptOut.query.count() == 0
    assert client.post(amal, data={}).status_code == 400  # neither one click nor the page's form
    response = client.post(amal, data=ONE_CLICK)  # the mail client's one click, no CSRF token
    assert response.status_code == 200 and MailOptOut.query.count() == 1
    assert MailOptOut.query.one().person_id == Person.query.filter_by(email="amal@example.org").one().id
    assert client.post(amal, data=ONE_CLICK).status_code == 200  # again: still fine, still one opt-out
    assert MailOptOut.query.count() == 1


def test_an_invitation_is_unsubscribed_by_the_mail_clients_one_click_post(app, smtp, client, network, meeting):  # noqa: F811
    person = factories.create_person(network, given_name="Vera", email="vera@example.org")
    db.session.commit()
    with app.test_request_context():
        invite(meeting, Criteria(not_registered_for_event_id=meeting.id))
        db.session.commit()
    assert deliver_due() == (1, 0)
    [message] = smtp.messages
    link = header_link(message)
    assert re.fullmatch(r"/einladung/[A-Za-z0-9_-]{43}/abmelden", link)
    assert client.get(link).status_code == 200 and MailOptOut.query.count() == 0
    assert client.post(link, data=ONE_CLICK).status_code == 200
    assert MailOptOut.query.one().person_id == person.id


def test_mails_about_ones_own_registration_carry_no_list_unsubscribe(app, smtp, network, meeting):  # noqa: F811
    start = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    soon = factories.create_event(network, title="Bald", starts_at=start, ends_at=start + timedelta(hours=2))
    db.session.commit()
    with app.test_request_context():
        register(soon.id, factories.registrant(1), locale="de")  # the confirmation
    db.session.add(ReminderRule(event_id=soon.id, days=4, hours=0, direction="before", anchor="start",
                                audience="confirmed", template="reminder"))
    db.session.commit()
    with app.test_request_context():
        assert len(send_due()) == 1  # the reminder, due a day ago
    assert deliver_due() == (2, 0)
    for message in smtp.messages:
        assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
