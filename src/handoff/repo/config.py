"""`handoff.toml`: optional settings of a handoff repo, with the contract's defaults."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handoff.record.parse import MAX_FILE_BYTES
from handoff.repo.crm.options import CrmConfig, parse_crm


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
    crm: CrmConfig = CrmConfig()  # the [crm] table: how to read the team's CRM exports

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
    "crm": dict,
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


def parse_settings(raw: bytes) -> Settings:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
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
    if "crm" in values:
        try:
            values["crm"] = parse_crm(values["crm"])
        except ValueError as e:
            table = re.search(rb"^[ \t]*\[[ \t]*crm[\].]", raw, re.MULTILINE)
            raise ConfigError(raw.count(b"\n", 0, table.start()) + 1 if table else 1, str(e)) from e
    extra = values.pop("extra_keys", [])
    if not all(isinstance(k, str) for k in extra):
        raise ConfigError(1, "`extra_keys` must be a list of strings")
    settings = Settings(**values, extra_keys=frozenset(extra))
    if settings.days < 1 or settings.checkin_days < 1 or settings.max_file_bytes < 1024 or settings.high_arr < 0:
        raise ConfigError(1, "days, checkin_days, high_arr and max_file_bytes must be positive")
    return settings
