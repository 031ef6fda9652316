"""A coordinator and participants walking through "reaching people" on the demo (invitations, reminders and
mailings, "Informiert bleiben", online meetings, series): what they met that was wrong, as stories."""
import re
from datetime import date, timedelta

from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.invitations.models import Invitation, InvitationState
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail
from netzwerk.mailings.models import ReminderRule
from netzwerk.mailings.schedule import send_due
from netzwerk.registrations.services import register

from . import factories
from .conftest import csrf_from
from .test_invitations import invited, pilot  # noqa: F401  (pilot: the fixture)
from .test_online_meetings import DIAL_IN, hybrid, sign_up  # noqa: F401  (hybrid: the fixture)
from .test_subscriptions import fresh_form_token, token_mailed_to

FORM = "/n/ankommen/informiert-bleiben"


# --- "Informiert bleiben" -----------------------------------------------------------------------------------------

def test_unsubscribe_link_of_a_confirmation_mail_asked_for_in_arabic_leads_to_the_unsubscribe_page(client, network):
    """The form of an Arabic page posts to `…?lang=ar`: the mailed link carried it, and "/abmelden" was put after
    the query string, so the unsubscribe link opened the confirmation page instead."""
    fresh_form_token()
    page = client.get(f"{FORM}?lang=ar")
    client.post(f"{FORM}?lang=ar", data={"csrf_token": csrf_from(page.get_data(as_text=True)), "given_name": "Amal",
                                         "family_name": "Haddad", "email": "amal@example.org", "locale": "ar",
                                         "consent": "y"})
    token = token_mailed_to("amal@example.org")
    body = body_as_sent(OutboxMail.query.filter_by(to_address="amal@example.org").one())

    unsubscribe = re.search(r"(http://localhost/\S+/abmelden\S*)", body).group(1)
    assert unsubscribe == f"http://localhost/informiert-bleiben/{token}/abmelden"
    html = client.get(unsubscribe.removeprefix("http://localhost")).get_data(as_text=True)
    assert 'lang="ar"' in html and "نعم، لا مزيد من الدعوات" in html  # "Ja, keine Einladungen mehr"


# --- invitations --------------------------------------------------------------------------------------------------

def test_someone_who_declined_and_then_registered_counts_as_registered(browser, signed_in, coordinator, pilot):  # noqa: F811
    """The demo's invitations page listed four people as "Abgesagt" who had since registered to take part online:
    the counts said 6 declined and 24 registered."""
    token = invited(signed_in, pilot)
    assert browser.submit(f"/einladung/{token}/absagen", {"message": "Leider im Urlaub."}).status_code == 302
    person = pilot["people"]["Düren"]
    register(pilot["event"].id, {"given_name": person.given_name, "family_name": person.family_name,
                                 "email": person.email, "consent": True}, by_coordinator=True)
    db.session.commit()

    signed_in.login(coordinator)
    html = signed_in.get(f"/manage/veranstaltungen/{pilot['event'].id}/einladungen").get_data(as_text=True)

    assert Invitation.query.one().state == InvitationState.REGISTERED
    assert "Angemeldet: <strong>1</strong>" in html and "Abgesagt: <strong>0</strong>" in html


def test_registering_through_the_invitation_says_what_happens_when_the_coordinator_must_approve(
        browser, signed_in, pilot):  # noqa: F811
    """It said "Vielen Dank, Sie sind angemeldet. Die Bestätigung … kommt per E-Mail" while the registration waited
    for approval, and pointed to "the personal link from our first mail": the first mail was the invitation, whose
    link is not that one."""
    pilot["event"].requires_approval = True
    db.session.commit()
    token = invited(signed_in, pilot)
    page = browser.get(f"/einladung/{token}")

    response = browser.client.post(f"/einladung/{token}", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "given_name": "Vera", "family_name": "Düren",
        "consent": "y", "organisation_type": "Sonstige"}, follow_redirects=True)
    html = response.get_data(as_text=True)

    assert "wird vom Netzwerkbüro geprüft" in html
    assert "Die Bestätigung mit Ihrem persönlichen Link kommt" not in html
    assert "aus unserer ersten Mail" not in html
    assert "Wir haben Ihnen eine E-Mail mit Ihrem persönlichen Link geschickt." in html


# --- reminders ----------------------------------------------------------------------------------------------------

def test_reminder_rules_read_one_day_not_one_days_and_leave_out_zero_hours(signed_in, network):
    """The demo's rules read "7 Tage 0 Std. vor dem Beginn" and "1 Tage 0 Std. …"."""
    event = factories.create_event(network)
    db.session.commit()
    url = f"/manage/veranstaltungen/{event.id}/erinnerungen"
    signed_in.submit(f"{url}/standard", form_url=url)
    signed_in.submit(url, {"days": "0", "hours": "1", "direction": "before", "anchor": "start",
                           "audience": "confirmed", "template": "reminder"})

    html = signed_in.get(url).get_data(as_text=True)

    assert "1 Tag vor dem Beginn" in html and "7 Tage vor dem Beginn" in html and "1 Tag nach dem Ende" in html
    assert "1 Stunde vor dem Beginn" in html
    assert "Tage 0" not in html and "1 Tage" not in html


# --- mails in the recipient's language ----------------------------------------------------------------------------

ARABIC_TITLE = "لقاء الشبكة في دورن"


def test_an_invitation_in_arabic_names_the_event_by_its_arabic_title_and_links_its_arabic_page(
        browser, signed_in, pilot):  # noqa: F811
    """The invitation's body named the event in Arabic, but its subject and the invitation page in German, and the
    link to the event page opened it in German."""
    event, person = pilot["event"], pilot["people"]["Düren"]
    event.translations = {"title": {"ar": ARABIC_TITLE}}
    earlier = factories.create_event(pilot["network"], starts_at=event.starts_at.replace(year=2020),
                                     ends_at=event.ends_at.replace(year=2020))
    factories.create_registration(earlier, person=person, locale="ar")
    db.session.commit()

    token = invited(signed_in, pilot)
    mail = OutboxMail.query.filter_by(kind="invitation").one()
    page = browser.get(f"/einladung/{token}").get_data(as_text=True)

    assert ARABIC_TITLE in mail.subject and event.title not in mail.subject
    assert f"/n/ankommen/{event.id}?lang=ar" in mail.body_text
    assert f"<h1 class=\"h3\">دعوة: <bdi>{ARABIC_TITLE}</bdi></h1>" in page


def test_a_reminder_in_arabic_names_the_event_by_its_arabic_title(app, network):
    start = (utcnow() + timedelta(days=5)).replace(microsecond=0)
    event = factories.create_event(network, title="Netzwerktreffen Düren", starts_at=start,
                                   ends_at=start + timedelta(hours=6), translations={"title": {"ar": ARABIC_TITLE}})
    factories.create_registration(event, email="gast@example.org", locale="ar")
    db.session.add(ReminderRule(event_id=event.id, days=6, hours=0, direction="before", anchor="start",
                                audience="confirmed", template="reminder"))  # due a day ago
    db.session.commit()

    with app.test_request_context():
        send_due()
    mail = OutboxMail.query.filter_by(kind="scheduled_reminder").one()

    assert ARABIC_TITLE in mail.subject and "Netzwerktreffen" not in mail.subject
    assert f"/n/ankommen/{event.id}?lang=ar" in mail.body_text


# --- choosing recipients --------------------------------------------------------------------------------------------

def test_came_to_filter_tells_the_dates_of_a_series_apart(signed_in, network):
    """"War dabei bei" listed "Fachaustausch online" once per date of the series, each the same words."""
    for month in (1, 2):
        factories.create_event(network, title="Fachaustausch online", starts_at=factories.at(date(2026, month, 28), 12),
                               ends_at=factories.at(date(2026, month, 28), 13))
    event = factories.create_event(network, title="Netzwerktreffen", starts_at=factories.at(date(2026, 6, 1), 10),
                                   ends_at=factories.at(date(2026, 6, 1), 15))
    db.session.commit()

    for url in (f"/manage/veranstaltungen/{event.id}/einladungen/neu", f"/manage/netzwerke/{network.id}/mailings/neu"):
        html = signed_in.get(url).get_data(as_text=True)
        assert "Fachaustausch online (28.01.2026)" in html and "Fachaustausch online (28.02.2026)" in html, url


# --- online meetings in Arabic ------------------------------------------------------------------------------------

def test_the_dial_in_and_the_address_read_left_to_right_on_an_arabic_page(app, client, hybrid):  # noqa: F811
    """On the Arabic private page the dial-in "…, Konferenz-PIN 4711 0815#" showed as "#Konferenz-PIN 4711 0815" (the
    "#" to be typed last stood first) and "33332 Gütersloh" as "Gütersloh 33332"."""
    hybrid.venue_address = "Parkstraße 14\n33332 Gütersloh"
    db.session.commit()
    online = sign_up(app, hybrid, 1, "online", locale="ar")

    page = client.get(f"/anmeldung/{online.token}").get_data(as_text=True)
    public = client.get(f"/n/ankommen/{hybrid.id}?lang=ar").get_data(as_text=True)

    assert f'<span class="pre-line" dir="ltr">{DIAL_IN}</span>' in page
    for html in (page, public):
        assert '<span class="pre-line d-block" dir="auto">Parkstraße 14\n33332 Gütersloh</span>' in html
