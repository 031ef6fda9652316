"""Figures other pages take from the feedback (the network dashboard): the average rating per event."""
from collections import defaultdict

from sqlalchemy import select

from ..extensions import db
from .models import RATING, FeedbackAnswer, FeedbackSurvey


def average_rating_per_event(event_ids: list[int]) -> dict[int, tuple[float, int]]:
    """{event id: (average of every 1–5 rating given in its survey, number of ratings)}, for events with at least
    one rating; one query whatever the number of events."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(FeedbackSurvey.event_id, FeedbackSurvey.questions, FeedbackAnswer.ratings)
        .join(FeedbackAnswer, FeedbackAnswer.survey_id == FeedbackSurvey.id)
        .where(FeedbackSurvey.event_id.in_(event_ids))
    ).all()
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for event_id, questions, ratings in rows:
        rating_keys = {question["key"] for question in questions if question["kind"] == RATING}
        for key, value in ratings.items():
            if key in rating_keys and isinstance(value, int) and 1 <= value <= 5:
                sums[event_id][0] += value
                sums[event_id][1] += 1
    return {event_id: (total / count, count) for event_id, (total, count) in sums.items() if count}
