"""`handoff.toml`: optional settings of a handoff repo, with the contract's defaults."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handoff.record.bounds import MAX_DAYS
from handoff.record.parse import MAX_FILE_BYTES


class ConfigError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


@dataclass(frozen=True)
class Settings:
    currency: str = "$"
    days: int = 7
    high_arr: float = 50000
    checkin_days: int = 14
    extra_keys: frozenset[str] = frozenset()
    max_file_bytes: int = MAX_FILE_BYTES

    def money(self, amount: float) -> str:
        number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        cur = self.currency
        return f"{cur}{number}" if len(cur) == 1 else f"{number} {cur}"


CONFIG_NAME = "handoff.toml"
_SCHEMA: dict[str, type | tuple[type, ...]] = {
    "currency": str,
    "days": int,
    "high_arr": (int, float),
    "checkin_days": int,
    "extra_keys": list,
    "max_file_bytes": int,
}


# Every number a setting can hold, bounded so that every date derived from it stays on the calendar.
MAX_ARR = 1e15
BOUNDS: dict[str, tuple[float, float]] = {
    "days": (1, MAX_DAYS),
    "checkin_days": (1, MAX_DAYS),
    "high_arr": (0, MAX_ARR),
    "max_file_bytes": (1024, 64 * 1024 * 1024),
}


def load_settings(root: Path) -> Settings:
    """Settings from `<root>/handoff.toml`, or the defaults when there is none."""
    path = root / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as e:
        raise ConfigError(1, f"cannot read: {e.strerror}") from e
    return parse_settings(raw)


def _line_of(text: str, key: str) -> int:
    """The line that sets top-level `key` (1 when it cannot be told)."""
    m = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def parse_settings(raw: bytes) -> Settings:
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as e:
        raise ConfigError(1, "is not UTF-8") from e
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+)", str(e))
        raise ConfigError(int(m.group(1)) if m else 1, f"TOML syntax: {e}") from e
    values: dict[str, Any] = {}
    for key, value in data.items():
        want = _SCHEMA.get(key)
        if want is None:
            raise ConfigError(1, f"unknown setting `{key}`; known: {', '.join(sorted(_SCHEMA))}")
        if not isinstance(value, want) or isinstance(value, bool):
            raise ConfigError(1, f"`{key}` has the wrong type")
        values[key] = value
    extra = values.pop("extra_keys", [])
    if not all(isinstance(k, str) for k in extra):
        raise ConfigError(1, "`extra_keys` must be a list of strings")
    for key, value in values.items():
        if key in BOUNDS and not (math.isfinite(value) and BOUNDS[key][0] <= value <= BOUNDS[key][1]):
            low, high = BOUNDS[key]
            raise ConfigError(_line_of(text, key), f"`{key}` must be a number from {low:,.0f} to {high:,.0f}, "
                              f"not {value!r}")
    cur = values.get("currency", "$")
    if not 1 <= len(cur) <= 8 or not cur.isprintable() or cur != cur.strip() or any(c in cur for c in "<>&`*_[]\\"):
        raise ConfigError(_line_of(text, "currency"), "`currency` must be a symbol or code of 1 to 8 characters "
                          "on one line (`$`, `€`, `EUR`), without markup")
    return Settings(**values, extra_keys=frozenset(extra))
