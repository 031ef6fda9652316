"""Feedback after an event: the coordinator switches the survey on, those who attended get a private link in their
language, answer once, anonymously unless they give their name; results as bars with numbers, CSV/XLSX, reminder."""
import io
import re

from flask import g
from openpyxl import load_workbook
from sqlalchemy import inspect, select

from netzwerk.extensions import db
from netzwerk.feedback.figures import average_rating_per_event
from netzwerk.feedback.models import FeedbackAnswer, FeedbackInvitation, FeedbackSurvey
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail

from . import factories
from .conftest import csrf_from


def _event_with_attendees(network):
    event = factories.create_event(network, title="Netzwerktreffen Düren")
    attended_de = factories.create_registration(event, state="attended", given_name="Dana", family_name="Deutsch")
    attended_ar = factories.create_registration(event, state="attended", given_name="Amal", family_name="Arabi",
                                                locale="ar")
    absent = factories.create_registration(event, state="confirmed", given_name="Nora", family_name="Nichtda")
    db.session.commit()
    return event, attended_de, attended_ar, absent


def _open_with_template(browser, event):
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    assert browser.submit(f"{page}/aktion", {"action": "template"}, form_url=page).status_code == 302
    return browser.submit(f"{page}/aktion", {"action": "open"}, form_url=page)


def _visitor(app):
    """A second browser without login. Tests share one app context, so the CSRF token Flask-WTF keeps in `g` for
    the coordinator's browser is dropped first."""
    g.pop("csrf_token", None)
    return app.test_client()


def _link_of(mail: OutboxMail) -> str:
    return re.search(r"https?://[^/\s]+(/rueckmeldung/[\w-]+)", body_as_sent(mail)).group(1)


def test_opening_the_survey_mails_each_attendee_a_private_link_in_their_language(signed_in, network):
    event, attended_de, attended_ar, absent = _event_with_attendees(network)
    response = _open_with_template(signed_in, event)
    assert response.status_code == 302
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "feedback")).all()
    assert {mail.to_address for mail in mails} == {attended_de.email, attended_ar.email}
    german = next(mail for mail in mails if mail.to_address == attended_de.email)
    arabic = next(mail for mail in mails if mail.to_address == attended_ar.email)
    assert "Ihre Rückmeldung" in german.subject and "Zur Umfrage" in german.body_text
    assert "Ihre Rückmeldung" not in arabic.subject and "الاستبيان" in arabic.body_text
    assert "/rueckmeldung/" not in german.body_text  # the link itself only sealed in the outbox
    token = _link_of(german).rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 random bits
    stored = db.session.scalars(select(FeedbackInvitation.token_hash)).all()
    assert token not in stored and len(stored[0]) == 64
    # Opening again invites nobody twice.
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    signed_in.submit(f"{page}/aktion", {"action": "open"}, form_url=page)
    assert db.session.query(OutboxMail).filter_by(kind="feedback").count() == 2


def test_anonymous_answer_stores_no_link_to_the_person_and_the_link_works_once(app, signed_in, network):
    event, attended_de, *_ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == attended_de.email))
    link = _link_of(mail)
    client = _visitor(app)  # no login
    page = client.get(link)
    assert page.status_code == 200 and "Highlights" in page.get_data(as_text=True)
    token = csrf_from(page.get_data(as_text=True))
    answer = {"csrf_token": token, "q_overall": "4", "q_highlights": "Der Austausch mit Jobcentern",
              "q_learnings": "Mehr Praktika anbieten"}
    assert client.post(link, data=answer).status_code == 200
    second = client.post(link, data={**answer, "q_overall": "1"})
    assert second.status_code == 409 and "bereits geantwortet" in second.get_data(as_text=True)
    assert client.get(link).status_code == 409

    db.session.expire_all()
    row = db.session.scalars(select(FeedbackAnswer)).one()
    assert row.ratings == {"overall": 4} and row.texts["highlights"] == "Der Austausch mit Jobcentern"
    assert row.registration_id is None and row.name == ""
    # Nothing in the whole answers table names or points at the person: no column but the survey refers
    # elsewhere, and no stored value holds their name, address or registration.
    columns = {column["name"] for column in inspect(db.engine).get_columns("feedback_answer")}
    assert columns == {"id", "survey_id", "ratings", "texts", "submitted_on", "name", "registration_id"}
    foreign_keys = inspect(db.engine).get_foreign_keys("feedback_answer")
    assert {fk["referred_table"] for fk in foreign_keys} == {"feedback_survey", "registration"}
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT * FROM feedback_answer").all()
    flat = " ".join(str(value) for row in rows for value in row)
    for personal in (attended_de.given_name, attended_de.family_name, attended_de.email, attended_de.checkin_code):
        assert personal not in flat
    assert all(row._mapping["registration_id"] is None for row in rows)
    assert db.session.scalars(select(FeedbackInvitation.answered)).all().count(True) == 1


def test_an_answer_with_name_keeps_the_name_and_shows_it_in_the_results(app, signed_in, network):
    event, attended_de, *_ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    link = _link_of(db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == attended_de.email)))
    client = _visitor(app)
    token = csrf_from(client.get(link).get_data(as_text=True))
    client.post(link, data={"csrf_token": token, "q_overall": "5", "q_stories": "Eine gute Geschichte",
                            "with_name": "y"})
    row = db.session.scalars(select(FeedbackAnswer)).one()
    assert row.name == "Dana Deutsch" and row.registration_id == attended_de.id
    results = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen").get_data(as_text=True)
    assert "Eine gute Geschichte" in results and "Dana Deutsch" in results


def test_results_show_bars_with_numbers_and_export_as_csv_and_xlsx(app, signed_in, network):
    event, attended_de, attended_ar, _ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    client = _visitor(app)
    for registration, rating in ((attended_de, "5"), (attended_ar, "3")):
        link = _link_of(db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == registration.email)))
        token = csrf_from(client.get(link).get_data(as_text=True))
        assert client.post(link, data={"csrf_token": token, "q_overall": rating,
                                       "q_highlights": "=HYPERLINK(1)"}).status_code == 200
    page = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen").get_data(as_text=True)
    assert "<svg" in page and "Durchschnitt 4,0 bei 2 Antworten" in page  # the German decimal comma
    english = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen?lang=en").get_data(as_text=True)
    assert "Average 4.0 from 2 answers" in english
    assert "2 von 2 Eingeladenen haben geantwortet." in page
    csv_text = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen.csv").data.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Datum;Name;Wie bewerten Sie") and len(lines) == 3
    assert "'=HYPERLINK(1)" in csv_text  # no formula injection
    xlsx = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True)) == [3, 5]
    assert average_rating_per_event([event.id, 999]) == {event.id: (4.0, 2)}


def test_reminder_goes_only_to_those_who_have_not_answered_with_a_fresh_link(app, signed_in, network):
    event, attended_de, attended_ar, _ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    first_link = _link_of(db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == attended_ar.email)))
    link = _link_of(db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == attended_de.email)))
    client = _visitor(app)
    client.post(link, data={"csrf_token": csrf_from(client.get(link).get_data(as_text=True)), "q_overall": "2"})
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    g.pop("csrf_token", None)
    signed_in.submit(f"{page}/aktion", {"action": "remind"}, form_url=page)
    reminders = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "feedback_reminder")).all()
    assert [mail.to_address for mail in reminders] == [attended_ar.email]
    assert "تذكير" in reminders[0].subject
    assert client.get(first_link).status_code == 404
    assert client.get(_link_of(reminders[0])).status_code == 200


def test_unknown_links_and_closed_surveys_are_refused_clearly(app, signed_in, network):
    event, attended_de, *_ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    link = _link_of(db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == attended_de.email)))
    client = _visitor(app)
    assert client.get("/rueckmeldung/" + "x" * 43).status_code == 404
    assert client.get("/rueckmeldung/" + "x" * 500).status_code == 404
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    signed_in.submit(f"{page}/aktion", {"action": "close"}, form_url=page)
    closed = client.get(link)
    assert closed.status_code == 409 and "geschlossen" in closed.get_data(as_text=True)
    assert not db.session.scalar(select(FeedbackSurvey.is_open))


def test_coordinator_adds_and_removes_own_questions(signed_in, network):
    event = factories.create_event(network)
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    assert signed_in.submit(f"{page}/fragen", {"kind": "rating", "text": "Wie war das Essen?"},
                            form_url=page).status_code == 302
    assert signed_in.submit(f"{page}/fragen", {"kind": "rating", "text": ""}, form_url=page).status_code == 422
    assert signed_in.submit(f"{page}/fragen", {"kind": "bogus", "text": "x"}, form_url=page).status_code == 422
    survey = db.session.scalar(select(FeedbackSurvey))
    assert [question["label"] for question in survey.questions] == ["Wie war das Essen?"]
    signed_in.submit(f"{page}/aktion", {"action": "remove", "key": survey.questions[0]["key"]}, form_url=page)
    db.session.expire_all()
    assert db.session.scalar(select(FeedbackSurvey)).questions == []
    assert signed_in.submit(f"{page}/aktion", {"action": "nonsense"}, form_url=page).status_code == 400


def test_bad_answers_get_a_clear_message_and_use_up_nothing(app, signed_in, network):
    event, attended_de, *_ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    link = _link_of(db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == attended_de.email)))
    client = _visitor(app)
    token = csrf_from(client.get(link).get_data(as_text=True))
    for bad in ({"q_overall": "7"}, {"q_overall": "abc"}, {"q_highlights": "x" * 5000}):
        response = client.post(link, data={"csrf_token": token, **bad})
        assert response.status_code == 422, bad
        assert "Bitte prüfen Sie die markierten Felder." in response.get_data(as_text=True)
    assert db.session.scalar(select(FeedbackAnswer)) is None
    assert client.post(link, data={"csrf_token": token, "q_overall": "4"}).status_code == 200


def test_results_page_runs_the_same_queries_for_few_and_many_answers(signed_in, network, count_queries):
    event = factories.create_event(network)
    survey = FeedbackSurvey(event_id=event.id, questions=[{"key": "overall", "kind": "rating", "template": "overall"},
                                                          {"key": "stories", "kind": "text", "template": "stories"}])
    db.session.add(survey)
    db.session.commit()
    event_id, survey_id, day = event.id, survey.id, event.starts_at.date()
    page = f"/manage/veranstaltungen/{event_id}/rueckmeldungen"

    def add_answers(count):
        event = db.session.get(type(survey), survey_id).event
        for n in range(count):
            registration = factories.create_registration(event, state="attended")
            db.session.add(FeedbackAnswer(survey_id=survey_id, ratings={"overall": 1 + n % 5},
                                          texts={"stories": f"Geschichte {n}"}, submitted_on=day,
                                          name=registration.full_name if n % 2 else "",
                                          registration_id=registration.id if n % 2 else None))
        db.session.commit()

    add_answers(3)
    db.session.expunge_all()
    with count_queries() as few:
        assert signed_in.get(page).status_code == 200
    add_answers(30)
    db.session.expunge_all()
    with count_queries() as many:
        text = signed_in.get(page).get_data(as_text=True)
    assert "Geschichte 29" in text
    assert many.n == few.n, "\n".join(many.statements)


def test_the_survey_page_speaks_the_attendees_language(app, signed_in, network):
    event, _, attended_ar, _ = _event_with_attendees(network)
    _open_with_template(signed_in, event)
    link = _link_of(db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == attended_ar.email)))
    page = _visitor(app).get(link).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page
    assert "كيف تقيّمون الفعالية بشكل عام؟" in page and "الإجابة باسمي" in page


def test_the_page_says_how_many_get_an_invitation_before_it_is_sent(signed_in, network):
    event, *_people = _event_with_attendees(network)
    factories.create_registration(event, state="attended", given_name="Ohne", family_name="Adresse", email=None)
    db.session.commit()
    page = f"/manage/veranstaltungen/{event.id}/rueckmeldungen"
    before = signed_in.get(page).get_data(as_text=True)
    assert "2 eingecheckte Personen haben noch keine Einladung und bekommen sie mit dem nächsten Klick." in before
    assert "1 eingecheckte Person hat keine E-Mail-Adresse und bekommt keine Einladung." in before

    _open_with_template(signed_in, event)
    factories.create_registration(event, state="attended", given_name="Spät", family_name="Gekommen")
    db.session.commit()
    after = signed_in.get(page).get_data(as_text=True)
    assert "1 eingecheckte Person hat noch keine Einladung und bekommt sie mit dem nächsten Klick." in after
    assert "Neu Eingecheckte einladen" in after


def test_an_erased_attendee_is_not_counted_as_having_no_address(signed_in, network):
    from netzwerk.privacy.services import anonymise
    event, attended_de, *_rest = _event_with_attendees(network)
    anonymise([attended_de])
    db.session.commit()
    page = signed_in.get(f"/manage/veranstaltungen/{event.id}/rueckmeldungen").get_data(as_text=True)
    assert "1 eingecheckte Person hat noch keine Einladung" in page and "keine E-Mail-Adresse" not in page
