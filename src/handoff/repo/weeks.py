"""ISO weeks and the cohort look-back: small, with no heavy imports (the cohort command loads it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from handoff.record.bounds import in_calendar

LOOKBACK_DAYS = 90


class OffCalendar(ValueError):
    """A week that exists but whose Sunday is off handoff's calendar (see handoff.record.bounds)."""


def week_end(week: str) -> dt.date:
    """The Sunday closing ISO week `YYYY-Www`; ValueError for a week that does not exist,
    OffCalendar for one whose Sunday (and so its look-back) leaves the calendar."""
    year, _, num = week.partition("-W")
    try:
        end = dt.date.fromisocalendar(int(year), int(num), 7)
    except OverflowError as e:
        raise OffCalendar(week) from e
    if not in_calendar(end):
        raise OffCalendar(week)
    return end


def lookback(week: str) -> tuple[dt.date, dt.date]:
    """The contract's window: the 90 days ending on the week's Sunday, both ends included."""
    end = week_end(week)
    return end - dt.timedelta(days=LOOKBACK_DAYS - 1), end


def rank_reasons(reasons: list[str], top: int = 3) -> list[tuple[str, int]]:
    """Reasons by count, most first; ties by name."""
    counts = Counter(reasons)
    return sorted(counts.items(), key=lambda rc: (-rc[1], rc[0]))[:top]
