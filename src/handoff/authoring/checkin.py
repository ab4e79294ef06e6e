"""`handoff checkin`: record the measured value of a record's success metric in its `checkin` block.

For teams with no metrics export. Like `handoff review`, only the block's lines change
(the block-replacing code is review's); a record that does not parse is refused, untouched.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from handoff.authoring.atomic import WriteRefused, write_bytes
from handoff.authoring.review import Value, find_record, replace_block
from handoff.record.parse import ParseError, parse_bytes, read_bytes
from handoff.record.text import is_placeholder
from handoff.repo.config import CONFIG_NAME, ConfigError, load_settings

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
    path, shown = find_record(root, account)
    try:
        settings = load_settings(root)
    except ConfigError as e:
        raise WriteRefused(f"{CONFIG_NAME}:{e.line}: {e.message}") from e
    try:
        raw = read_bytes(path, settings.max_file_bytes)
        doc = parse_bytes(raw)
    except ParseError as e:
        raise WriteRefused(f"{shown}:{e.line}: {e.message} (not changed: fix the file, then check in)") from e
    text = raw.decode("utf-8")
    wanted: dict[str, Value] = {"value": value, "date": day, **({"note": note} if note else {})}
    new_text = replace_block(text, doc, wanted, shown, "checkin")
    changed = new_text != text
    if changed:
        write_bytes(path, new_text.encode("utf-8"), shown=shown)
    return CheckedIn(shown, value, day, changed)
