"""The one reader of CRM exports: every row of one file, mapped to the contract's names.

`read_export` returns the file's deals of the kinds asked for (won, lost or both when
one "all deals" export feeds both), its mapping, and every unreadable row as a
located `CrmError`; callers that cannot work around a bad row raise the first one.
Without a `[crm]` table the v1 columns and messages apply unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from handoff.record.text import slugify
from handoff.repo.crm import values
from handoff.repo.crm.decode import decode, sniff
from handoff.repo.crm.model import LOST_COLUMNS, WON_COLUMNS, CrmError, LostDeal, WonDeal
from handoff.repo.crm.options import CrmConfig

# v1: the columns a header must have (the others may be absent: empty cells).
_V1_REQUIRED = {"won": ("account", "closed", "term_months", "segment"), "lost": ("account", "closed", "segment",
                                                                                 "reason")}
_REQUIRED = {"won": ("account", "closed", "arr"), "lost": ("account", "closed", "reason")}


@dataclass
class Export:
    path: str
    kinds: tuple[str, ...]
    encoding: str = ""
    delimiter: str = ""
    mapping: dict[str, str | None] = field(default_factory=dict)  # contract name -> the header it came from
    rows: int = 0
    width: int = 0
    won: list[WonDeal] = field(default_factory=list)
    lost: list[LostDeal] = field(default_factory=list)
    errors: list[CrmError] = field(default_factory=list)

    def raise_first(self) -> None:
        if self.errors:
            raise self.errors[0]


class _Row:
    """One row's cells by contract name, and the error wording of this file."""

    def __init__(self, cells: list[str], index: dict[str, int], mapping: dict[str, str | None], path: str,
                 line: int, v1: bool, config: CrmConfig) -> None:
        self.cells, self.index, self.mapping, self.path, self.line = cells, index, mapping, path, line
        self.v1, self.config = v1, config

    def get(self, name: str) -> str:
        """The cell, trimmed; in a team's export a line break or run of spaces inside it reads as one space."""
        i = self.index.get(name)
        if i is None:
            return ""
        return self.cells[i].strip() if self.v1 else " ".join(self.cells[i].split())

    def bad(self, name: str, value: str, expected: str, hint: str = "") -> CrmError:
        shown = value if name == "term_months" and self.v1 else repr(value[:30])
        where = f"`{name}`" if self.v1 else f'`{name}` ("{self.mapping.get(name)}")'
        tail = f"; {hint}" if hint and not self.v1 else ""
        return CrmError(self.path, self.line, f"{where} must be {expected}, found {shown}{tail}")

    def currency(self, written: str) -> str:
        """The row's currency: its `currency` cell, else the one `written` with the amount."""
        return self.get("currency").upper() or written

    def required(self, name: str) -> str:
        value = self.get(name)
        if not value:
            where = f"`{name}`" if self.v1 else f'`{name}` ("{self.mapping.get(name)}")'
            raise CrmError(self.path, self.line, f"{where} is empty" + ("" if self.v1 else "; fill it in the CRM"))
        return value

    def date(self) -> dt.date:
        text = self.get("closed")
        try:
            return values.parse_date(text, "auto" if self.v1 else self.config.date_format)
        except ValueError as e:
            expected = "a date YYYY-MM-DD" if self.v1 else str(e)
            raise self.bad("closed", text, expected, values.date_hint(text, self.config.date_format)) from None

    def amount(self, name: str) -> tuple[float, str]:
        text = self.get(name)
        try:
            if self.v1:
                return values.plain_number(text), ""
            return values.amount(text, self.config.decimal)
        except ValueError as e:
            raise self.bad(name, text, str(e), "fix the cell or `decimal` in [crm] of handoff.toml") from None

    def term(self) -> int | None:
        if "term_months" not in self.index:
            return None
        text = self.required("term_months")
        try:
            return values.whole_months(text)
        except ValueError as e:
            shown = text
            if self.v1:
                try:
                    shown = f"{values.plain_number(text)}"
                except ValueError:
                    raise self.bad("term_months", repr(text[:30]), "a whole number 1..120") from None
            raise self.bad("term_months", shown, str(e), "write the contract term in months") from None


def _header(reader: Any, path: str, config: CrmConfig, kinds: tuple[str, ...], export: Export) -> dict[str, int]:
    """Map the header row: each contract name's column index (absent names are not in it)."""
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise CrmError(path, 1, f"CSV: {e}") from e
    v1 = config.is_v1
    if header is None:
        columns = WON_COLUMNS if "won" in kinds else LOST_COLUMNS
        raise CrmError(path, 1, f"is empty; the first row must name the columns {','.join(columns)}")
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        seen.setdefault(h.strip().casefold(), i)
    index: dict[str, int] = {}
    table = config.headers()
    for name, wanted in table.items():
        found = next((seen[h.strip().casefold()] for h in wanted if h.strip().casefold() in seen), None)
        export.mapping[name] = header[found].strip() if found is not None else None
        if found is not None:
            index[name] = found
    required = [n for k in kinds for n in (_V1_REQUIRED if v1 else _REQUIRED)[k]]
    required += ["stage"] if any(config.stages(k) for k in kinds) else []
    lacking = [n for n in dict.fromkeys(required) if n not in index]
    if lacking and v1:
        raise CrmError(path, 1, f"header lacks column(s) {', '.join(lacking)}")
    if lacking:
        names = "; ".join(f"{n} ({' or '.join(repr(h) for h in table.get(n, ())) or 'no preset header'})"
                          for n in lacking)
        raise CrmError(path, 1, f"header lacks the column(s) for {names}; map them in [crm.columns] of handoff.toml")
    export.width = len(header)
    return index


def read_export(source: bytes | str, path: str, config: CrmConfig, kinds: tuple[str, ...]) -> Export:
    """Every row of one export as deals of `kinds`; a file that cannot be read at all raises CrmError."""
    export = Export(path, kinds)
    v1 = config.is_v1
    if isinstance(source, str):
        text, export.encoding = (source[1:] if source.startswith("\ufeff") else source), "text"
    else:
        text, export.encoding = decode(source, path, config.encoding, v1)
    export.delimiter = "," if v1 else sniff(text, path, config.delimiter)  # v1 files are comma-separated
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=export.delimiter)
    index = _header(reader, path, config, kinds, export)
    stages = {k: config.stages(k) for k in kinds}
    kept = _kept_rows(config, v1, index) if "won" in kinds else {}
    slugs: dict[str, int] = {}
    money: list[tuple[str, int]] = []  # the first currency seen, and its line
    line = reader.line_num + 1
    try:
        for cells in reader:
            row = _Row(cells, index, export.mapping, path, line, v1, config)
            line = reader.line_num + 1
            if len(cells) < export.width:
                if any(c.strip() for c in cells):
                    export.errors.append(CrmError(path, row.line, f"has {len(cells)} cells, the header has "
                                                                  f"{export.width}"))
                continue
            export.rows += 1
            for kind in kinds:
                if stages[kind] and row.get("stage").casefold() not in stages[kind]:
                    continue
                try:
                    if kind == "won":
                        export.won.append(_won(row, slugs, money, kept))
                    else:
                        export.lost.append(_lost(row, money))
                except CrmError as e:
                    export.errors.append(e)
    except csv.Error as e:
        export.errors.append(CrmError(path, reader.line_num, f"CSV: {e}"))
    return export


def _currency(row: _Row, code: str, money: list[tuple[str, int]]) -> None:
    """`code`: the row's currency (`_Row.currency`); one per file."""
    if not code:
        return
    if not money:
        money.append((code, row.line))
    elif money[0][0] != code:
        first, at = money[0]
        raise CrmError(row.path, row.line, f"`arr` is in {code}, line {at} in {first}: one currency per file; "
                                           "export the deals of one currency, or convert them first")


# A won row's deal (all but its line), slug and currency, by the file's shape and the row's cells. A
# history's exports repeat their rows week after week (each holds the last one's and more), so
# the weekly review and the Gap read each row once per run. A row that fails is not kept.
_Fields = tuple[str, dt.date, float, int | None, str, str, str]  # a WonDeal's, but its line
_Kept = dict[tuple[str, ...], tuple[_Fields, str, str]]
_WON_ROWS: dict[tuple[Any, ...], _Kept] = {}
_WON_ROWS_MAX = 100_000


def _kept_rows(config: CrmConfig, v1: bool, index: dict[str, int]) -> _Kept:
    if sum(map(len, _WON_ROWS.values())) > _WON_ROWS_MAX:
        _WON_ROWS.clear()
    return _WON_ROWS.setdefault((config, v1, tuple(index.items())), {})


def _won(row: _Row, slugs: dict[str, int], money: list[tuple[str, int]], kept: _Kept) -> WonDeal:
    cells = tuple(row.cells)
    hit = kept.get(cells)
    if hit is not None:
        fields, slug, code = hit
        _currency(row, code, money)
    else:
        term = row.term()
        account = row.required("account")
        slug = slugify(account)
        if not slug:
            raise CrmError(row.path, row.line, f"`account` {account[:30]!r} has no letters or digits to name its "
                                               "record file; fix the account name in the CRM")
        closed = row.date()
        arr, written = row.amount("arr") if row.get("arr") else (0, "")
        code = row.currency(written)
        _currency(row, code, money)
        segment = row.required("segment") if "segment" in row.index else ""
        fields = (account, closed, arr, term, segment, row.get("rep"), row.get("cs_owner"))
        kept[cells] = (fields, slug, code)
    if slug in slugs:
        raise CrmError(row.path, row.line, f"`account` {fields[0][:30]!r} is the deal of line {slugs[slug]} again "
                                           f"(slug {slug}); one deal per account: remove or merge one of the rows")
    slugs[slug] = row.line
    return WonDeal(*fields, row.line)


def _lost(row: _Row, money: list[tuple[str, int]]) -> LostDeal:
    account = row.required("account")
    closed = row.date()
    arr: float | None = None
    written = ""
    if row.get("arr"):
        arr, written = row.amount("arr")
    _currency(row, row.currency(written), money)
    segment = row.required("segment") if (row.v1 or "segment" in row.index) else ""
    reason = row.required("reason")
    return LostDeal(account, closed, arr, segment, row.get("rep"), reason, row.get("competitor"), row.line)
