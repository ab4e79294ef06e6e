"""The calendar every date and day count is bounded to, so that no derived date leaves it.

Dates a record, a setting or an option gives lie from DATE_MIN to DATE_MAX; day counts
(the digest's window, the check-in look-ahead) lie from 1 to MAX_DAYS. The margin to
Python's calendar (0001-01-01..9999-12-31) holds every date derived from them: a window's
start, a default due date (closed + 60 days), a cohort's 90-day look-back, a chart's weeks.
"""

from __future__ import annotations

import datetime as dt

DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(9899, 12, 31)
MAX_DAYS = 3660  # about ten years


def in_calendar(day: dt.date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def calendar_text() -> str:
    return f"from {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}"


def week_of(day: dt.date) -> tuple[str, dt.date, dt.date]:
    """The ISO week holding `day`: its name (YYYY-Www), its Monday and its Sunday."""
    year, week, weekday = day.isocalendar()
    start = day - dt.timedelta(days=weekday - 1)
    return f"{year}-W{week:02d}", start, start + dt.timedelta(days=6)


def week_ends(end: dt.date, weeks: int) -> list[dt.date]:
    """The `weeks` Sundays of the digest's weekly series, oldest first, the last on or before `end`."""
    last = end - dt.timedelta(days=(end.weekday() + 1) % 7)
    return [last - dt.timedelta(weeks=k) for k in reversed(range(weeks))]

# A record's file name is `<slug>.md`; file systems refuse names over 255 bytes.
MAX_SLUG_BYTES = 200
