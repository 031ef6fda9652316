"""A coordinator manages an event's registrations: the list, bulk actions, adding and editing by hand."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from netzwerk.common.timing import utcnow
from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.registrations.models import Question, Registration
from netzwerk.registrations.services import register
from netzwerk.registrations.tokens import find_by_token, hash_token, new_checkin_code

from . import factories


@pytest.fixture
def event(network):
    event = factories.create_event(network, capacity=2, title="Netzwerktreffen Bielefeld")
    db.session.commit()
    return event


def register_people(app, event, count, start=0, **extra):
    with app.test_request_context():
        registrations = [register(event.id, factories.registrant(n, **extra), by_coordinator=True).registration
                         for n in range(start, start + count)]
    db.session.commit()
    return registrations


def add_registration(event, n, state="confirmed", **values):
    """A registration row straight into the table: fast enough for lists of hundreds."""
    defaults = dict(given_name=f"Vorname{n}", family_name=f"Nachname{n}", email=f"p{n}@example.org")
    registration = Registration(event=event, state=state, token_hash=hash_token(f"token-{event.id}-{n}"),
                                checkin_code=new_checkin_code(), **{**defaults, **values})
    db.session.add(registration)
    return registration


def page(browser, url):
    response = browser.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def list_url(event, **args):
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/manage/veranstaltungen/{event.id}/anmeldungen" + (f"?{query}" if query else "")


def test_list_filters_by_state_kommune_and_organisation_type_and_shows_counts(browser, coordinator, network, event):
    bielefeld, guetersloh = factories.create_kommune(name="Bielefeld"), factories.create_kommune(name="Gütersloh")
    for kommune in (bielefeld, guetersloh):
        factories.create_membership(network, kommune)
    jobcenter = factories.create_organisation(network, name="Jobcenter Bielefeld", type="Jobcenter")
    ihk = factories.create_organisation(network, name="IHK Ostwestfalen", type="IHK")
    anna = factories.create_person(network, given_name="Anna", family_name="Adler", organisation=ihk)
    add_registration(event, 1, kommune=bielefeld, organisation_type="Jobcenter",
                     person=factories.create_person(network, organisation=jobcenter))
    add_registration(event, 2, kommune=guetersloh, organisation_type="IHK", given_name="Anna", family_name="Adler",
                     email="anna@example.org", person=anna, organisation=ihk)
    add_registration(event, 3, state="waitlisted", kommune=bielefeld, organisation_type="IHK")
    add_registration(event, 4, state="pending")
    db.session.commit()
    browser.login(coordinator)

    everything = page(browser, list_url(event))
    assert all(f"Nachname{n}" in everything for n in (1, 3, 4)) and "Adler" in everything
    assert re.search(r'data-state="confirmed">2<', everything) and re.search(r'data-state="waitlisted">1<', everything)
    assert "2 von 2 Plätzen belegt" in everything and 'value="2"' in everything
    assert "IHK Ostwestfalen" in everything

    in_bielefeld = page(browser, list_url(event, kommune=bielefeld.id))
    assert "Nachname1" in in_bielefeld and "Nachname3" in in_bielefeld and "Adler" not in in_bielefeld
    ihk_waitlisted = page(browser, list_url(event, organisation_type="IHK", state="waitlisted"))
    assert "Nachname3" in ihk_waitlisted and "Adler" not in ihk_waitlisted and "Nachname1" not in ihk_waitlisted
    by_name = page(browser, list_url(event, q="anna adler"))
    assert "Adler" in by_name and "Nachname1" not in by_name
    by_email = page(browser, list_url(event, q="p4@example"))
    assert "Nachname4" in by_email and "Nachname1" not in by_email
    assert 'for="select-' in everything and "Vorname1 Nachname1 auswählen" in everything


def test_list_needs_the_same_number_of_queries_for_10_and_500_registrations(browser, coordinator, network,
                                                                             count_queries):
    kommune = factories.create_kommune()
    factories.create_membership(network, kommune)
    organisation = factories.create_organisation(network)
    small, large = factories.create_event(network, capacity=600), factories.create_event(network, capacity=600)
    for event, size in ((small, 10), (large, 500)):
        for n in range(size):
            add_registration(event, n, kommune=kommune, organisation_type="Jobcenter",
                             person=factories.create_person(network, organisation=organisation))
    db.session.commit()
    browser.login(coordinator)
    counts = []
    for url in (list_url(small), list_url(large)):
        browser.get(url)  # the login's objects, expired by the commit above, are loaded again outside the count
        with count_queries() as counted:
            assert browser.get(url).status_code == 200
        counts.append(counted.n)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12


def bulk(browser, event, action, registrations, **extra):
    return browser.submit(f"/manage/veranstaltungen/{event.id}/anmeldungen/sammelaktion",
                          {"action": action, "registration_ids": [str(r.id) for r in registrations], **extra},
                          form_url=list_url(event))


def test_bulk_approve_confirms_the_selected_pending_registrations(app, browser, coordinator, event):
    event.requires_approval = True
    event.capacity = 10
    db.session.commit()
    with app.test_request_context():
        pending = [register(event.id, factories.registrant(n)).registration for n in range(3)]
    db.session.commit()
    browser.login(coordinator)
    response = bulk(browser, event, "approve", pending[:2])
    assert response.status_code == 302
    db.session.expire_all()
    assert [r.state for r in pending] == ["confirmed", "confirmed", "pending"]
    assert "2 Anmeldungen freigegeben: 2 bestätigt (Vorname0 Nachname0, Vorname1 Nachname1)." in page(
        browser, response.location)


def test_bulk_cancel_frees_places_and_the_first_waitlisted_move_up(app, browser, coordinator, event):
    first, second, waiting, last = register_people(app, event, 4)
    assert (waiting.state, last.state) == ("waitlisted", "waitlisted")
    browser.login(coordinator)
    response = bulk(browser, event, "cancel", [first], confirmed="1")
    assert response.status_code == 302
    db.session.expire_all()
    assert [r.state for r in (first, second, waiting, last)] == ["cancelled", "confirmed", "confirmed", "waitlisted"]
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "moved_up",
                                                      OutboxMail.registration_id == waiting.id))
    assert "1 Person ist von der Warteliste nachgerückt." in page(browser, response.location)


def test_bulk_moves_to_the_waiting_list_and_resends_links(app, browser, coordinator, event):
    first, second = register_people(app, event, 2)
    browser.login(coordinator)
    bulk(browser, event, "waitlist", [first])
    bulk(browser, event, "resend", [second])
    db.session.expire_all()
    assert first.state == "waitlisted"
    assert db.session.scalar(select(func.count()).where(OutboxMail.kind == "link",
                                                        OutboxMail.registration_id == second.id)) == 1


def test_bulk_leaves_registrations_of_other_events_alone(app, browser, coordinator, network, event):
    other_event = factories.create_event(network, capacity=5)
    db.session.commit()
    stranger = register_people(app, other_event, 1, start=50)[0]
    browser.login(coordinator)
    response = bulk(browser, event, "cancel", [stranger])
    assert response.status_code == 302
    db.session.expire_all()
    assert stranger.state == "confirmed"


def test_coordinator_adds_a_person_by_hand(browser, coordinator, network, event):
    kommune = factories.create_kommune(name="Herford")
    factories.create_membership(network, kommune)
    organisation = factories.create_organisation(network, name="Caritas Herford", type="Wohlfahrtsverband")
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/veranstaltungen/{event.id}/anmeldungen/neu"
    form = page(browser, url)
    assert "Caritas Herford" in form and "Herford" in form
    response = browser.submit(url, {"given_name": "Lena", "family_name": "Schmidt", "email": "Lena@Example.org",
                                     "organisation_id": str(organisation.id), "kommune_id": str(kommune.id),
                                     "organisation_type": "Sonstige", "send_mail": "y"})
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration).where(Registration.email == "lena@example.org"))
    assert registration.state == "confirmed" and registration.kommune_id == kommune.id
    assert registration.organisation_type == "Wohlfahrtsverband"
    assert db.session.scalar(select(func.count()).where(OutboxMail.registration_id == registration.id)) == 1

    again = browser.submit(url, {"given_name": "Lena", "family_name": "Schmidt", "email": "lena@example.org",
                                 "organisation_type": "Sonstige"})
    assert again.status_code == 422 and "schon angemeldet" in again.get_data(as_text=True)


def test_person_added_without_mail_gets_none(browser, coordinator, event):
    browser.login(coordinator)
    response = browser.submit(f"/manage/veranstaltungen/{event.id}/anmeldungen/neu",
                              {"given_name": "Ole", "family_name": "Berg", "email": "ole@example.org",
                               "new_organisation": "Bildungswerk Nord", "organisation_type": "Bildungsträger"})
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration).where(Registration.email == "ole@example.org"))
    assert registration.person.organisation.name == "Bildungswerk Nord"
    assert db.session.scalar(select(func.count()).where(OutboxMail.registration_id == registration.id)) == 0


def test_coordinator_edits_names_notes_and_answers(app, browser, coordinator, event):
    choice = Question(event=event, position=1, kind="multiple_choice", label="Workshops", options=["A", "B", "C"])
    text = Question(event=event, position=2, kind="short_text", label="Erwartungen")
    db.session.add_all([choice, text])
    db.session.commit()
    registration = register_people(app, event, 1)[0]
    browser.login(coordinator)
    url = f"/manage/veranstaltungen/{event.id}/anmeldungen/{registration.id}"
    assert "Workshops" in page(browser, url)
    response = browser.submit(url, {"given_name": "Vorname0", "family_name": "Neu-Name", "kommune_id": "",
                                    f"answer_{choice.id}": ["A", "C"], f"answer_{text.id}": "Austausch",
                                    "notes": "Bringt Kollegin mit"})
    assert response.status_code == 302
    db.session.expire_all()
    assert registration.family_name == "Neu-Name" and registration.notes == "Bringt Kollegin mit"
    assert registration.answers == {str(choice.id): ["A", "C"], str(text.id): "Austausch"}
    assert "Notiz" in page(browser, list_url(event))


def test_reissued_link_replaces_the_old_one(app, browser, coordinator, event):
    with app.test_request_context():
        outcome = register(event.id, factories.registrant(1), by_coordinator=True)
    db.session.commit()
    assert find_by_token(outcome.token) == outcome.registration
    browser.login(coordinator)
    url = f"/manage/veranstaltungen/{event.id}/anmeldungen/{outcome.registration.id}"
    response = browser.submit(f"{url}/reissue", form_url=url)
    assert response.status_code == 302
    db.session.expire_all()
    assert find_by_token(outcome.token) is None
    assert "der alte gilt nicht mehr" in page(browser, response.location)


def test_approve_and_reject_carry_the_message(app, browser, coordinator, event):
    event.requires_approval = True
    db.session.commit()
    with app.test_request_context():
        yes, no = [register(event.id, factories.registrant(n)).registration for n in range(2)]
    db.session.commit()
    browser.login(coordinator)
    base = f"/manage/veranstaltungen/{event.id}/anmeldungen"
    assert browser.submit(f"{base}/{yes.id}/approve", {"message": "Willkommen!"}, form_url=f"{base}/{yes.id}").status_code == 302
    assert browser.submit(f"{base}/{no.id}/reject", {"message": "Leider voll."}, form_url=f"{base}/{no.id}").status_code == 302
    db.session.expire_all()
    assert (yes.state, yes.decision_message) == ("confirmed", "Willkommen!")
    assert (no.state, no.decision_message) == ("cancelled", "Leider voll.")
    again = browser.submit(f"{base}/{no.id}/approve", form_url=f"{base}/{no.id}")
    assert again.status_code == 302 and no.state == "cancelled"


def test_registration_of_another_event_is_not_found(app, browser, coordinator, network, event):
    other_event = factories.create_event(network)
    db.session.commit()
    stranger = register_people(app, other_event, 1)[0]
    browser.login(coordinator)
    assert browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/{stranger.id}").status_code == 404
    assert browser.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/{stranger.id}/cancel").status_code == 405


def test_coordinator_of_another_network_is_forbidden(app, browser, coordinator):
    foreign_network = factories.create_network(slug="anderswo")
    foreign_event = factories.create_event(foreign_network)
    db.session.commit()
    registration = register_people(app, foreign_event, 1)[0]
    browser.login(coordinator)
    base = f"/manage/veranstaltungen/{foreign_event.id}/anmeldungen"
    for url in (base, f"{base}/neu", f"{base}/{registration.id}", f"{base}/export.csv", f"{base}/export.xlsx",
                f"{base}/import"):
        assert browser.get(url).status_code == 403, url
    own = browser.get("/manage/veranstaltungen").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', own).group(1)
    response = browser.client.post(f"{base}/sammelaktion", data={"csrf_token": csrf, "action": "cancel", "confirmed": "1",
                                                                 "registration_ids": [str(registration.id)]})
    assert response.status_code == 403
    db.session.expire_all()
    assert registration.state == "confirmed"


def test_event_page_links_to_its_registrations(browser, coordinator, event):
    browser.login(coordinator)
    assert f"/manage/veranstaltungen/{event.id}/anmeldungen" in page(browser, f"/manage/veranstaltungen/{event.id}")


def test_attendance_is_recorded_for_the_selected_once_the_event_has_begun(app, browser, coordinator, event):
    """After an online meeting the coordinator marks who joined (from the video platform's list): they count as
    checked in for certificates, feedback and the thank-you mail."""
    joined, absent, waiting = register_people(app, event, 3)
    assert waiting.state == "waitlisted"
    browser.login(coordinator)
    assert 'value="attend"' not in page(browser, list_url(event))  # not before it begins
    response = bulk(browser, event, "attend", [joined])
    assert "Teilnahme kann erst ab Beginn der Veranstaltung vermerkt werden." in page(browser, response.location)
    db.session.expire_all()
    assert joined.state == "confirmed"

    event.starts_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert 'value="attend"' in page(browser, list_url(event))
    response = bulk(browser, event, "attend", [joined, waiting])
    assert "1 Teilnahme vermerkt. 1 übersprungen (passt nicht zum Status)." in page(browser, response.location)
    db.session.expire_all()
    assert (joined.state, joined.checked_in_by_id, absent.state, waiting.state) == \
        ("attended", coordinator.id, "confirmed", "waitlisted")
    assert utcnow() - joined.attended_at < timedelta(minutes=1)
