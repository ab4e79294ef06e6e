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
import operator
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, NoReturn

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


class WonDeal(NamedTuple):
    account: str
    closed: dt.date
    arr: float
    term_months: int
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


def _reader(source: str | Iterable[str], path: str, columns: tuple[str, ...]) -> tuple[Any, list[int | None], int]:
    """A csv reader past the header, the index of each wanted column (None if absent), the header width.

    `source` is the export's text, or its lines: a file opened with `newline=""` (and
    `encoding="utf-8-sig"`), which spares holding and copying a large export whole."""
    if isinstance(source, str):
        source = io.StringIO(source[1:] if source.startswith("\ufeff") else source, newline="")
    reader = csv.reader(source)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise CrmError(path, 1, f"CSV: {e}") from e
    if header is None:
        raise CrmError(path, 1, f"is empty; the first row must name the columns {','.join(columns)}")
    names = [h.strip().lower() for h in header]
    lacking = [c for c in columns if c not in names and c not in _OPTIONAL]
    if lacking:
        raise CrmError(path, 1, f"header lacks column(s) {', '.join(lacking)}")
    return reader, [names.index(c) if c in names else None for c in columns], len(names)


def _rows(reader: Any, path: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each non-blank row; the line is where the row starts."""
    line = reader.line_num + 1
    try:
        for row in reader:
            if len(row) >= width:
                yield line, row
            elif any(cell.strip() for cell in row):
                raise CrmError(path, line, f"has {len(row)} cells, the header has {width}")
            line = reader.line_num + 1
    except csv.Error as e:
        raise CrmError(path, reader.line_num, f"CSV: {e}") from e


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None else ""


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


def _required(value: str, column: str, path: str, line: int) -> str:
    if not value:
        raise CrmError(path, line, f"`{column}` is empty")
    return value


def parse_won(text: str, path: str = WON_PATH) -> list[WonDeal]:
    reader, (i_acc, i_closed, i_arr, i_term, i_seg, i_rep, i_cs), width = _reader(text, path, WON_COLUMNS)
    deals = []
    for line, row in _rows(reader, path, width):
        term = _number(_required(_cell(row, i_term), "term_months", path, line), "term_months", path, line)
        if not isinstance(term, int) or not 1 <= term <= 120:
            raise CrmError(path, line, f"`term_months` must be a whole number 1..120, found {term}")
        deals.append(WonDeal(
            account=_required(_cell(row, i_acc), "account", path, line),
            closed=_date(_cell(row, i_closed), path, line),
            arr=_number(_cell(row, i_arr) or "0", "arr", path, line),
            term_months=term,
            segment=_required(_cell(row, i_seg), "segment", path, line),
            rep=_cell(row, i_rep),
            cs_owner=_cell(row, i_cs),
            line=line,
        ))
    return deals


def parse_lost(text: str | Iterable[str], path: str = LOST_PATH,
               window: tuple[dt.date, dt.date] | None = None) -> list[LostDeal]:
    """Every lost deal, or with `window` only those closed in it (both ends included).

    Every row's date is checked; a row outside the window is checked for nothing else,
    as nothing else of it is used.
    """
    # The hot loop of `handoff cohort` over large exports: `_rows` inlined, one itemgetter
    # per row, C-level conversions; the careful per-cell messages only for a bad row.
    reader, index, width = _reader(text, path, LOST_COLUMNS)
    pad = None in index  # optional columns absent: each row gets an empty cell to point them at
    at = [width if i is None else i for i in index]
    cells = operator.itemgetter(*at)
    i_closed = at[1]
    fromisoformat = dt.date.fromisoformat
    low, high = window if window is not None else (dt.date.min, dt.date.max)
    deals: list[LostDeal] = []
    append = deals.append
    next_line = reader.line_num + 1
    try:
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if len(row) < width:
                if any(cell.strip() for cell in row):
                    raise CrmError(path, line, f"has {len(row)} cells, the header has {width}")
                continue
            if pad:
                row.append("")
            closed = row[i_closed]
            try:
                day = fromisoformat(closed) if len(closed) == 10 else None
            except ValueError:
                day = None
            if day is None:
                day = _date(closed.strip(), path, line)  # a date padded with spaces is fine; else raises
            if not low <= day <= high:
                continue
            account, _, arr_text, segment, rep, reason, competitor = cells(row)
            deal = _lost_deal(account, day, arr_text, segment, rep, reason, competitor, line)
            append(deal if deal is not None else _refuse_lost_row(row, at, path, line))
    except csv.Error as e:
        raise CrmError(path, reader.line_num, f"CSV: {e}") from e
    return deals


def _lost_deal(account: str, day: dt.date, arr_text: str, segment: str, rep: str, reason: str, competitor: str,
               line: int) -> LostDeal | None:
    account, segment, reason, arr_text = account.strip(), segment.strip(), reason.strip(), arr_text.strip()
    try:
        arr: float | None = float(arr_text) if arr_text else None
    except ValueError:
        return None
    if not (account and segment and reason) or (arr is not None and not (math.isfinite(arr) and arr >= 0)):
        return None
    if arr is not None and arr.is_integer():
        arr = int(arr)
    return LostDeal(account, day, arr, segment, rep.strip(), reason, competitor.strip(), line)


def _refuse_lost_row(row: list[str], index: list[int], path: str, line: int) -> NoReturn:
    """Say precisely what is wrong with a lost-deal row the fast path did not take."""
    i_acc, i_closed, i_arr, i_seg, _rep, i_reason, _competitor = index
    _required(_cell(row, i_acc), "account", path, line)
    _date(_cell(row, i_closed), path, line)
    if _cell(row, i_arr):
        _number(_cell(row, i_arr), "arr", path, line)
    _required(_cell(row, i_seg), "segment", path, line)
    _required(_cell(row, i_reason), "reason", path, line)
    raise CrmError(path, line, "is not a valid lost-deal row")  # pragma: no cover - one check above fails
