"""An event's feedback survey, the private links sent to those who attended, and the answers.

An answer row points at its survey only: an anonymous answer has no column that could lead back to the
person (no registration, no invitation, no time finer than the day); one given with a name keeps the name and
the registration, so that erasing the person removes it."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..common.choices import LabelledEnum
from ..common.columns import Timestamps, UTCDateTime
from ..events.models import Event
from ..extensions import db
from ..registrations.models import Registration


class SurveyQuestionKind(LabelledEnum):
    """A survey question's kind (kept in the survey's JSON `questions`)."""

    RATING = "rating", _l("Bewertung 1–5")
    TEXT = "text", _l("Freitext")


RATING, TEXT = SurveyQuestionKind.RATING, SurveyQuestionKind.TEXT


class FeedbackSurvey(Timestamps, db.Model):
    """The event's survey: its questions ([{"key", "kind", "label"}], a template question has `template` instead of
    a label and is worded in the reader's language) and whether it is open."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    questions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()


class FeedbackInvitation(db.Model):
    """One attendee's private link to the survey; `answered` (no time) ends it and spares them the reminder."""

    __table_args__ = (UniqueConstraint("survey_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("feedback_survey.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    reminders: Mapped[int] = mapped_column(Integer, default=0)

    survey: Mapped[FeedbackSurvey] = relationship()
    registration: Mapped[Registration] = relationship()


class FeedbackAnswer(db.Model):
    """One submitted survey. Anonymous: `registration_id` is NULL and `name` empty."""

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("feedback_survey.id", ondelete="CASCADE"), index=True)
    ratings: Mapped[dict] = mapped_column(JSON, default=dict)  # question key -> 1..5
    texts: Mapped[dict] = mapped_column(JSON, default=dict)  # question key -> text
    submitted_on: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(250), default="")
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"),
                                                        index=True)

    survey: Mapped[FeedbackSurvey] = relationship()
