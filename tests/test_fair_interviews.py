"""Interview slots: employers say when they talk, coordinators plan (or let visitors book), everyone sees their
own times: on the fair page, in the personal calendar feed, on paper."""
import io
import re
from collections import Counter

import icalendar
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.fair.instance import LEVELS
from netzwerk.fair.models import Interview, VisitorProfile
from netzwerk.fair.services import fair_of, stored_fair

from . import factories


@pytest.fixture
def fair_event(network):
    event = factories.create_fair_event(network)
    fair = factories.create_fair(event, interview_mode="planned", slot_count=6, slot_minutes=10,
                                 first_slot_at=factories.at(event.starts_at.date(), 11),
                                 max_interviews_per_visitor=2)
    db.session.commit()
    fair.event = event
    return event


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_employer_sets_interviewers_and_times_through_the_link(browser, fair_event):
    exhibitor = factories.create_exhibitor(fair_event, token="firmen-link")
    db.session.commit()
    url = "/messe/aussteller/firmen-link/gespraeche"
    page = browser.get(url).get_data(as_text=True)
    assert "11:00–11:10" in page and "11:50–12:00" in page
    assert browser.submit(url, {"interviewers": "2", "slots": ["0", "1", "4"]}).status_code == 302
    db.session.expire_all()
    assert (exhibitor.interviewers, exhibitor.available_slots) == (2, [0, 1, 4])
    assert browser.submit(url, {"interviewers": "2"}).status_code == 302  # nothing ticked: every slot
    db.session.expire_all()
    assert exhibitor.available_slots is None
    refused = browser.submit(url, {"interviewers": "-1", "slots": ["99"]})
    assert refused.status_code == 422 and 'id="interviewers-error"' in refused.get_data(as_text=True)


def test_coordinator_plans_interviews_that_keep_every_rule(browser, coordinator, fair_event):
    b2_only = factories.create_exhibitor(fair_event, company="Klinik", sector="Pflege", interviewers=2,
                                         offers=[("Ausbildung", "Pflegefachkraft", "B2")])
    easy = factories.create_exhibitor(fair_event, company="Lager", sector="Logistik", interviewers=1,
                                      available_slots=[0, 1, 2], offers=[("Stelle", "Helfer:in", "none")])
    factories.create_exhibitor(fair_event, company="Ohne Gespräche", interviewers=0)
    visitors = [factories.create_visitor(fair_event, german_level=LEVELS[n % 7], sectors=["Pflege"])
                for n in range(12)]
    for registration in visitors:
        for rank, exhibitor in enumerate((b2_only, easy), 1):
            db.session.add(factories_wish(registration, exhibitor, rank))
    db.session.commit()
    browser.login(coordinator)
    url = f"/manage/veranstaltungen/{fair_event.id}/messe/gespraeche"
    response = browser.submit(f"{url}/planen", {"suggestions": "0"}, form_url=url)
    assert response.status_code == 302
    interviews = db.session.scalars(select(Interview)).all()
    levels = {r.id: db.session.scalar(select(VisitorProfile.german_level)
                                      .where(VisitorProfile.registration_id == r.id)) for r in visitors}
    assert all(LEVELS.index(levels[i.registration_id]) >= LEVELS.index("B2")
               for i in interviews if i.exhibitor_id == b2_only.id)
    assert all(i.slot in (0, 1, 2) for i in interviews if i.exhibitor_id == easy.id)
    assert max(Counter(i.registration_id for i in interviews).values()) <= 2
    assert len({(i.exhibitor_id, i.slot, i.seat) for i in interviews}) == len(interviews)
    assert len({(i.registration_id, i.slot) for i in interviews}) == len(interviews)
    metrics = fair_of(fair_event).schedule_metrics
    assert metrics["interviews"] == len(interviews) == metrics["upper_bound"]  # 3 B2+ visitors x 1 + 3 slots
    page = browser.get(url).get_data(as_text=True)
    assert f'id="metric-interviews">{len(interviews)}<' in page and "Max-Flow-Schranke" in page
    assert "mindestens nötig" in page


def factories_wish(registration, exhibitor, rank):
    from netzwerk.fair.models import InterviewWish
    return InterviewWish(registration_id=registration.id, exhibitor_id=exhibitor.id, rank=rank)


def test_visitor_sees_own_schedule_on_the_page_in_the_feed_and_on_paper(browser, network, fair_event):
    person = factories.create_person(network)
    other_person = factories.create_person(network)
    mine = factories.create_visitor(fair_event, token="meine-messe", person=person)
    theirs = factories.create_visitor(fair_event, person=other_person)
    booth = factories.create_booth(fair_event, number="17")
    bakery = factories.create_exhibitor(fair_event, company="Bäckerei Sonne", booth_id=booth.id)
    clinic = factories.create_exhibitor(fair_event, company="Klinik Merzig")
    db.session.add_all([Interview(event_id=fair_event.id, registration_id=mine.id, exhibitor_id=bakery.id, slot=2,
                                  seat=0, source="wish"),
                        Interview(event_id=fair_event.id, registration_id=theirs.id, exhibitor_id=clinic.id, slot=2,
                                  seat=0, source="wish")])
    db.session.commit()
    page = browser.get("/anmeldung/meine-messe/messe").get_data(as_text=True)
    talks = page.split('id="talks-heading"')[1].split("</section>")[0]
    assert "11:20–11:30" in talks and "Bäckerei Sonne" in talks and "Stand 17" in talks and "Klinik" not in talks
    from netzwerk.people.services import issue_feed_token
    token = issue_feed_token(person)
    db.session.commit()
    feed = icalendar.Calendar.from_ical(browser.get(f"/kalender/{token}.ics").data)
    [entry] = list(feed.walk("VEVENT"))
    description = str(entry["DESCRIPTION"])
    assert "Gespräch 11:20–11:30: Bäckerei Sonne (Stand 17)" in description and "Klinik" not in description
    guide = browser.get("/anmeldung/meine-messe/messe/messefuehrer.pdf")
    assert guide.mimetype == "application/pdf"
    text = pdf_text(guide.data)
    assert "Ihre Gesprächstermine" in text and "11:20–11:30" in text and "Bäckerei Sonne" in text


def test_a_new_interview_moves_the_visitors_feed_stamp(app, network, fair_event):
    person = factories.create_person(network)
    visitor = factories.create_visitor(fair_event, person=person)
    exhibitor = factories.create_exhibitor(fair_event)
    db.session.commit()
    before = person.calendar_changed_at
    db.session.add(Interview(event_id=fair_event.id, registration_id=visitor.id, exhibitor_id=exhibitor.id, slot=0,
                             seat=0, source="self"))
    db.session.commit()
    db.session.refresh(person)
    assert person.calendar_changed_at > before


@pytest.fixture
def self_booking(fair_event):
    fair = stored_fair(fair_event)
    fair.interview_mode = "self_booking"
    db.session.commit()
    return fair_event


def book(browser, token, exhibitor, slot):
    url = f"/anmeldung/{token}/messe"
    response = browser.submit(f"{url}/termine", {"exhibitor_id": str(exhibitor.id), "slot": str(slot)},
                              form_url=url)
    assert response.status_code == 302
    return browser.get(url).get_data(as_text=True)


def test_visitors_book_free_slots_first_come_first_served(browser, self_booking):
    event = self_booking
    bakery = factories.create_exhibitor(event, company="Bäckerei Sonne", interviewers=1,
                                        offers=[("Ausbildung", "Bäcker:in", "A2")])
    clinic = factories.create_exhibitor(event, company="Klinik", offers=[("Ausbildung", "Pflege", "C1")])
    hotel = factories.create_exhibitor(event, company="Hotel")
    factories.create_visitor(event, token="erste", german_level="B1")
    factories.create_visitor(event, token="zweite", german_level="B1")
    db.session.commit()
    assert "Ihr Gespräch mit Bäckerei Sonne ist gebucht." in book(browser, "erste", bakery, 3)
    assert "Diese Zeit ist leider schon vergeben." in book(browser, "zweite", bakery, 3)
    assert "Sie haben schon ein Gespräch mit Bäckerei Sonne." in book(browser, "erste", bakery, 4)
    assert "Zu dieser Zeit haben Sie schon ein Gespräch." in book(browser, "erste", hotel, 3)
    assert "reichen Ihre Deutschkenntnisse noch nicht" in book(browser, "erste", clinic, 1)
    book(browser, "erste", hotel, 4)
    assert "mehr sind nicht möglich" in book(browser, "erste", factories_exhibitor(event), 5)
    page = browser.get("/anmeldung/erste/messe").get_data(as_text=True)
    assert page.count("Absagen") == 2
    talk = db.session.scalar(select(Interview).where(Interview.exhibitor_id == hotel.id))
    response = browser.submit(f"/anmeldung/erste/messe/termine/{talk.id}/absagen", form_url="/anmeldung/erste/messe")
    assert response.status_code == 302 and db.session.get(Interview, talk.id) is None
    # Another visitor's interview cannot be cancelled through this link.
    theirs = db.session.scalar(select(Interview).where(Interview.exhibitor_id == bakery.id))
    assert browser.submit(f"/anmeldung/zweite/messe/termine/{theirs.id}/absagen",
                          form_url="/anmeldung/zweite/messe").status_code == 404


def factories_exhibitor(event):
    exhibitor = factories.create_exhibitor(event)
    db.session.commit()
    return exhibitor


def test_employer_gets_its_list_and_marks_interviews_held(browser, fair_event, coordinator):
    exhibitor = factories.create_exhibitor(fair_event, company="Bäckerei Sonne", token="baeckerei")
    visitor = factories.create_visitor(fair_event, given_name="Amina", family_name="Haddad", german_level="A2",
                                       languages=["Arabisch", "Französisch"])
    db.session.add(Interview(event_id=fair_event.id, registration_id=visitor.id, exhibitor_id=exhibitor.id, slot=0,
                             seat=0, source="wish"))
    db.session.commit()
    url = "/messe/aussteller/baeckerei/gespraeche"
    page = browser.get(url).get_data(as_text=True)
    assert "Amina Haddad" in page and "A2 (Grundkenntnisse)" in page and "Arabisch, Französisch" in page
    text = pdf_text(browser.get(f"{url}.pdf").data)
    assert "Bäckerei Sonne" in text and "11:00–11:10" in text and "Amina Haddad" in text
    talk = db.session.scalar(select(Interview))
    assert browser.submit(f"{url}/{talk.id}", {"held": "1"}, form_url=url).status_code == 302
    db.session.refresh(talk)
    assert talk.held_at is not None
    browser.login(coordinator)
    overview = browser.get(f"/manage/veranstaltungen/{fair_event.id}/messe").get_data(as_text=True)
    assert 'id="interviews-held">1<' in overview


def test_a_visitor_with_the_most_talks_is_offered_no_more_times_and_told_why(browser, self_booking):
    event = self_booking
    bakery, hotel, garage = (factories.create_exhibitor(event, company=name) for name in ("Bäckerei", "Hotel", "Werkstatt"))
    factories.create_visitor(event, token="erste", german_level="B1")
    db.session.commit()
    book(browser, "erste", bakery, 1)
    page = book(browser, "erste", hotel, 2)  # the second of two
    booking = re.search(r'<section id="book".*?</section>', page, re.S).group(0)
    assert "Sie haben schon 2 Gespräche gebucht; mehr sind nicht möglich." in booking
    assert "Werkstatt" not in booking and "Buchen" not in booking.replace("buchen</h2>", "")
