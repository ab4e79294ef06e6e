"""One cell at a time: dates, amounts and counts as CRM exports write them, never guessed.

Each parser returns the value or raises `ValueError` whose text says what the cell
must be and, where the file's settings could fix it, which `[crm]` key to set.
"""

from __future__ import annotations

import datetime as dt
import re

from handoff.repo.crm.model import FIRST_YEAR, LAST_YEAR, is_plain_number

ISO = "YYYY-MM-DD"
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
                  r"\s?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")
_NUMERIC_DATE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?:[ T].*)?")
_WHOLE = re.compile(r"\d{1,4}(?:\.0+)?")
_SYMBOLS = {"$": "$", "€": "€", "£": "£", "¥": "¥", "₹": "₹", "us$": "$"}
_AMOUNT = re.compile(r"(?P<pre>[$€£¥₹]|[A-Za-z]{3})?\s*(?P<num>\d[\d.,'\s]*?)\s*(?P<post>[$€£¥₹]|[A-Za-z]{3})?")
_GROUPED = {
    ".": re.compile(r"\d{1,3}(?:[,\s']\d{3})+(?:\.\d{1,9})?|\d{1,15}(?:\.\d{1,9})?"),
    ",": re.compile(r"\d{1,3}(?:[.\s']\d{3})+(?:,\d{1,9})?|\d{1,15}(?:,\d{1,9})?"),
}
MAX_AMOUNT = 1e12


def _in_calendar(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"a date in the years {FIRST_YEAR}..{LAST_YEAR}")
    return day


def parse_date(text: str, date_format: str = "auto") -> dt.date:
    """The calendar day of `text`; a date-time counts on its own calendar day (its offset is not applied)."""
    if len(text) > 40:
        raise ValueError(f"a date {ISO}" if date_format == "auto" else f"a date in the form {date_format}")
    if date_format == "auto":
        m = _ISO.fullmatch(text)
        if m is None:
            raise ValueError(f"a date {ISO}")
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m[4] is not None:
                dt.time(int(m[4]), int(m[5]), int(m[6] or 0))
        except ValueError:
            raise ValueError(f"a date {ISO}") from None
        return _in_calendar(day)
    try:
        return _in_calendar(dt.datetime.strptime(text, date_format).date())
    except ValueError:
        raise ValueError(f"a date in the form {date_format}") from None


def date_hint(text: str, date_format: str) -> str:
    """What to do about a date that did not parse, naming the `[crm]` key when it would help."""
    if date_format == "auto" and _NUMERIC_DATE.fullmatch(text):
        return ('day and month cannot be told apart: set `date_format` in [crm] of handoff.toml '
                '(e.g. "%m/%d/%Y" or "%d.%m.%Y")')
    if date_format == "auto":
        return f'write it {ISO}, or set `date_format` in [crm] of handoff.toml'
    return "fix the cell, or `date_format` in [crm] of handoff.toml"


def plain_number(text: str) -> float:
    """A v1 number: digits with an optional decimal point; `58_000`, `1e300`, `nan` and signs are refused."""
    if not is_plain_number(text):
        raise ValueError("a plain number >= 0")
    number = float(text)
    return int(number) if number.is_integer() else number


def whole_months(text: str) -> int:
    if _WHOLE.fullmatch(text) is None or not 1 <= int(float(text)) <= 120:
        raise ValueError("a whole number 1..120")
    return int(float(text))


def amount(text: str, decimal: str = ".") -> tuple[float, str]:
    """(value, currency as written: a symbol, an upper-case code, or ''); thousands separators per `decimal`."""
    m = _AMOUNT.fullmatch(text) if len(text) <= 40 else None  # bounded: no regex work on a hostile cell
    if m is None or (m["pre"] and m["post"]) or _GROUPED[decimal].fullmatch(m["num"]) is None:
        sep = "," if decimal == "." else "."
        raise ValueError(f"an amount like 58{sep}000{decimal}00, $58{sep}000 or USD 58{sep}000 "
                         f"(decimal = \"{decimal}\")")
    currency = m["pre"] or m["post"] or ""
    currency = _SYMBOLS.get(currency.lower(), currency.upper())
    digits = re.sub(r"[\s',.]", "", m["num"][: m["num"].rfind(decimal)] if decimal in m["num"] else m["num"])
    cents = m["num"][m["num"].rfind(decimal) + 1:] if decimal in m["num"] else ""
    value = float(f"{digits}.{cents}" if cents else digits)
    if value > MAX_AMOUNT:
        raise ValueError(f"an amount up to {MAX_AMOUNT:,.0f}")
    return (int(value) if value.is_integer() else value), currency
