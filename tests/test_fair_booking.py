"""Aussteller book a booth through the public form, look after it through their private link, and coordinators
confirm them and place them on booths (by hand or automatically)."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from netzwerk.common.timing import local, utcnow
from netzwerk.extensions import db
from netzwerk.fair.booking import BoothRefused, assign_booth
from netzwerk.fair.models import Booth, Exhibitor, Interview
from netzwerk.fair.placement import Applicant, BoothSpot, assign_booths
from netzwerk.fair.services import booking_closes_at, stored_fair
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail

from . import factories


@pytest.fixture
def fair_event(network):
    network.privacy_text = "Wir verarbeiten Ihre Angaben nur für die Messe."
    event = factories.create_fair_event(network)
    db.session.commit()
    return event


@pytest.fixture
def stands(fair_event):
    kind = factories.create_booth_type(fair_event)
    booths = [factories.create_booth(fair_event, number=str(n), x=1 + 3.5 * n, booth_type_id=kind.id)
              for n in range(1, 5)]
    db.session.commit()
    return kind, booths


def booking_url(event):
    return f"/n/ankommen/{event.id}/messe/stand-buchen"


def employer(n=1, **extra):
    return {"company": f"Bäckerei Sonne {n}", "contact_name": "Jana Korn", "email": f"jana{n}@sonne.example.com",
            "sector": "Gastronomie", "staff_count": "2", "staff_names": "Jana Korn\nAli Haddad", "consent": "y",
            "offers-0-kind": "Ausbildung", "offers-0-title": "Bäcker:in", "offers-0-place": "Merzig",
            "offers-0-german_level": "A2", "offers-1-kind": "Praktikum", "offers-1-title": "",
            "offers-1-german_level": "none", **extra}


def options_of(page: str, select_id: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*id="{select_id}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"', select_html)


def management_token(exhibitor) -> str:
    mail = db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == exhibitor.email)
                              .order_by(OutboxMail.id.desc())).first()
    return re.search(r"/messe/aussteller/([\w-]+)", body_as_sent(mail)).group(1)


def test_employer_books_a_booth_and_gets_the_preferred_one_reserved(browser, fair_event, stands):
    kind, booths = stands
    page = browser.get(booking_url(fair_event)).get_data(as_text=True)
    assert 'for="company"' in page and "Bitte leer lassen" in page and "Wir verarbeiten Ihre Angaben" in page
    response = browser.submit(booking_url(fair_event), employer(booth_type_id=str(kind.id),
                                                                preferred_booth_id=str(booths[1].id)))
    assert response.status_code == 302 and "gebucht" in response.location
    assert "Wunschstand 2 ist für Sie reserviert" in browser.get(response.location).get_data(as_text=True)
    exhibitor = db.session.scalar(select(Exhibitor))
    assert (exhibitor.state, exhibitor.booth.number, exhibitor.booth.status) == ("requested", "2", "reserved")
    assert [(offer.kind, offer.title, offer.german_level) for offer in exhibitor.offers] == [
        ("Ausbildung", "Bäcker:in", "A2")]  # the empty row is left out
    assert exhibitor.staff_names == ["Jana Korn", "Ali Haddad"]
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == "jana1@sonne.example.com"))
    assert mail.kind == "fair_booked" and "/messe/aussteller/" in body_as_sent(mail)
    assert len(management_token(exhibitor)) >= 43  # 256 random bits, URL-safe
    assert len(exhibitor.token_hash) == 64 and management_token(exhibitor) not in exhibitor.token_hash


def test_a_booth_already_reserved_is_not_offered_and_a_late_wish_gets_none(browser, fair_event, stands):
    kind, booths = stands
    factories.create_exhibitor(fair_event, booth_id=booths[0].id)
    booths[0].status = "reserved"
    db.session.commit()
    offered = options_of(browser.get(booking_url(fair_event)).get_data(as_text=True), "preferred_booth_id")
    assert str(booths[0].id) not in offered and str(booths[1].id) in offered
    # A form shown before the booth was taken still names it: the booking goes through without it.
    response = browser.submit(booking_url(fair_event), employer(preferred_booth_id=str(booths[0].id)))
    assert "Ihr Wunschstand war schon vergeben" in browser.get(response.location).get_data(as_text=True)
    late = db.session.scalar(select(Exhibitor).where(Exhibitor.company == "Bäckerei Sonne 1"))
    assert late.booth_id is None and late.preferred_booth_id == booths[0].id
    assert browser.submit(booking_url(fair_event), employer(preferred_booth_id="99999")).status_code == 422


def test_form_errors_stand_beside_their_fields(browser, fair_event, stands):
    response = browser.submit(booking_url(fair_event), {"company": "", "email": "keine-adresse",
                                                        "offers-0-place": "Merzig", "staff_count": "1",
                                                        "staff_names": "A\nB"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="email-error"' in page and "Bitte eine gültige E-Mail-Adresse angeben." in page
    assert 'id="offers-0-title-error"' in page and "Bitte geben Sie dem Angebot einen Titel." in page
    assert "Mehr Namen als Personen am Stand" in page and 'id="consent-error"' in page
    assert db.session.scalar(select(Exhibitor)) is None


def test_bots_filling_the_trap_are_not_booked(browser, fair_event, stands):
    response = browser.submit(booking_url(fair_event), employer(website="http://spam.example"))
    assert response.status_code == 302
    assert db.session.scalar(select(Exhibitor)) is None


def test_booking_closes_at_the_deadline(browser, fair_event):
    stored_fair(fair_event).booking_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = browser.get(booking_url(fair_event))
    assert response.status_code == 409 and "Buchungsschluss ist vorbei" in response.get_data(as_text=True)


def test_booking_a_draft_fair_or_another_kind_of_event_is_not_found(client, network):
    draft = factories.create_fair_event(network, status="draft")
    meeting = factories.create_event(network)
    db.session.commit()
    assert client.get(booking_url(draft)).status_code == 404
    assert client.get(booking_url(meeting)).status_code == 404


def test_management_link_edits_offers_and_staff_until_the_deadline(browser, fair_event, stands):
    browser.submit(booking_url(fair_event), employer())
    exhibitor = db.session.scalar(select(Exhibitor))
    token = management_token(exhibitor)
    url = f"/messe/aussteller/{token}"
    page = browser.get(url)
    assert page.headers["Cache-Control"] == "no-store"
    assert 'value="Bäcker:in"' in page.get_data(as_text=True)
    data = employer(staff_names="Jana Korn\nAli Haddad\nMira Stein", staff_count="3",
                    **{"offers-1-title": "Verkäufer:in", "offers-1-kind": "Stelle", "offers-1-german_level": "B1"})
    assert browser.submit(url, data).status_code == 302
    db.session.expire_all()
    assert exhibitor.staff_names == ["Jana Korn", "Ali Haddad", "Mira Stein"]
    assert [offer.title for offer in exhibitor.offers] == ["Bäcker:in", "Verkäufer:in"]
    fair = stored_fair(fair_event)
    fair.booking_deadline, fair.interview_mode = utcnow() - timedelta(seconds=1), "planned"
    db.session.commit()
    closed = browser.get(url).get_data(as_text=True)
    assert "Buchungsschluss ist vorbei" in closed and 'name="company"' not in closed
    assert browser.submit(url, data, form_url=f"/messe/aussteller/{token}/gespraeche").status_code == 302
    db.session.expire_all()
    assert len(exhibitor.staff_names) == 3


def test_unknown_or_reissued_links_are_not_found(browser, fair_event, stands, coordinator):
    browser.submit(booking_url(fair_event), employer())
    exhibitor = db.session.scalar(select(Exhibitor))
    old = management_token(exhibitor)
    assert browser.get("/messe/aussteller/nicht-der-richtige").status_code == 404
    browser.login(coordinator)
    browser.submit(f"/manage/veranstaltungen/{fair_event.id}/messe/aussteller/{exhibitor.id}/reissue",
                   form_url=f"/manage/veranstaltungen/{fair_event.id}/messe/aussteller/{exhibitor.id}")
    assert browser.get(f"/messe/aussteller/{old}").status_code == 404
    assert browser.get(f"/messe/aussteller/{management_token(exhibitor)}").status_code == 200


def test_employer_cancels_and_the_booth_is_free_again(browser, fair_event, stands):
    kind, booths = stands
    browser.submit(booking_url(fair_event), employer(preferred_booth_id=str(booths[2].id)))
    exhibitor = db.session.scalar(select(Exhibitor))
    token = management_token(exhibitor)
    assert browser.submit(f"/messe/aussteller/{token}/stornieren").status_code == 302
    db.session.expire_all()
    assert exhibitor.state == "cancelled" and exhibitor.booth_id is None
    assert db.session.get(Booth, booths[2].id).status == "free"
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "fair_cancelled")) is not None


def test_coordinator_confirms_waitlists_and_moves_an_employer(browser, coordinator, fair_event, stands):
    kind, booths = stands
    exhibitor = factories.create_exhibitor(fair_event, state="requested")
    db.session.commit()
    browser.login(coordinator)
    base = f"/manage/veranstaltungen/{fair_event.id}/messe/aussteller/{exhibitor.id}"
    assert browser.submit(f"{base}/stand", {"booth_id": str(booths[0].id)}, form_url=base).status_code == 302
    assert browser.submit(f"{base}/confirm", form_url=base).status_code == 302
    db.session.expire_all()
    assert (exhibitor.state, exhibitor.booth.number, exhibitor.booth.status) == ("confirmed", "1", "confirmed")
    assert browser.submit(f"{base}/stand", {"booth_id": str(booths[3].id)}, form_url=base).status_code == 302
    db.session.expire_all()
    assert exhibitor.booth.number == "4" and db.session.get(Booth, booths[0].id).status == "free"
    assert browser.submit(f"{base}/waitlist", form_url=base).status_code == 302
    db.session.expire_all()
    assert exhibitor.state == "waitlisted" and exhibitor.booth_id is None
    listing = browser.get(f"/manage/veranstaltungen/{fair_event.id}/messe/aussteller").get_data(as_text=True)
    assert exhibitor.company in listing and "Warteliste" in listing


def test_a_booth_held_by_one_employer_is_refused_to_another(app, fair_event, stands):
    kind, booths = stands
    first = factories.create_exhibitor(fair_event, state="requested")
    second = factories.create_exhibitor(fair_event, state="confirmed")
    with app.test_request_context():
        assign_booth(first, booths[0].id)
        with pytest.raises(BoothRefused, match="schon an"):
            assign_booth(second, booths[0].id)
        booths[1].status = "blocked"
        with pytest.raises(BoothRefused, match="nicht frei"):
            assign_booth(second, booths[1].id)
    assert second.booth_id is None and first.booth_id == booths[0].id


def test_cancelling_an_employer_removes_its_interviews(app, fair_event):
    exhibitor = factories.create_exhibitor(fair_event)
    visitor = factories.create_visitor(fair_event)
    db.session.add(Interview(event_id=fair_event.id, registration_id=visitor.id, exhibitor_id=exhibitor.id, slot=0,
                             seat=0, source="wish"))
    db.session.commit()
    from netzwerk.fair.booking import cancel
    with app.test_request_context():
        cancel(exhibitor)
    assert db.session.scalar(select(Interview)) is None


def test_automatic_assignment_honours_wishes_keeps_sectors_together_and_never_doubles(browser, coordinator,
                                                                                     fair_event):
    # A row of 8 booths; two sectors, one wish for the last booth.
    row = [factories.create_booth(fair_event, number=str(n), x=1 + 3 * n, y=1) for n in range(8)]
    bakers = [factories.create_exhibitor(fair_event, sector="Gastronomie", state="requested") for _ in range(3)]
    builders = [factories.create_exhibitor(fair_event, sector="Bau") for _ in range(3)]
    bakers[2].preferred_booth_id = row[7].id
    occupied = factories.create_exhibitor(fair_event, sector="IT", booth_id=row[3].id)
    row[3].status = "confirmed"
    db.session.commit()
    browser.login(coordinator)
    response = browser.submit(f"/manage/veranstaltungen/{fair_event.id}/messe/staende-zuordnen",
                              form_url=f"/manage/veranstaltungen/{fair_event.id}/messe/aussteller")
    assert response.status_code == 302
    db.session.expire_all()
    position = {exhibitor.id: int(exhibitor.booth.number) for exhibitor in bakers + builders}
    assert position[bakers[2].id] == 7
    assert len(set(position.values())) == 6 and 3 not in position.values() and occupied.booth.number == "3"
    builder_spots = sorted(position[e.id] for e in builders)
    assert builder_spots[-1] - builder_spots[0] == 2  # three builders side by side


def test_placement_engine_alone():
    free = [BoothSpot(n, x=n * 3.0, y=0, type_id=1 if n < 4 else 2) for n in range(6)]
    applicants = [Applicant(10, "Bau", type_id=2), Applicant(11, "Bau", type_id=2), Applicant(12, "Bau", type_id=2),
                  Applicant(13, "IT", preferred_booth_id=0)]
    plan = assign_booths(free, applicants)
    assert plan[13] == 0 and {plan[10], plan[11]} == {4, 5} and 12 not in plan  # only two booths of type 2
    assert len(set(plan.values())) == len(plan)
    # A sector grows from where it already stands.
    near = assign_booths([BoothSpot(n, x=n * 3.0, y=0) for n in range(6)], [Applicant(1, "Pflege")],
                         placed={"Pflege": [(15.0, 0.0)]})
    assert near == {1: 5}


def test_the_coordinator_finds_an_exhibitors_mail_in_the_postausgang_named_in_german(browser, coordinator, fair_event,
                                                                                    stands):
    """The booking mails named no network, so only an admin saw them; and the list showed the raw kind 'fair_booked'."""
    kind, _booths = stands
    assert browser.submit(booking_url(fair_event), employer(booth_type_id=str(kind.id))).status_code == 302
    browser.login(coordinator)
    page = browser.get("/manage/postausgang").get_data(as_text=True)
    assert "jana1@sonne.example.com" in page and "Messe: Buchung eingegangen" in page and "fair_booked" not in page
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == "jana1@sonne.example.com"))
    assert browser.get(f"/manage/postausgang/{mail.id}").status_code == 200


def test_the_booking_mail_names_the_booking_deadline_it_speaks_of(browser, fair_event, stands):
    kind, _booths = stands
    assert browser.submit(booking_url(fair_event), employer(booth_type_id=str(kind.id))).status_code == 302
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == "jana1@sonne.example.com"))
    closes = local(booking_closes_at(stored_fair(fair_event)))
    assert f"Buchungsschluss für Aussteller: {closes:%d.%m.%y}" in mail.body_text
