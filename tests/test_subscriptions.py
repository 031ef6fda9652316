"""Announcement subscriptions (issue 15, point 4): a visitor asks to be invited ("Informiert bleiben"), confirms with
the link mailed in their language (double opt-in), becomes invitable, and unsubscribes in one click."""
import re
from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.invitations.models import MailOptOut
from netzwerk.invitations.recipients import Criteria, recipients
from netzwerk.invitations.services import invite
from netzwerk.kommunen.models import Kommune
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.sender import deliver_due
from netzwerk.mailings.audience import network_addressees
from netzwerk.people.models import Person
from netzwerk.subscriptions.models import Subscription, SubscriptionState
from netzwerk.subscriptions.services import CONSENT_VERSION, SUBSCRIBED_TAG, purge_expired

from . import factories
from .conftest import csrf_from
from .test_mail import parts, smtp  # noqa: F401  (smtp: the fixture, a real SMTP server)

LINK = re.compile(r"http://localhost/informiert-bleiben/([A-Za-z0-9_-]+)")
FORM = "/n/ankommen/informiert-bleiben"


def fresh_form_token() -> None:
    """Requests share the test's app context: forget the CSRF token another client's page left in `g`."""
    g.pop("csrf_token", None)


def submit(client, email="leyla@example.org", lang="de", **fields):
    fresh_form_token()
    page = client.get(f"{FORM}?lang={lang}")
    assert page.status_code == 200
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), "given_name": "Leyla", "family_name": "Haddad",
            "email": email, "locale": lang, "consent": "y", **fields}
    return client.post(FORM, data=data)


def token_mailed_to(address: str) -> str:
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)
                              .order_by(OutboxMail.id.desc())).first()
    return LINK.search(body_as_sent(mail)).group(1)


def subscription(address="leyla@example.org") -> Subscription:
    db.session.expire_all()
    return db.session.scalar(select(Subscription).where(Subscription.email == address))


def press(client, url):
    fresh_form_token()
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True))})


@pytest.fixture
def ankommen(network):
    kommune = factories.create_kommune(name="Düren")
    factories.create_membership(network, kommune)
    db.session.commit()
    return network


def test_public_network_page_links_to_the_form_which_defaults_to_the_page_language(client, ankommen):
    assert client.get("/n/ankommen/").get_data(as_text=True).count(f'href="{FORM}"') == 2  # page and footer
    html = client.get(f"{FORM}?lang=fa").get_data(as_text=True)
    assert '<option selected value="fa">' in html or 'value="fa" selected' in html
    assert "Düren" in html  # the network's Kommunen to choose from


def test_arabic_subscriber_gets_the_confirmation_in_arabic_over_smtp(app, client, ankommen, smtp):  # noqa: F811
    response = submit(client, lang="ar")
    assert response.status_code == 302

    [mail] = db.session.scalars(select(OutboxMail)).all()
    assert mail.to_address == "leyla@example.org" and "/informiert-bleiben/" not in mail.body_text  # link sealed
    assert deliver_due() == (1, 0)
    [message] = smtp.messages
    text, html, _ = parts(message)
    assert "يرجى تأكيد" in message["Subject"]
    assert "Leyla Haddad" in text and 'dir="rtl"' in html
    token = LINK.search(text).group(1)
    assert f"/informiert-bleiben/{token}/abmelden" in text  # the personal unsubscribe link in every mail
    assert len(token) >= 22  # ≥128 bits
    stored = subscription()
    assert token not in stored.token_hash and stored.state == SubscriptionState.PENDING
    assert stored.locale == "ar" and stored.consent_version == CONSENT_VERSION
    assert "البريد الإلكتروني" in stored.consent_text  # the consent as they read it, in Arabic


def test_get_of_the_link_changes_nothing_and_post_confirms(client, ankommen):
    kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Düren"))
    submit(client, kommune_id=str(kommune_id), organisation_type="Jobcenter")
    token = token_mailed_to("leyla@example.org")

    page = client.get(f"/informiert-bleiben/{token}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert subscription().state == SubscriptionState.PENDING
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0

    done = client.post(f"/informiert-bleiben/{token}", data={"csrf_token": csrf_from(page.get_data(as_text=True))},
                       follow_redirects=True)
    assert "Ihre Anmeldung ist bestätigt" in done.get_data(as_text=True)
    confirmed = subscription()
    assert confirmed.state == SubscriptionState.CONFIRMED and confirmed.confirmed_at is not None
    person = confirmed.person
    assert person.network_id == ankommen.id and person.email == "leyla@example.org" and SUBSCRIBED_TAG in person.tags
    assert confirmed.kommune_id == kommune_id and confirmed.organisation_type == "Jobcenter"


def test_post_without_csrf_token_confirms_nothing(client, ankommen):
    submit(client)
    token = token_mailed_to("leyla@example.org")
    client.post(f"/informiert-bleiben/{token}")
    assert subscription().state == SubscriptionState.PENDING


def test_expired_link_gets_a_clear_page_and_is_purged(client, ankommen):
    submit(client)
    token = token_mailed_to("leyla@example.org")
    pending = subscription()
    pending.expires_at = pending.expires_at - timedelta(days=8)
    db.session.commit()

    page = client.get(f"/informiert-bleiben/{token}")
    assert page.status_code == 410 and "Link abgelaufen" in page.get_data(as_text=True)
    token_field = {"csrf_token": csrf_from(client.get(FORM).get_data(as_text=True))}
    assert client.post(f"/informiert-bleiben/{token}", data=token_field).status_code == 410
    assert purge_expired() == 1
    db.session.commit()
    assert subscription() is None


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 500, "%00", "' OR 1=1 --", "..%2f..%2fetc"])
def test_hostile_tokens_are_not_found(client, ankommen, token):
    assert client.get(f"/informiert-bleiben/{token}").status_code == 404
    assert client.get(f"/informiert-bleiben/{token}/abmelden").status_code == 404


def test_submitting_twice_makes_one_record_and_never_tells_it_is_subscribed(client, ankommen):
    first = submit(client)
    press(client, f"/informiert-bleiben/{token_mailed_to('leyla@example.org')}")
    confirmed_at = subscription().confirmed_at
    second = submit(client, given_name="Jemand", family_name="Anderes")

    assert first.headers["Location"] == second.headers["Location"]
    assert client.get(second.headers["Location"]).get_data(as_text=True).count("Bitte sehen Sie in Ihr Postfach") == 1
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1
    kept = subscription()
    assert kept.state == SubscriptionState.CONFIRMED and kept.given_name == "Leyla" and kept.confirmed_at == confirmed_at
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 1  # no mail to a confirmed address


def test_pending_address_submitted_again_gets_a_fresh_link_and_the_old_one_dies(client, ankommen):
    submit(client)
    old = token_mailed_to("leyla@example.org")
    submit(client)
    new = token_mailed_to("leyla@example.org")
    assert old != new
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1
    assert client.get(f"/informiert-bleiben/{old}").status_code == 404
    assert client.get(f"/informiert-bleiben/{new}").status_code == 200


def test_missing_consent_is_refused_next_to_the_field(client, ankommen):
    response = submit(client, consent="")
    assert response.status_code == 422
    assert "Bitte stimmen Sie zu" in response.get_data(as_text=True)
    assert subscription() is None


def test_confirmed_subscriber_is_invitable_and_unsubscribing_lists_them_as_opted_out(client, ankommen):
    submit(client)
    token = token_mailed_to("leyla@example.org")
    press(client, f"/informiert-bleiben/{token}")
    [chosen] = recipients(ankommen.id, Criteria(tags=[SUBSCRIBED_TAG])).reachable
    assert chosen.name == "Leyla Haddad"

    page = client.get(f"/informiert-bleiben/{token}/abmelden")
    assert page.status_code == 200 and subscription().state == SubscriptionState.CONFIRMED  # GET changes nothing
    done = client.post(f"/informiert-bleiben/{token}/abmelden",
                       data={"csrf_token": csrf_from(page.get_data(as_text=True))}, follow_redirects=True)
    assert "Sie haben sich abgemeldet" in done.get_data(as_text=True)

    after = recipients(ankommen.id, Criteria(tags=[SUBSCRIBED_TAG]))
    assert after.reachable == [] and [r.name for r in after.opted_out] == ["Leyla Haddad"]
    assert subscription().state == SubscriptionState.UNSUBSCRIBED


def test_subscriber_is_invited_in_the_language_chosen_when_subscribing(client, ankommen):
    submit(client, lang="uk")
    press(client, f"/informiert-bleiben/{token_mailed_to('leyla@example.org')}")
    [chosen] = recipients(ankommen.id, Criteria(tags=[SUBSCRIBED_TAG])).reachable
    assert chosen.locale == "uk"


def test_confirming_links_a_known_person_and_ends_their_opt_out(client, ankommen):
    known = factories.create_person(ankommen, given_name="Leyla", family_name="H.", email="Leyla@Example.org")
    db.session.add(MailOptOut(person_id=known.id))
    db.session.commit()
    submit(client)
    press(client, f"/informiert-bleiben/{token_mailed_to('leyla@example.org')}")
    assert subscription().person_id == known.id and not subscription().person_created
    assert db.session.get(MailOptOut, known.id) is None
    assert db.session.scalar(select(func.count()).select_from(Person)) == 1


# --- the coordinators' list -------------------------------------------------------------------------------------

def test_coordinator_sees_counts_and_consent_and_erases_one(signed_in, ankommen, count_queries):
    visitor = signed_in.client.application.test_client()
    for n in range(3):
        response = submit(visitor, email=f"p{n}@example.org")
        assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    press(visitor, f"/informiert-bleiben/{token_mailed_to('p0@example.org')}")

    url = f"/manage/netzwerke/{ankommen.id}/informiert-bleiben"
    with count_queries() as counted:
        page = signed_in.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Bestätigt: <strong>1</strong>" in html and "Unbestätigt: <strong>2</strong>" in html
    assert f"Fassung {CONSENT_VERSION}" in html and "p2@example.org" in html
    baseline = counted.n
    submit(visitor, email="p9@example.org")
    with count_queries() as counted:
        signed_in.get(url)
    assert counted.n == baseline  # no query per row

    confirmed = subscription("p0@example.org")
    person_id = confirmed.person_id
    erase_url = f"{url}/{confirmed.id}/loeschen"
    assert signed_in.get(erase_url).status_code == 200 and subscription("p0@example.org") is not None
    press(signed_in.client, erase_url)
    assert subscription("p0@example.org") is None and db.session.get(Person, person_id) is None


def test_coordinator_of_another_network_cannot_see_or_erase(client, browser, ankommen):
    other = factories.create_network(name="Anderes", slug="anderes")
    outsider = factories.create_user(email="fremd@example.org", networks=[other])
    db.session.commit()
    submit(client)
    target = subscription()
    browser.login(outsider)
    assert browser.get(f"/manage/netzwerke/{ankommen.id}/informiert-bleiben").status_code == 403
    assert browser.get(f"/manage/netzwerke/{ankommen.id}/informiert-bleiben/{target.id}/loeschen").status_code == 403
    assert browser.get(f"/manage/netzwerke/{other.id}/informiert-bleiben/{target.id}/loeschen").status_code == 404


def test_kommune_and_organisation_type_of_a_subscriber_count_in_the_filters_of_invitations_and_mailings(
        client, ankommen):
    duren = db.session.scalar(select(Kommune).where(Kommune.name == "Düren"))
    merzig = factories.create_kommune(name="Merzig")
    factories.create_membership(ankommen, merzig, phase="2. Phase")
    db.session.commit()
    submit(client, kommune_id=str(duren.id), organisation_type="Jobcenter")
    press(client, f"/informiert-bleiben/{token_mailed_to('leyla@example.org')}")
    submit(client, email="noch@example.org", kommune_id=str(duren.id), organisation_type="Jobcenter")  # unconfirmed

    def invitable(**criteria):
        return [(r.name, r.kommune) for r in recipients(ankommen.id, Criteria(**criteria)).chosen]

    def mailed(**criteria):
        return [a.name for a in network_addressees(ankommen.id, Criteria(**criteria))]

    assert invitable(kommune_ids=[duren.id]) == [("Leyla Haddad", "Düren")]
    assert invitable(organisation_types=["Jobcenter"]) == [("Leyla Haddad", "Düren")]
    assert invitable(phases=["Pilotkommunen"]) == [("Leyla Haddad", "Düren")]
    assert invitable(kommune_ids=[merzig.id]) == invitable(organisation_types=["IHK"]) == []
    assert invitable(phases=["2. Phase"]) == []
    assert mailed(kommune_ids=[duren.id], organisation_types=["Jobcenter"]) == ["Leyla Haddad"]
    assert mailed(kommune_ids=[merzig.id]) == []

    event = factories.create_event(ankommen, title="Netzwerktreffen Düren", status="published")
    db.session.commit()
    with client.application.test_request_context():
        invite(event, Criteria(kommune_ids=[duren.id]))
        db.session.commit()
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "invitation"))
    token = re.search(r"/einladung/([A-Za-z0-9_-]+)", body_as_sent(mail)).group(1)
    form = client.get(f"/einladung/{token}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{duren.id}">Düren</option>', form)  # her Kommune filled in
