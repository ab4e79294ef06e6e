"""The success-metric export: `crm/success-metrics.csv` (or `[crm] metrics = PATH`), columns
`account,date,value`, one measured value per row.

Read with the csv module; Excel's byte order mark and CRLF line endings are fine, extra
columns are ignored, a missing file is no error (the team may have no export). A bad row
is refused with one line, `path:line: column: value: what to do`. `COLUMNS` maps each
name this reader needs to the header it reads it from, so a column mapping plugs in there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from handoff.record.text import one_line, slugify

COLUMNS: Mapping[str, str] = {"account": "account", "date": "date", "value": "value"}
MAX_BYTES = 64 << 20
MAX_VALUE = 1e15


class MetricsError(ValueError):
    """A row or header the reader cannot use; str() is the one line for the user."""


@dataclass(frozen=True)
class Measured:
    account: str
    day: dt.date
    value: float
    line: int


def _bad(path: str, line: int, column: str, value: str, fix: str) -> MetricsError:
    return MetricsError(f"{path}:{line}: {column}: {one_line(value, 40)!r}: {fix}")


def read_metrics(root: Path, rel: str, columns: Mapping[str, str] = COLUMNS) -> dict[str, list[Measured]]:
    """Measured values by account slug, oldest first; {} when the file does not exist."""
    path = root / rel
    if not path.is_file() or path.is_symlink():
        return {}
    if path.stat().st_size > MAX_BYTES:
        raise MetricsError(f"{rel}:1: is over {MAX_BYTES >> 20} MiB; export only the success-metric values")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise MetricsError(f"{rel}:1: is not UTF-8; export it as CSV UTF-8") from e
    return parse_metrics(text, rel, columns)


def parse_metrics(text: str, rel: str, columns: Mapping[str, str] = COLUMNS) -> dict[str, list[Measured]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip().casefold() for h in next(reader, [])]
        wanted = {name: header.index(head.casefold()) if head.casefold() in header else -1
                  for name, head in columns.items()}
        if -1 in wanted.values():
            lacking = ", ".join(columns[n] for n, i in wanted.items() if i < 0)
            raise MetricsError(f"{rel}:1: header: lacks column(s) {lacking}; the first row must name "
                               f"{','.join(columns.values())}")
        out: dict[str, list[Measured]] = {}
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                item = _row(row, wanted, rel, line)
                out.setdefault(slugify(item.account), []).append(item)
            line = reader.line_num + 1
    except csv.Error as e:
        raise MetricsError(f"{rel}:{reader.line_num}: CSV: {e}; fix the quoting of that row") from e
    for items in out.values():
        items.sort(key=lambda m: (m.day, m.line))
    return out


def _row(row: list[str], at: dict[str, int], rel: str, line: int) -> Measured:
    cells = {name: row[i].strip() if i < len(row) else "" for name, i in at.items()}
    if not slugify(cells["account"]):
        raise _bad(rel, line, "account", cells["account"], "name the account as in its record")
    try:
        if len(cells["date"]) != 10:
            raise ValueError
        day = dt.date.fromisoformat(cells["date"])
    except ValueError:
        raise _bad(rel, line, "date", cells["date"], "write the date as YYYY-MM-DD") from None
    try:
        value = float(cells["value"])
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        raise _bad(rel, line, "value", cells["value"], "write a plain number such as 6.5, without units")
    return Measured(cells["account"], day, value, line)
