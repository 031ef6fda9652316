"""Invitations (issue 15, point 1): a coordinator chooses people of the network, previews who gets a mail and who
does not, sends personal invitations in each person's language through the outbox; the invited person registers
through the link with the form filled in, or declines; reminders go only to those who have not answered."""
import re
import time

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from netzwerk.extensions import db
from netzwerk.invitations.models import Invitation, InvitationLink, InvitationState, MailOptOut
from netzwerk.invitations.recipients import Criteria, recipients
from netzwerk.invitations.services import invite
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.sender import deliver_due
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import csrf_from
from .test_mail import parts, smtp  # noqa: F401  (smtp: the fixture, a real SMTP server)

LINK = re.compile(r"http://localhost/einladung/([A-Za-z0-9_-]+)")


@pytest.fixture
def pilot(network):
    """Two pilot Kommunen and one of the 2nd phase, each with a Jobcenter; people in each."""
    people = {}
    for name, phase in (("Düren", "Pilotkommunen"), ("Gütersloh", "Pilotkommunen"), ("Merzig", "2. Phase")):
        kommune = factories.create_kommune(name=name)
        factories.create_membership(network, kommune, phase=phase)
        organisation = factories.create_organisation(network, name=f"Jobcenter {name}", kommune=kommune)
        people[name] = factories.create_person(network, given_name="Vera", family_name=name, organisation=organisation,
                                               function="Integrationsmanagerin", email=f"{name.lower()}@example.org")
    event = factories.create_event(network, title="Netzwerktreffen Düren", capacity=50)
    db.session.commit()
    return {"event": event, "people": people, "network": network}


def sent_links(to: str) -> list[str]:
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == to).order_by(OutboxMail.id)).all()
    return [LINK.search(body_as_sent(mail)).group(1) for mail in mails]


def new_url(event, **filters):
    query = "&".join(f"{name}={value}" for name, values in filters.items() for value in
                     (values if isinstance(values, list) else [values]))
    return f"/manage/veranstaltungen/{event.id}/einladungen/neu?{query}"


def send(signed_in, event, **filters):
    url = new_url(event, **filters)
    page = signed_in.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    return signed_in.client.post(url, data=MultiDict(fields))


# --- choosing and previewing ------------------------------------------------------------------------------------

def test_preview_chooses_by_phase_and_names_who_has_no_address_or_opted_out(signed_in, pilot):
    network, event = pilot["network"], pilot["event"]
    guetersloh = pilot["people"]["Gütersloh"].organisation
    factories.create_person(network, given_name="Ohne", family_name="Adresse", email="", organisation=guetersloh)
    quiet = factories.create_person(network, given_name="Will", family_name="Keine", organisation=guetersloh)
    db.session.add(MailOptOut(person_id=quiet.id))
    db.session.commit()

    page = signed_in.get(new_url(event, phase="Pilotkommunen", not_registered="y"))
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "Gewählt: 4 Personen. Eine Einladung bekommen: 2." in html
    assert "Ohne E-Mail-Adresse (bekommen keine Einladung): 1" in html and "Ohne Adresse" in html
    assert "Möchten keine Einladungen (bekommen keine): 1" in html and "Will Keine" in html
    assert "Vera Merzig" not in html  # 2. Phase
    assert Invitation.query.count() == 0  # a preview changes nothing


def test_filters_by_kommune_type_function_tag_and_attendance(app, pilot):
    network, event = pilot["network"], pilot["event"]
    people = pilot["people"]
    people["Düren"].tags = ["Steuerungsgruppe", "Förderung"]
    earlier = factories.create_event(network, title="Auftakt", starts_at=event.starts_at.replace(year=2020),
                                     ends_at=event.ends_at.replace(year=2020))
    factories.create_registration(earlier, state="attended", person=people["Merzig"])
    factories.create_registration(event, state="confirmed", person=people["Gütersloh"])
    db.session.commit()

    def names(**criteria):
        return [r.name for r in recipients(network.id, Criteria(**criteria), invited_to_event_id=event.id).chosen]

    duren_id = people["Düren"].organisation.kommune_id
    assert names(kommune_ids=[duren_id]) == ["Vera Düren"]
    assert names(tags=["Förderung"]) == ["Vera Düren"]
    assert names(tags=["Förder"]) == []  # a whole tag, not part of one
    assert names(function="integrations", organisation_types=["Jobcenter"]) == ["Vera Düren", "Vera Gütersloh",
                                                                               "Vera Merzig"]
    assert names(organisation_types=["IHK"]) == []
    assert names(attended_event_id=earlier.id) == ["Vera Merzig"]
    assert names(not_registered_for_event_id=event.id) == ["Vera Düren", "Vera Merzig"]


def test_hostile_filter_values_are_dropped_not_a_500(signed_in, pilot):
    event = pilot["event"]
    for query in ("kommune=abc&kommune=99999999999999999999", "phase=%00", "attended=x", "tag='%20OR%201=1",
                  "function=" + "x" * 500):
        response = signed_in.get(f"/manage/veranstaltungen/{event.id}/einladungen/neu?{query}")
        assert response.status_code in (200, 400, 404), query


# --- sending ------------------------------------------------------------------------------------------------------

def test_invitations_arrive_over_smtp_each_in_the_persons_language(app, smtp, signed_in, pilot):  # noqa: F811
    event, people = pilot["event"], pilot["people"]
    # Vera Düren registered in Arabic before: her invitation is written in Arabic.
    earlier = factories.create_event(pilot["network"], title="Auftakt", starts_at=event.starts_at.replace(year=2020),
                                     ends_at=event.ends_at.replace(year=2020))
    factories.create_registration(earlier, person=people["Düren"], locale="ar", email="düren@example.org")
    db.session.commit()

    response = send(signed_in, event, phase="Pilotkommunen", not_registered="y")

    assert response.status_code == 302
    assert deliver_due() == (2, 0)
    by_address = {message["To"]: message for message in smtp.messages}  # sent right after the request
    assert set(by_address) == {"düren@example.org", "gütersloh@example.org"}
    arabic_text, arabic_html, _ = parts(by_address["düren@example.org"])
    assert by_address["düren@example.org"]["Subject"] == "دعوة: Netzwerktreffen Düren"
    assert "Vera Düren" in arabic_text and 'dir="rtl"' in arabic_html
    german_text, _, invites = parts(by_address["gütersloh@example.org"])
    assert by_address["gütersloh@example.org"]["Subject"] == "Einladung: Netzwerktreffen Düren"
    assert "Guten Tag Vera Gütersloh," in german_text and "lädt Sie herzlich ein" in german_text
    token = LINK.search(german_text).group(1)
    assert len(token) >= 43  # 256 bits
    assert f"/einladung/{token}/absagen" in german_text and f"/einladung/{token}/abmelden" in german_text
    # Only the hash is stored; the outbox no longer holds the link once sent.
    assert db.session.scalar(select(func.count()).where(InvitationLink.token_hash.contains(token))) == 0
    assert all(not mail.secret_link for mail in OutboxMail.query.all())


def test_nobody_is_invited_twice_and_the_preview_says_who_has_an_invitation(signed_in, pilot):
    event = pilot["event"]
    send(signed_in, event, kommune=pilot["people"]["Düren"].organisation.kommune_id)
    assert [i.person.family_name for i in Invitation.query.all()] == ["Düren"]
    html = signed_in.get(new_url(event, phase="Pilotkommunen")).get_data(as_text=True)
    assert "Schon eingeladen (nicht noch einmal): 1" in html
    assert "Eine Einladung bekommen: 1." in html

    send(signed_in, event, phase="Pilotkommunen")
    assert sorted(i.person.family_name for i in Invitation.query.all()) == ["Düren", "Gütersloh"]
    send(signed_in, event, phase="Pilotkommunen")

    assert Invitation.query.count() == 2
    assert OutboxMail.query.filter_by(kind="invitation").count() == 2


def test_two_thousand_invitations_are_queued_at_once_in_few_statements(app, pilot, count_queries):
    network, event = pilot["network"], pilot["event"]
    db.session.add_all([factories.Person(network_id=network.id, given_name="Gast", family_name=f"Nummer{n}",
                                         email=f"gast{n}@example.org") for n in range(2000)])
    db.session.commit()
    started = time.perf_counter()
    with app.test_request_context(), count_queries() as counted:
        sent = invite(event, Criteria())
        db.session.commit()
    elapsed = time.perf_counter() - started
    assert sent.sent == 2003
    assert counted.n <= 25, counted.statements[:30]
    assert elapsed < 10  # typically well under 2 s; generous for a loaded test machine
    assert OutboxMail.query.filter_by(kind="invitation", status="pending").count() == 2003


def test_a_draft_event_sends_no_invitations(signed_in, pilot):
    event = pilot["event"]
    event.status = "draft"
    db.session.commit()
    response = send(signed_in, event, phase="Pilotkommunen")
    assert response.status_code == 302 and Invitation.query.count() == 0


# --- the invited person -----------------------------------------------------------------------------------------

def invited(signed_in, pilot, name="Düren"):
    send(signed_in, pilot["event"], kommune=pilot["people"][name].organisation.kommune_id)
    signed_in.logout()
    [token] = sent_links(f"{name.lower()}@example.org")
    return token


def test_link_opens_the_form_filled_in_and_registering_marks_the_invitation(browser, signed_in, pilot):
    token = invited(signed_in, pilot)
    page = browser.get(f"/einladung/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert 'value="Vera"' in html and 'value="Düren"' in html and "düren@example.org" in html
    assert 'name="email"' not in html  # bound to the invited address

    response = browser.client.post(f"/einladung/{token}", data={
        "csrf_token": csrf_from(html), "given_name": "Vera", "family_name": "Düren", "consent": "y",
        "email": "someone-else@example.org", "organisation_type": "Sonstige"})

    assert response.status_code == 302
    registration = Registration.query.one()
    invitation = Invitation.query.one()
    assert registration.email == "düren@example.org" and registration.state == "confirmed"
    assert registration.person_id == pilot["people"]["Düren"].id
    assert (invitation.state, invitation.registration_id) == (InvitationState.REGISTERED, registration.id)
    assert "Sie sind angemeldet." in browser.get(f"/einladung/{token}").get_data(as_text=True)


def test_declining_asks_first_then_records_the_message(browser, signed_in, pilot):
    token = invited(signed_in, pilot)
    page = browser.get(f"/einladung/{token}/absagen")
    assert page.status_code == 200 and Invitation.query.one().state == InvitationState.INVITED  # a GET changes nothing
    assert browser.client.post(f"/einladung/{token}/absagen", data={"message": "Urlaub"}).status_code == 400  # no CSRF

    response = browser.submit(f"/einladung/{token}/absagen", {"message": "Leider im Urlaub."})

    assert response.status_code == 302
    invitation = Invitation.query.one()
    assert (invitation.state, invitation.decline_message) == (InvitationState.DECLINED, "Leider im Urlaub.")
    assert invitation.responded_at is not None


def test_opting_out_keeps_the_person_out_of_the_next_invitations(browser, signed_in, coordinator, pilot):
    token = invited(signed_in, pilot)
    assert browser.submit(f"/einladung/{token}/abmelden").status_code == 302
    assert MailOptOut.query.count() == 1
    signed_in.login(coordinator)
    html = signed_in.get(new_url(pilot["event"], phase="Pilotkommunen")).get_data(as_text=True)
    assert "Möchten keine Einladungen (bekommen keine): 1" in html


def test_invitation_pages_speak_the_invitations_language(browser, signed_in, pilot):
    person = pilot["people"]["Düren"]
    earlier = factories.create_event(pilot["network"], starts_at=pilot["event"].starts_at.replace(year=2020),
                                     ends_at=pilot["event"].ends_at.replace(year=2020))
    factories.create_registration(earlier, person=person, locale="uk")
    db.session.commit()
    token = invited(signed_in, pilot)
    html = browser.get(f"/einladung/{token}/absagen").get_data(as_text=True)
    assert 'lang="uk"' in html and "Я не можу взяти участь" in html


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 500, "%00", "..%2F..%2Fetc", "ä" * 20, "'%20OR%201=1--"])
def test_bad_links_are_a_clear_404(client, pilot, token):
    for suffix in ("", "/absagen", "/abmelden"):
        response = client.get(f"/einladung/{token}{suffix}")
        assert response.status_code == 404, (token, suffix)


# --- the event's overview and reminders ---------------------------------------------------------------------

def test_overview_counts_answers_and_lists_them_in_constant_queries(app, signed_in, pilot, count_queries):
    event = pilot["event"]
    send(signed_in, event, phase="Pilotkommunen")
    send(signed_in, event, phase="2. Phase")
    invitations = Invitation.query.order_by(Invitation.id).all()
    invitations[0].state, invitations[0].decline_message = InvitationState.DECLINED, "Krank"
    factories.create_registration(event, person=invitations[1].person)  # registered by the public form
    db.session.commit()
    url = f"/manage/veranstaltungen/{event.id}/einladungen"
    signed_in.get(url)
    with count_queries() as few:
        html = signed_in.get(url).get_data(as_text=True)
    for _ in range(20):
        person = factories.create_person(pilot["network"], organisation=pilot["people"]["Merzig"].organisation)
        db.session.add(Invitation(event_id=event.id, person_id=person.id, email=person.email))
    db.session.commit()
    signed_in.get(url)
    with count_queries() as many:
        signed_in.get(url)

    assert "Eingeladen: <strong>3</strong>" in html
    assert "Angemeldet: <strong>1</strong>" in html and "Abgesagt: <strong>1</strong>" in html
    assert "Keine Antwort: <strong>1</strong>" in html and "Krank" in html
    assert many.n == few.n, "\n".join(s[:90] for s in few.statements + ["--"] + many.statements)


def test_reminder_goes_only_to_those_who_have_not_answered(app, signed_in, pilot):
    event = pilot["event"]
    send(signed_in, event, phase=["Pilotkommunen", "2. Phase"])
    by_name = {i.person.family_name: i for i in Invitation.query.all()}
    by_name["Düren"].state = InvitationState.DECLINED
    factories.create_registration(event, person=by_name["Gütersloh"].person)
    db.session.commit()

    url = f"/manage/veranstaltungen/{event.id}/einladungen"
    response = signed_in.submit(f"{url}/erinnern", form_url=url)

    assert response.status_code == 302
    reminders = OutboxMail.query.filter_by(kind="invitation_reminder").all()
    assert [mail.to_address for mail in reminders] == ["merzig@example.org"]
    assert reminders[0].subject == "Erinnerung – Einladung: Netzwerktreffen Düren"
    first, second = sent_links("merzig@example.org")
    assert first != second
    assert signed_in.get(f"/einladung/{first}").status_code == 200  # the first mail's link still works
    assert Invitation.query.filter_by(state=InvitationState.REGISTERED).count() == 1


def test_reminder_to_chosen_ones_only(signed_in, pilot):
    event = pilot["event"]
    send(signed_in, event, phase=["Pilotkommunen", "2. Phase"])
    merzig = next(i for i in Invitation.query.all() if i.person.family_name == "Merzig")
    url = f"/manage/veranstaltungen/{event.id}/einladungen"
    signed_in.submit(f"{url}/erinnern", {"only_chosen": "y", "invitation": [str(merzig.id), "abc", "-1"]}, form_url=url)
    assert [m.to_address for m in OutboxMail.query.filter_by(kind="invitation_reminder")] == ["merzig@example.org"]


# --- invitation only ------------------------------------------------------------------------------------------

def test_invitation_only_event_refuses_the_public_form_but_takes_the_link(browser, signed_in, pilot):
    event, network = pilot["event"], pilot["network"]
    url = f"/manage/veranstaltungen/{event.id}/einladungen"
    signed_in.submit(f"{url}/einstellung", {"invitation_only": "y"}, form_url=url)
    assert db.session.get(type(event), event.id).invitation_only
    token = invited(signed_in, pilot)

    refused = browser.get(f"/n/{network.slug}/{event.id}/anmelden?lang=en")
    assert refused.status_code == 403
    assert "only with a personal invitation" in refused.get_data(as_text=True)
    assert browser.client.post(f"/n/{network.slug}/{event.id}/anmelden", data={}).status_code in (400, 403)

    page = browser.get(f"/einladung/{token}")
    response = browser.client.post(f"/einladung/{token}", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "given_name": "Vera", "family_name": "Düren",
        "consent": "y", "organisation_type": "Sonstige"})
    assert response.status_code == 302 and Registration.query.count() == 1


# --- access -------------------------------------------------------------------------------------------------

def test_a_coordinator_of_another_network_cannot_invite_its_people(browser, pilot):
    other = factories.create_network(name="Anderes Netzwerk")
    stranger = factories.create_user(networks=[other])
    db.session.commit()
    browser.login(stranger)
    event = pilot["event"]
    assert browser.get(new_url(event, phase="Pilotkommunen")).status_code == 403
    token = csrf_from(browser.get("/manage/").get_data(as_text=True))
    for path in ("einladungen/neu", "einladungen/erinnern", "einladungen/einstellung"):
        response = browser.client.post(f"/manage/veranstaltungen/{event.id}/{path}", data={"csrf_token": token})
        assert response.status_code == 403, path
    assert Invitation.query.count() == 0


def test_tags_typed_on_the_person_choose_invitations(signed_in, pilot):
    person = pilot["people"]["Merzig"]
    response = signed_in.submit(f"/manage/personen/{person.id}/bearbeiten", {
        "network_id": str(pilot["network"].id), "given_name": "Vera", "family_name": "Merzig",
        "email": "merzig@example.org", "organisation_id": str(person.organisation_id),
        "tags": " Steuerungsgruppe, Förderung ,Steuerungsgruppe,"})
    assert response.status_code == 302
    assert db.session.get(type(person), person.id).tags == ["Steuerungsgruppe", "Förderung"]
    html = signed_in.get(new_url(pilot["event"], tag="Förderung")).get_data(as_text=True)
    assert "Gewählt: 1 Personen." in html and "Vera Merzig" in html
    assert 'value="Steuerungsgruppe, Förderung"' in signed_in.get(f"/manage/personen/{person.id}/bearbeiten").get_data(
        as_text=True)
