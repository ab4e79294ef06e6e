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

# A record's file name is `<slug>.md`; file systems refuse names over 255 bytes.
MAX_SLUG_BYTES = 200
