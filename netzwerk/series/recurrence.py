"""The dates of a series rule, with python-dateutil's rrule: no Flask, no database; plain data in, dates out."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

MAX_DATES = 60  # a series is planned for a few years at most; more is a mistake in the rule


class TooManyDates(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    frequency: str  # "weekly" or "monthly"
    weekday: int  # 0 Monday ... 6 Sunday
    week_of_month: int | None = None  # monthly: 1..4, or -1 for the last
    interval: int = 1


def dates(rule: Rule, first: date, *, until: date | None = None, count: int | None = None,
          limit: int = MAX_DATES) -> list[date]:
    """The rule's dates from `first` on (inclusive), up to `until` or `count` dates; more than `limit`: TooManyDates."""
    if rule.frequency == "weekly":
        by_day = weekday(rule.weekday)
        frequency = WEEKLY
        # rrule counts intervals from the week of dtstart: start on the first such weekday, so "every 2 weeks"
        # begins with the first date on or after `first`.
        first += timedelta(days=(rule.weekday - first.weekday()) % 7)
    else:
        by_day = weekday(rule.weekday, rule.week_of_month or 1)
        frequency = MONTHLY
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(until, datetime.min.time()) if until else None
    rule_dates = rrule(frequency, dtstart=start, interval=rule.interval, byweekday=by_day, until=end,
                       count=None if end else count)
    found = [moment.date() for moment in islice(rule_dates, limit + 1)]
    if len(found) > limit:
        raise TooManyDates(limit)
    return found
