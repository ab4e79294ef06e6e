"""Config options of the `handoff` plugin that MkDocs does not ship."""

from __future__ import annotations

import datetime as dt

from mkdocs.config.base import BaseConfigOption, ValidationError


class IsoDate(BaseConfigOption[dt.date | None]):
    """A date `YYYY-MM-DD` (YAML reads an unquoted one as a date already); empty means today."""

    def run_validation(self, value: object) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and len(value.strip()) == 10:
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValidationError(f"expected a date YYYY-MM-DD, found {str(value)[:30]!r}")


class AtLeast(BaseConfigOption[float | None]):
    """An optional number >= `low`; `integer` refuses fractions (and booleans always)."""

    def __init__(self, low: float, integer: bool) -> None:
        super().__init__()
        self.low, self.integer = low, integer

    def run_validation(self, value: object) -> float | None:
        if value is None:
            return None
        kinds = (int,) if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value < self.low:
            what = "a whole number" if self.integer else "a number"
            raise ValidationError(f"expected {what} >= {self.low:g}, found {str(value)[:30]!r}")
        return value
