"""Feedback: the survey, invitations through the outbox to those who attended, answers, reminders, results."""
import secrets
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from ..common.secret_links import row_by_token
from ..common.timing import DOUBLE_CLICK_WINDOW, local, utcnow
from ..common.tokens import hash_token
from ..extensions import db
from ..mail.models import OutboxMail
from ..registrations.models import Registration, RegistrationState
from .mails import queue_feedback_mail
from .models import RATING, FeedbackAnswer, FeedbackInvitation, FeedbackSurvey, SurveyQuestionKind
from .questions import MAX_QUESTIONS, TEMPLATE, label

MAX_TEXT = 4000


class AlreadyAnswered(Exception):
    """The link has been used: one answer per link."""


def survey_of(event) -> FeedbackSurvey | None:
    return db.session.scalar(select(FeedbackSurvey).where(FeedbackSurvey.event_id == event.id))


def ensure_survey(event) -> FeedbackSurvey:
    survey = survey_of(event)
    if survey is None:
        survey = FeedbackSurvey(event_id=event.id, questions=[])
        db.session.add(survey)
        db.session.flush()
    return survey


def use_template(survey: FeedbackSurvey) -> None:
    """Add the template's questions that the survey does not have yet."""
    keys = {question["key"] for question in survey.questions}
    survey.questions = [*survey.questions, *(dict(q) for q in TEMPLATE if q["key"] not in keys)]
    db.session.flush()


def add_question(survey: FeedbackSurvey, kind: str, text: str) -> None:
    if kind not in SurveyQuestionKind or len(survey.questions) >= MAX_QUESTIONS:
        raise ValueError(kind)
    key = f"q{secrets.token_hex(4)}"
    survey.questions = [*survey.questions, {"key": key, "kind": kind, "label": text.strip()[:300]}]
    db.session.flush()


class QuestionInUse(Exception):
    """The question is being asked (the survey is open) or has answers: removing it would hide them."""


def answered_keys(survey: FeedbackSurvey) -> set[str]:
    """The questions some answer of the survey gave a rating or a text for."""
    return {key for answer in answers_of(survey) for key in (*answer.ratings, *answer.texts)}


def remove_question(survey: FeedbackSurvey, key: str) -> None:
    if survey.is_open or key in answered_keys(survey):
        raise QuestionInUse(key)
    survey.questions = [question for question in survey.questions if question["key"] != key]
    db.session.flush()


def _attendees_without_invitation(survey: FeedbackSurvey) -> list[Registration]:
    invited = select(FeedbackInvitation.registration_id).where(FeedbackInvitation.survey_id == survey.id)
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == survey.event_id, Registration.state == RegistrationState.ATTENDED,
                                   Registration.email.is_not(None), Registration.email != "",
                                   Registration.id.not_in(invited))
        .options(selectinload(Registration.event)).order_by(Registration.id)
    ))


def not_yet_invited(event, survey: FeedbackSurvey | None) -> tuple[int, int]:
    """(with an address, without one): those checked in who have no survey link yet; what "Öffnen" or "Neu
    Eingecheckte einladen" would send, shown before the click."""
    has_address = Registration.email.is_not(None) & (Registration.email != "")
    # Erased people (anonymised registrations) are not "without an address": nobody may write to them.
    stmt = select(func.count().filter(has_address), func.count()).where(
        Registration.event_id == event.id, Registration.state == RegistrationState.ATTENDED,
        Registration.anonymised_at.is_(None))
    if survey is not None:
        stmt = stmt.where(Registration.id.not_in(
            select(FeedbackInvitation.registration_id).where(FeedbackInvitation.survey_id == survey.id)))
    with_address, everyone = db.session.execute(stmt).one()
    return with_address, everyone - with_address


def open_survey(survey: FeedbackSurvey) -> int:
    """Open the survey and mail a private link to everyone checked in who has none yet; returns how many."""
    if not survey.is_open:
        survey.is_open, survey.opened_at = True, utcnow()
    sent = 0
    for registration in _attendees_without_invitation(survey):
        token = secrets.token_urlsafe(32)  # 256 bits
        db.session.add(FeedbackInvitation(survey_id=survey.id, registration_id=registration.id,
                                          token_hash=hash_token(token), answered=False, reminders=0))
        queue_feedback_mail(registration, "feedback", token)
        sent += 1
    db.session.flush()
    return sent


def close_survey(survey: FeedbackSurvey) -> None:
    survey.is_open = False
    db.session.flush()


def remind(survey: FeedbackSurvey) -> int:
    """A reminder with a fresh link (the first one's token is not kept) to everyone invited who has not answered,
    except whom a reminder reached minutes ago. The survey's row is locked, so two clicks at once see each other."""
    db.session.execute(select(FeedbackSurvey.id).where(FeedbackSurvey.id == survey.id).with_for_update())
    just_reminded = select(OutboxMail.registration_id).where(OutboxMail.kind == "feedback_reminder",
                                                             OutboxMail.registration_id.is_not(None),
                                                             OutboxMail.created_at > utcnow() - DOUBLE_CLICK_WINDOW)
    invitations = db.session.scalars(
        select(FeedbackInvitation).where(FeedbackInvitation.survey_id == survey.id,
                                         FeedbackInvitation.answered.is_(False),
                                         FeedbackInvitation.registration_id.not_in(just_reminded))
        .options(selectinload(FeedbackInvitation.registration).selectinload(Registration.event))
        .order_by(FeedbackInvitation.id)
    ).all()
    sent = 0
    for invitation in invitations:
        registration = invitation.registration
        if not registration.email:
            continue
        token = secrets.token_urlsafe(32)
        invitation.token_hash = hash_token(token)
        invitation.reminders += 1
        queue_feedback_mail(registration, "feedback_reminder", token)
        sent += 1
    db.session.flush()
    return sent


def invitation_by_token(token: str) -> FeedbackInvitation | None:
    return row_by_token(FeedbackInvitation, token)


def submit(invitation: FeedbackInvitation, ratings: dict[str, int], texts: dict[str, str], with_name: bool
           ) -> FeedbackAnswer:
    """Store the answer and use up the link. The conditional UPDATE makes two simultaneous posts of one link
    end with one answer. Anonymous answers carry nothing that leads back to the person."""
    used = db.session.execute(
        update(FeedbackInvitation).where(FeedbackInvitation.id == invitation.id,
                                         FeedbackInvitation.answered.is_(False))
        .values(answered=True).execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        raise AlreadyAnswered()
    registration = invitation.registration
    answer = FeedbackAnswer(
        survey_id=invitation.survey_id, ratings=ratings,
        texts={key: text.strip()[:MAX_TEXT] for key, text in texts.items() if text and text.strip()},
        submitted_on=local(utcnow()).date(),
        name=registration.full_name if with_name else "",
        registration_id=registration.id if with_name else None,
    )
    db.session.add(answer)
    db.session.flush()
    return answer


# -- results --------------------------------------------------------------------------------------------------

@dataclass
class RatingResult:
    key: str
    label: str
    counts: dict[int, int]  # 1..5 -> answers
    average: float | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class TextResult:
    key: str
    label: str
    answers: list[tuple[str, str]] = field(default_factory=list)  # (text, name or "")


@dataclass
class Results:
    invited: int
    answered: int  # invitations used
    count: int  # answers stored
    ratings: list[RatingResult]
    texts: list[TextResult]


def answers_of(survey: FeedbackSurvey) -> list[FeedbackAnswer]:
    return list(db.session.scalars(select(FeedbackAnswer).where(FeedbackAnswer.survey_id == survey.id)
                                   .order_by(FeedbackAnswer.id)))


def results(survey: FeedbackSurvey) -> Results:
    answers = answers_of(survey)
    invited, answered = db.session.execute(
        select(func.count(), func.count().filter(FeedbackInvitation.answered.is_(True)))
        .where(FeedbackInvitation.survey_id == survey.id)
    ).one()
    ratings, texts = [], []
    for question in survey.questions:
        key = question["key"]
        if question["kind"] == RATING:
            counts = dict.fromkeys(range(1, 6), 0)
            for answer in answers:
                if (value := answer.ratings.get(key)) in counts:
                    counts[value] += 1
            total = sum(counts.values())
            average = sum(value * count for value, count in counts.items()) / total if total else None
            ratings.append(RatingResult(key, label(question), counts, average))
        else:
            texts.append(TextResult(key, label(question), [(answer.texts[key], answer.name) for answer in answers
                                                           if answer.texts.get(key)]))
    return Results(invited, answered, len(answers), ratings, texts)


def export_rows(survey: FeedbackSurvey | None) -> list[list]:
    """Header and one row per answer: the date, the name (if given), every question's answer."""
    if survey is None:
        return [["Datum", "Name"]]
    header = ["Datum", "Name", *(label(question) for question in survey.questions)]
    rows = [header]
    for answer in answers_of(survey):
        rows.append([answer.submitted_on.isoformat(), answer.name,
                     *(answer.ratings.get(q["key"], "") if q["kind"] == RATING else answer.texts.get(q["key"], "")
                       for q in survey.questions)])
    return rows
