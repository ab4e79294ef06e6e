"""CRM exports: `crm/closed-won.csv` (the Plan) and `crm/closed-lost.csv` (the lost-deal queue).

A header row comes first, extra columns are ignored, dates are YYYY-MM-DD.
Excel's byte order mark is accepted here (CRM exports carry it often). A bad
row is a `CrmError` with the file's line, never a skipped row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

WON_PATH = "crm/closed-won.csv"
LOST_PATH = "crm/closed-lost.csv"
WON_COLUMNS = ("account", "closed", "arr", "term_months", "segment", "rep", "cs_owner")
LOST_COLUMNS = ("account", "closed", "arr", "segment", "rep", "reason", "competitor")
# Columns a row may leave empty.
_OPTIONAL = frozenset({"cs_owner", "competitor", "rep", "arr"})


class CrmError(ValueError):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class WonDeal:
    account: str
    closed: dt.date
    arr: float
    term_months: int
    segment: str
    rep: str
    cs_owner: str
    line: int


@dataclass(frozen=True)
class LostDeal:
    account: str
    closed: dt.date
    arr: float | None
    segment: str
    rep: str
    reason: str
    competitor: str
    line: int


def _rows(text: str, path: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise CrmError(path, 1, f"is empty; the first row must name the columns {','.join(columns)}")
        names = [h.strip().lower() for h in header]
        lacking = [c for c in columns if c not in names and c not in _OPTIONAL]
        if lacking:
            raise CrmError(path, 1, f"header lacks column(s) {', '.join(lacking)}")
        index = {c: names.index(c) for c in columns if c in names}
        out: list[tuple[int, dict[str, str]]] = []
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) < len(names):
                    raise CrmError(path, line, f"has {len(row)} cells, the header has {len(names)}")
                out.append((line, {c: row[i].strip() for c, i in index.items()}))
            line = reader.line_num + 1
    except csv.Error as e:
        raise CrmError(path, reader.line_num, f"CSV: {e}") from e
    return out


def _date(value: str, path: str, line: int) -> dt.date:
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CrmError(path, line, f"`closed` must be a date YYYY-MM-DD, found {value[:30]!r}") from None


def _number(value: str, column: str, path: str, line: int) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise CrmError(path, line, f"`{column}` must be a plain number >= 0, found {value[:30]!r}")
    return int(number) if number.is_integer() else number


def _text(row: dict[str, str], column: str, path: str, line: int) -> str:
    value = row.get(column, "")
    if not value and column not in _OPTIONAL:
        raise CrmError(path, line, f"`{column}` is empty")
    return value


def parse_won(text: str, path: str = WON_PATH) -> list[WonDeal]:
    deals = []
    for line, row in _rows(text, path, WON_COLUMNS):
        term = _number(_text(row, "term_months", path, line), "term_months", path, line)
        if not isinstance(term, int) or not 1 <= term <= 120:
            raise CrmError(path, line, f"`term_months` must be a whole number 1..120, found {term}")
        deals.append(WonDeal(
            account=_text(row, "account", path, line),
            closed=_date(_text(row, "closed", path, line), path, line),
            arr=_number(row.get("arr") or "0", "arr", path, line),
            term_months=term,
            segment=_text(row, "segment", path, line),
            rep=row.get("rep", ""),
            cs_owner=row.get("cs_owner", ""),
            line=line,
        ))
    return deals


def parse_lost(text: str, path: str = LOST_PATH) -> list[LostDeal]:
    deals = []
    for line, row in _rows(text, path, LOST_COLUMNS):
        arr = row.get("arr", "")
        deals.append(LostDeal(
            account=_text(row, "account", path, line),
            closed=_date(_text(row, "closed", path, line), path, line),
            arr=_number(arr, "arr", path, line) if arr else None,
            segment=_text(row, "segment", path, line),
            rep=row.get("rep", ""),
            reason=_text(row, "reason", path, line),
            competitor=row.get("competitor", ""),
            line=line,
        ))
    return deals
