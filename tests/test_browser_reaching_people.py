"""Issue 15 in a real browser (Debian's chromium): a coordinator invites, writes a mailing, sets reminder rules,
copies an event and creates a series; visitors answer invitations, subscribe and unsubscribe on a phone, by keyboard
where a visitor would, each through the link read from the mail the app wrote."""
import re
import shutil

import pytest
from sqlalchemy import select

from netzwerk.events.models import Event
from netzwerk.extensions import db
from netzwerk.invitations.models import Invitation
from netzwerk.mail.links import body_as_sent, unseal
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.sender import deliver_due
from netzwerk.mailings.models import Mailing, ReminderRule
from netzwerk.registrations.models import Registration
from netzwerk.series.models import EventSeries, SeriesSubscription
from netzwerk.subscriptions.models import Subscription

from . import factories
from .conftest import CHROMIUM
from .test_browser import _sign_in as sign_in
from .test_invitations import pilot  # noqa: F401  (the fixture: pilot Kommunen with their people)
from .test_mail import parts, smtp  # noqa: F401  (smtp: the fixture, a real SMTP server)

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed (make test installs it)")

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def desk(chromium):
    """The coordinator's browser at a desk."""
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(chromium):
    """A visitor's phone."""
    context = chromium.new_context(locale="de-DE", viewport=PHONE)
    yield context.new_page()
    context.close()


def link_mailed_to(address: str, pattern: str, live_url: str) -> str:
    """The newest link of `pattern` in the newest mail to `address`, pointed at the live server."""
    db.session.expire_all()
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)
                               .order_by(OutboxMail.id.desc())).all()
    for mail in mails:
        for text in (body_as_sent(mail), unseal(mail.secret_link) if mail.secret_link else ""):
            found = re.search(r"https?://[^/\s]+(" + pattern + r")", text)
            if found:
                return live_url + found.group(1)
    raise AssertionError(f"no link {pattern} in the mails to {address}")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached by Tab")


def test_invitations_to_the_pilot_kommunen_are_answered_from_the_mail_and_counted(live_url, desk, phone, coordinator,
                                                                                     pilot):
    event = pilot["event"]
    sign_in(desk, live_url, coordinator)
    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}/einladungen/neu")
    desk.get_by_label("Pilotkommunen").check()
    with desk.expect_navigation():
        desk.get_by_role("button", name="Liste anzeigen").click()
    assert "Gewählt: 2 Personen. Eine Einladung bekommen: 2." in desk.content()
    assert "merzig@example.org" not in desk.content()  # 2. Phase
    with desk.expect_navigation():
        desk.get_by_role("button", name="2 Personen einladen").click()
    desk.wait_for_url(re.compile(r".*/einladungen$"))
    assert "Eingeladen: 2" in desk.locator("main").inner_text()

    # Düren registers through the link on a phone: the form is filled in, the address proven by the link.
    phone.goto(link_mailed_to("düren@example.org", r"/einladung/[A-Za-z0-9_-]+", live_url))
    assert phone.locator("#given_name").input_value() == "Vera"
    assert "düren@example.org" in phone.locator("main").inner_text()  # bound to the invited address
    assert fits(phone)
    phone.locator("#consent").check()
    with phone.expect_navigation():
        phone.locator("main form[method=post] button[type=submit]").last.click()
    assert "angemeldet" in phone.locator("main").inner_text()

    # Gütersloh declines with a message.
    phone.goto(link_mailed_to("gütersloh@example.org", r"/einladung/[A-Za-z0-9_-]+", live_url) + "/absagen")
    phone.get_by_label("Nachricht").fill("Leider im Urlaub.")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Absage senden").click()
    assert "Danke für Ihre Rückmeldung" in phone.content() and "Sie haben abgesagt" in phone.content()

    desk.reload()
    answers = desk.get_by_role("list", name="Antworten").inner_text()
    assert "Eingeladen: 2" in answers and "Angemeldet: 1" in answers and "Abgesagt: 1" in answers
    assert "Leider im Urlaub." in desk.locator("table").inner_text()
    registration = db.session.scalar(select(Registration).where(Registration.event_id == event.id))
    assert registration.email == "düren@example.org"

    # Inviting the 2nd phase later invites nobody twice.
    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}/einladungen/neu")
    desk.get_by_label("Pilotkommunen").check()
    desk.get_by_label("2. Phase").check()
    desk.get_by_label("Nur wer für diese Veranstaltung noch nicht angemeldet ist").uncheck()
    with desk.expect_navigation():
        desk.get_by_role("button", name="Liste anzeigen").click()
    assert "Schon eingeladen (nicht noch einmal): 2" in desk.content()
    with desk.expect_navigation():
        desk.get_by_role("button", name="1 Person einladen").click()
    db.session.expire_all()
    assert len(db.session.scalars(select(Invitation).where(Invitation.event_id == event.id)).all()) == 3


def test_a_mailing_is_previewed_per_recipient_sent_and_its_progress_shown(app, smtp, live_url, desk,  # noqa: F811
                                                                           coordinator, network):
    event = factories.create_event(network, title="Netzwerktreffen Gütersloh")
    for name, locale in (("Amal", "ar"), ("Bernd", "de")):
        person = factories.create_person(network, given_name=name, family_name="Muster", email=f"{name.lower()}@example.org")
        factories.create_registration(event, state="confirmed", person=person, given_name=name, family_name="Muster",
                                      email=person.email, locale=locale)
    db.session.commit()
    sign_in(desk, live_url, coordinator)
    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}")
    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}/mailings/neu")
    desk.get_by_label("Betreff").fill("Neues zu {veranstaltung}")
    desk.get_by_label("Text").fill("Liebe:r {vorname},\n\nbis bald.")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Vorschau und Empfänger anzeigen").click()
    assert "Liebe:r Amal," in desk.content()
    assert "Neues zu Netzwerktreffen Gütersloh" in desk.content()

    with desk.expect_navigation():
        desk.get_by_role("button", name="An 2 Personen senden").click()
    desk.wait_for_url(re.compile(r".*/mailings/\d+$"))
    assert "Mailing" in desk.locator("h1").inner_text()
    deliver_due()
    desk.reload()
    recipients = desk.locator("main").inner_text()
    assert "amal@example.org" in recipients and "bernd@example.org" in recipients
    mailing = db.session.scalar(select(Mailing))
    assert mailing.subject == "Neues zu {veranstaltung}"
    delivered = {message["To"]: parts(message)[0] for message in smtp.messages}
    assert set(delivered) == {"amal@example.org", "bernd@example.org"}

    # The unsubscribe link in the delivered mail works in one click (a confirm page first: link scanners change
    # nothing).
    unsubscribe = live_url + re.search(r"https?://[^/\s]+(/abbestellen/[A-Za-z0-9_-]+)",
                                       delivered["amal@example.org"]).group(1)
    desk.goto(unsubscribe)
    with desk.expect_navigation():
        desk.locator("main form[method=post] button[type=submit]").click()
    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}/mailings/neu")
    desk.get_by_label("Betreff").fill("Noch einmal")
    desk.get_by_label("Text").fill("Hallo {vorname}")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Vorschau und Empfänger anzeigen").click()
    desk.get_by_text("Haben abbestellt (bekommen keine Mail): 1").wait_for()  # listed, not silently skipped
    assert "Amal Muster" in desk.content()
    desk.get_by_role("button", name="An 1 Person senden").wait_for()


def test_visitor_subscribes_on_a_phone_by_keyboard_confirms_from_the_mail_and_unsubscribes(live_url, phone, network):
    factories.create_membership(network, factories.create_kommune(name="Düren"))
    db.session.commit()
    phone.goto(f"{live_url}/n/{network.slug}/informiert-bleiben")
    assert fits(phone)
    tab_to(phone, "#given_name")
    phone.keyboard.type("Leyla")
    tab_to(phone, "#family_name")
    phone.keyboard.type("Haddad")
    tab_to(phone, "#email")
    phone.keyboard.type("leyla@example.org")
    tab_to(phone, "#consent")
    phone.keyboard.press("Space")
    tab_to(phone, "main form[method=post] button[type=submit]")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r".*/gesendet.*"))
    assert "Postfach" in phone.locator("h1").inner_text()

    confirm = link_mailed_to("leyla@example.org", r"/informiert-bleiben/[A-Za-z0-9_-]+", live_url)
    phone.goto(confirm)
    assert db.session.scalar(select(Subscription.state)) == "pending"  # opening the link changes nothing
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ja, ich möchte informiert bleiben").click()
    db.session.expire_all()
    assert db.session.scalar(select(Subscription.state)) == "confirmed"

    phone.goto(confirm + "/abmelden")
    with phone.expect_navigation():
        phone.locator("main form[method=post] button[type=submit]").click()
    db.session.expire_all()
    assert db.session.scalar(select(Subscription.state)) == "unsubscribed"


def test_coordinator_creates_a_monthly_series_and_a_visitor_subscribes_to_it(live_url, desk, phone, coordinator,
                                                                              network):
    sign_in(desk, live_url, coordinator)
    desk.goto(f"{live_url}/manage/reihen/neu")
    desk.get_by_label("Titel").fill("Fachaustausch")
    desk.get_by_label("Monatlich").check()
    desk.get_by_label("Beginn (Uhrzeit)").fill("12:30")
    desk.get_by_label("Ende (Uhrzeit)").fill("13:30")
    desk.get_by_label("Ab", exact=True).fill("2030-01-01")
    desk.get_by_label("Oder: Anzahl der Termine").fill("4")
    desk.get_by_label("Termine sofort veröffentlichen").check()
    with desk.expect_navigation():
        desk.locator("main form[method=post] button[type=submit]").last.click()
    desk.wait_for_url(re.compile(r".*/reihen/\d+$"))
    series = db.session.scalar(select(EventSeries))
    dates = db.session.scalars(select(Event).where(Event.series_id == series.id).order_by(Event.starts_at)).all()
    assert len(dates) == 4
    assert all(event.starts_at.day >= 22 for event in dates)  # the last Wednesday of each month

    phone.goto(f"{live_url}/n/{network.slug}/reihe/{series.id}")
    assert fits(phone)
    phone.locator("#given_name").fill("Amal")
    phone.locator("#family_name").fill("Haddad")
    phone.locator("#email").fill("amal@example.org")
    phone.locator("#consent").check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Reihe abonnieren").click()
    db.session.expire_all()
    assert db.session.scalar(select(SeriesSubscription.email)) == "amal@example.org"
    registered = db.session.scalars(select(Registration.event_id).where(Registration.email == "amal@example.org"))
    assert sorted(registered) == sorted(event.id for event in dates)


def test_coordinator_adds_reminder_rules_and_copies_the_event_with_its_agenda(live_url, desk, coordinator, network):
    event = factories.create_event(network, title="Netzwerktreffen Merzig")
    factories.create_agenda_item(event, title="Begrüßung durch den Landrat")
    db.session.commit()
    sign_in(desk, live_url, coordinator)
    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}/erinnerungen")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Standard-Erinnerungen anlegen").click()
    rules = db.session.scalars(select(ReminderRule).where(ReminderRule.event_id == event.id)).all()
    assert len(rules) >= 2
    assert "Tage vorher" in desk.locator("main").inner_text() or "vorher" in desk.locator("main").inner_text()

    desk.goto(f"{live_url}/manage/veranstaltungen/{event.id}/kopieren")
    desk.locator("#start_date").fill("2031-05-07")
    with desk.expect_navigation():
        desk.locator("main form[method=post] button[type=submit]").last.click()
    desk.wait_for_url(re.compile(r".*/veranstaltungen/\d+(/bearbeiten)?$"))
    db.session.expire_all()
    copies = db.session.scalars(select(Event).where(Event.id != event.id, Event.title.contains("Merzig"))).all()
    assert len(copies) == 1
    assert [item.title for item in copies[0].agenda_items] == ["Begrüßung durch den Landrat"]
