"""`handoff.toml`: optional settings of a handoff repo, with the contract's defaults."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from handoff.record.bounds import MAX_DAYS
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
    email_from: str = ""  # [notify] email_from
    email_to: tuple[str, ...] = ()  # [notify] email_to: one address or a list
    site_url: str = ""  # [site] url: the published site, without the trailing slash
    sla_days: int = 2  # the time standard: days from close to a complete record
    crm: CrmConfig = CrmConfig()  # the [crm] table: how to read the team's CRM exports

    @property
    def metrics(self) -> str:
        """`[crm] metrics`: the success-metric export."""
        return self.crm.metrics

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
    "sla_days": int,
    "crm": dict,
}


# Every number a setting can hold, bounded so that every date derived from it stays on the calendar.
MAX_ARR = 1e15
BOUNDS: dict[str, tuple[float, float]] = {
    "days": (1, MAX_DAYS),
    "checkin_days": (1, MAX_DAYS),
    "high_arr": (0, MAX_ARR),
    "max_file_bytes": (1024, 64 * 1024 * 1024),
    "sla_days": (0, 365),
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
    values: dict[str, Any] = _tables(data)
    for key, value in data.items():
        if key in _TABLES:
            continue
        want = _SCHEMA.get(key)
        if want is None:
            raise ConfigError(1, f"unknown setting `{key}`; known: {', '.join(sorted([*_SCHEMA, *_TABLES]))}")
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


_TABLES = {"notify": ("email_from", "email_to"), "site": ("url",)}
_URL_OK = re.compile(r"^[^\s<>|\"'\\`{}^]+$")
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


def _address(key: str, value: object) -> str:
    if not isinstance(value, str) or len(value) > 254 or not value.isascii() or not value.isprintable() \
            or not _ADDRESS.match(value):
        raise ConfigError(1, f"[notify] `{key}` must be a plain email address like `cs-leads@example.com`")
    return value


def _tables(data: dict[str, Any]) -> dict[str, Any]:
    """`[notify]` (where `handoff notify email` sends from and to) and `[site]` (the published
    site's address, for links in notifications)."""
    for table, keys in _TABLES.items():
        given = data.get(table, {})
        if not isinstance(given, dict):
            raise ConfigError(1, f"`{table}` must be a table: [{table}]")
        unknown = sorted(set(given) - set(keys))
        if unknown:
            raise ConfigError(1, f"unknown setting `{table}.{unknown[0]}`; known: {', '.join(keys)}")
    notify, site = data.get("notify", {}), data.get("site", {})
    out: dict[str, Any] = {}
    if "email_from" in notify:
        out["email_from"] = _address("email_from", notify["email_from"])
    if "email_to" in notify:
        to = notify["email_to"]
        to = [to] if isinstance(to, str) else to
        if not isinstance(to, list) or not 1 <= len(to) <= 50:
            raise ConfigError(1, "[notify] `email_to` must be an address or a list of 1 to 50 addresses")
        out["email_to"] = tuple(_address("email_to", a) for a in to)
    if "url" in site:
        url = site["url"]
        try:  # no characters a chat message's link syntax or an HTML attribute would act on
            parts = urlsplit(url) if isinstance(url, str) and url.isprintable() and _URL_OK.match(url) else None
        except ValueError:  # a malformed IPv6 host
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
                or parts.fragment or parts.username or parts.password:
            raise ConfigError(1, "[site] `url` must be the site's http(s) address, like `https://handoffs.example.com/`")
        out["site_url"] = url.rstrip("/")
    return out
