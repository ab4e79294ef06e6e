"""The contract's v1 exports read the v1 way: `parse_won`, and `parse_lost`'s fast path.

`handoff cohort` reads large lost-deal exports; this path keeps one itemgetter per row
and C-level conversions, and leaves the careful per-cell wording to the one reader
(`reader.read_export`) for any row it does not take.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
from collections.abc import Iterable
from typing import Any, NoReturn

from handoff.repo.crm.model import (
    FIRST_YEAR,
    LAST_YEAR,
    LOST_PATH,
    WON_PATH,
    CrmError,
    LostDeal,
    WonDeal,
    is_plain_number,
)
from handoff.repo.crm.options import CrmConfig

V1 = CrmConfig()



def parse_won(text: str | bytes, path: str = WON_PATH, config: CrmConfig = V1) -> list[WonDeal]:
    """Every won deal of an export (v1 columns unless `config` says otherwise); CrmError at the first bad row."""
    from handoff.repo.crm.reader import read_export

    export = read_export(text, path, config, ("won",))
    export.raise_first()
    return export.won


def parse_lost(text: str | Iterable[str], path: str = LOST_PATH,
               window: tuple[dt.date, dt.date] | None = None) -> list[LostDeal]:
    """Every lost deal of a v1 export, or with `window` only those closed in it (both ends included).

    Every row's date is checked; a row outside the window is checked for nothing else,
    as nothing else of it is used. The window is kept inside the years 1900..2999.
    """
    source = io.StringIO(text[1:] if text.startswith("\ufeff") else text, newline="") if isinstance(text, str) \
        else text
    reader = csv.reader(source)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise CrmError(path, 1, f"CSV: {e}") from e
    if header is None:
        raise CrmError(path, 1, "is empty; the first row must name the columns " + ",".join(_LOST))
    names = [h.strip().lower() for h in header]
    lacking = [c for c in ("account", "closed", "segment", "reason") if c not in names]
    if lacking:
        raise CrmError(path, 1, f"header lacks column(s) {', '.join(lacking)}")
    width = len(names)
    at = [names.index(c) if c in names else width for c in _LOST]
    pad = width in at  # optional columns absent: each row gets an empty cell to point them at
    cells = operator.itemgetter(*at)
    i_closed = at[1]
    fromisoformat = dt.date.fromisoformat
    first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
    low, high = (max(window[0], first), min(window[1], last)) if window is not None else (first, last)
    deals: list[LostDeal] = []
    append = deals.append
    try:
        for row in reader:
            if len(row) < width:
                if any(cell.strip() for cell in row):
                    raise CrmError(path, _start(reader, row), f"has {len(row)} cells, the header has {width}")
                continue
            if pad:
                row.append("")
            closed = row[i_closed]
            try:  # only YYYY-MM-DD: `2026-W47-4` is ten characters too
                day = fromisoformat(closed) if len(closed) == 10 and closed[7] == "-" else None
            except ValueError:
                day = None
            if day is None:
                day = _padded_date(closed.strip(), header, row, path, _start(reader, row))
            if not low <= day <= high:  # unused: its date had to be a date, and that is all
                continue
            line = _start(reader, row)
            account, _, arr_text, segment, rep, reason, competitor = cells(row)
            account, segment, reason, arr_text = account.strip(), segment.strip(), reason.strip(), arr_text.strip()
            if not (account and segment and reason) or (arr_text and not is_plain_number(arr_text)):
                _refuse(header, row, path, line)
            number = float(arr_text) if arr_text else None
            arr = int(number) if number is not None and number.is_integer() else number
            append(LostDeal(account, day, arr, segment, rep.strip(), reason, competitor.strip(), line))
    except csv.Error as e:
        raise CrmError(path, reader.line_num, f"CSV: {e}") from e
    return deals


def _start(reader: Any, row: list[str]) -> int:
    """The line a row starts on: the reader's line, less the line breaks inside its quoted cells.

    Worked out only for the rows that need it (kept or refused), not for each row read."""
    line: int = reader.line_num
    text = "\0".join(row)  # csv refuses NUL in a file: no line break spans two cells
    if "\n" in text or "\r" in text:
        line -= text.count("\n") + text.count("\r") - text.count("\r\n")
    return line


_LOST = ("account", "closed", "arr", "segment", "rep", "reason", "competitor")


def _padded_date(text: str, header: list[str], row: list[str], path: str, line: int) -> dt.date:
    """A date the fast path missed: one padded with spaces is fine, anything else is refused."""
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 and text[7] == "-" else None
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        _refuse(header, row, path, line)
    return day


def _refuse(header: list[str], row: list[str], path: str, line: int) -> NoReturn:
    """Say precisely what is wrong with a row the fast path did not take, through the one reader."""
    from handoff.repo.crm.reader import read_export  # only for a bad row: `handoff cohort` starts without it

    one = read_export(",".join(_quote(h) for h in header) + "\n" + "\n" * (line - 2)
                      + ",".join(_quote(c) for c in row[: len(header)]) + "\n", path, V1, ("lost",))
    one.raise_first()
    raise CrmError(path, line, "is not a valid lost-deal row")  # pragma: no cover - the reader refuses it


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'
