"""What every CRM export turns into: the deals, located errors, and the contract's column names."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

WON_PATH = "crm/closed-won.csv"
LOST_PATH = "crm/closed-lost.csv"
WON_COLUMNS = ("account", "closed", "arr", "term_months", "segment", "rep", "cs_owner")
LOST_COLUMNS = ("account", "closed", "arr", "segment", "rep", "reason", "competitor")
# The contract's names a `[crm.columns]` table may map, plus `currency` (a column of currency codes).
NAMES = ("account", "closed", "arr", "term_months", "segment", "rep", "cs_owner", "stage", "reason",
         "competitor", "currency")
# Dates outside these years are refused at the edge: `closed` + 60 days must stay on the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def is_plain_number(text: str) -> bool:
    """A v1 number: ASCII digits with at most one decimal point inside, at most 25 characters.

    `58_000`, `1e300`, `nan`, `-5` and `５８` are not (Python's float() would take them)."""
    digits = text.replace(".", "", 1)
    return digits.isdigit() and digits.isascii() and len(text) <= 25 and text[0] != "." and text[-1] != "."


class CrmError(ValueError):
    """A located problem with an export: `path:line: message`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class WonDeal(NamedTuple):
    account: str
    closed: dt.date
    arr: float
    term_months: int | None  # None: the export has no such column; `handoff new` leaves it for the rep
    segment: str
    rep: str
    cs_owner: str
    line: int


class LostDeal(NamedTuple):  # a tuple: a large export builds one per row, fast
    account: str
    closed: dt.date
    arr: float | None
    segment: str
    rep: str
    reason: str
    competitor: str
    line: int
