"""Erasing a person after the meeting: feedback given with the name, the survey links and the photo consent go;
anonymous feedback and what the dashboard counts (Kommune, organisation type, attendance) stay."""
from datetime import date

from sqlalchemy import func, select

from netzwerk.extensions import db
from netzwerk.feedback.models import FeedbackAnswer, FeedbackInvitation, FeedbackSurvey
from netzwerk.feedback.services import submit
from netzwerk.privacy.services import erase_person, export_person
from netzwerk.registrations.models import Registration

from . import factories


def test_erasure_removes_named_feedback_and_photo_consent_but_keeps_anonymous_answers_and_counts(app, network):
    kommune = factories.create_kommune(name="Düren")
    event = factories.create_event(network)
    person = factories.create_person(network, given_name="Aylin", family_name="Demir")
    hers = factories.create_registration(event, state="attended", person=person, given_name="Aylin",
                                         family_name="Demir", kommune=kommune, organisation_type="Jobcenter",
                                         photo_consent=True)
    other = factories.create_registration(event, state="attended", kommune=kommune, organisation_type="IHK")
    second_event = factories.create_event(network)
    her_second = factories.create_registration(second_event, state="attended", person=person, kommune=kommune,
                                               organisation_type="Jobcenter")
    survey = FeedbackSurvey(event_id=event.id, questions=[{"key": "overall", "kind": "rating",
                                                           "template": "overall"}])
    second_survey = FeedbackSurvey(event_id=second_event.id, questions=[])
    db.session.add_all([survey, second_survey])
    db.session.flush()
    invitations = [FeedbackInvitation(survey_id=s.id, registration_id=r.id, token_hash=f"{n}" * 64, answered=False,
                                      reminders=0)
                   for n, (s, r) in enumerate(((survey, hers), (survey, other), (second_survey, her_second)))]
    db.session.add_all(invitations)
    db.session.flush()
    submit(invitations[0], {"overall": 5}, {}, with_name=True)
    submit(invitations[1], {"overall": 3}, {}, with_name=False)
    submit(invitations[2], {}, {"x": "anonym von Aylin"}, with_name=False)
    db.session.commit()
    assert export_person(person)["feedback_with_name"][0]["ratings"] == {"overall": 5}
    assert export_person(person)["registrations"][0]["photo_consent"] is True

    erase_person(person)
    db.session.commit()

    answers = db.session.scalars(select(FeedbackAnswer).order_by(FeedbackAnswer.id)).all()
    assert [answer.ratings for answer in answers] == [{"overall": 3}, {}]  # the named one is gone
    assert all(answer.registration_id is None and answer.name == "" for answer in answers)
    assert db.session.scalar(select(func.count()).select_from(FeedbackInvitation)) == 1  # only the other's link
    db.session.refresh(hers)
    assert hers.photo_consent is None and hers.photo_consent_at is None and hers.full_name == ""
    # The dashboard's counts survive: attendance per Kommune and organisation type, from the raw rows.
    rows = db.session.execute(
        select(Registration.kommune_id, Registration.organisation_type, func.count())
        .where(Registration.state == "attended").group_by(Registration.kommune_id, Registration.organisation_type)
        .order_by(Registration.organisation_type)
    ).all()
    assert [tuple(row) for row in rows] == [(kommune.id, "IHK", 1), (kommune.id, "Jobcenter", 2)]
    assert answers[0].submitted_on <= date.today()
