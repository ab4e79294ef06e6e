"""`handoff checkin`: record the measured value of a record's success metric in its `checkin` block.

For teams with no metrics export. Like `handoff review`, only the block's lines change
(the block-replacing code is review's); a record that does not parse is refused, untouched.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from handoff.authoring.atomic import WriteRefused
from handoff.authoring.review import Value, set_block
from handoff.record.text import is_placeholder

MAX_VALUE = 1e15
MAX_NOTE = 1000
FIRST_DAY, LAST_DAY = dt.date(1970, 1, 1), dt.date(2199, 12, 31)


@dataclass(frozen=True)
class CheckedIn:
    path: str
    value: float
    date: dt.date
    changed: bool


def check_value(value: float) -> int | float:
    """The measured value as written: whole numbers without a decimal point; bounded, finite."""
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        raise WriteRefused(f"--actual must be a finite number of at most {MAX_VALUE:.0e} in size")
    return int(value) if float(value).is_integer() else value


def set_checkin(root: Path, account: str, actual: float, day: dt.date, note: str | None) -> CheckedIn:
    """Set `checkin` of the record of `account`; WriteRefused (file untouched) when that cannot be done."""
    value = check_value(actual)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise WriteRefused(f"--date must lie between {FIRST_DAY} and {LAST_DAY}")
    note = (note or "").strip() or None
    if note is not None and (is_placeholder(note) or len(note) > MAX_NOTE or not note.isprintable()):
        raise WriteRefused(f"--note must be one line of real text, at most {MAX_NOTE} characters")
    wanted: dict[str, Value] = {"value": value, "date": day, **({"note": note} if note else {})}
    shown, changed = set_block(root, account, "checkin", wanted, "check in")
    return CheckedIn(shown, value, day, changed)
