"""Config options of the `handoff` plugin that MkDocs does not ship."""

from __future__ import annotations

import datetime as dt
import math

from mkdocs.config.base import BaseConfigOption, ValidationError

from handoff.record.bounds import calendar_text, in_calendar


class IsoDate(BaseConfigOption[dt.date | None]):
    """A date `YYYY-MM-DD` (YAML reads an unquoted one as a date already); empty means today."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or value == "":
            return None
        day: dt.date | None = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, str) and len(value.strip()) == 10:
            try:
                day = dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if day is None:
            raise ValidationError(f"expected a date YYYY-MM-DD, found {str(value)[:30]!r}")
        if not in_calendar(day):
            raise ValidationError(f"expected a date {calendar_text()}, found {day.isoformat()}")
        return day


class AtLeast(BaseConfigOption[float | None]):
    """An optional finite number from `low` to `high`; `integer` refuses fractions (and booleans always)."""

    def __init__(self, low: float, integer: bool, high: float = math.inf) -> None:
        super().__init__()
        self.low, self.integer, self.high = low, integer, high

    def run_validation(self, value: object) -> float | None:
        if value is None:
            return None
        kinds = (int,) if self.integer else (int, float)
        if (isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value)
                or not self.low <= value <= self.high):
            what = "a whole number" if self.integer else "a number"
            raise ValidationError(f"expected {what} from {self.low:,.0f} to {self.high:,.0f}, "
                                  f"found {str(value)[:30]!r}")
        return value
