"""What the site's index pages show of one record, kept apart from its full check result.

The home page, the accounts and cohorts lists, the Gap's check-ins and the check-ins page
each read a few fields of every record. A `Row` is those fields, made from the record's
check result by `row_of` and nothing else, so it is kept in the cache under the same
key as the result (the record's bytes, path and the repo's context). An incremental
`handoff pages` then reads a `Brief` of each record from the file index, a row only for
a page it renders (rows are kept by content in their own file), and a full result only
for an account page it renders. The index pages are built from rows alone, so they cannot
show a field a row does not carry, and are keyed by the rows' digests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import NamedTuple

from pydantic import TypeAdapter

from handoff.authoring.checkins import Checkin, pending
from handoff.check.findings import FileResult, Finding

Number = int | float


@dataclass(frozen=True)
class Row:
    path: str
    status: str  # complete, partial or invalid
    missing: tuple[int | str, ...]
    title: str  # the account's name, else the file name's stem
    stage: str | None = None  # None: the record did not parse into a Record
    arr: Number | None = None
    rep: str = ""
    closed: dt.date | None = None
    cs_owner: str | None = None
    cohort: str | None = None  # lost_deal_cohort
    review: str | None = None  # review status
    review_by: str | None = None
    errors: tuple[Finding, ...] = ()
    checkin: Checkin | None = None  # `checkins.pending`: due dates are cut by the page that shows them


class Brief(NamedTuple):
    """The little of a row every run needs of every record, kept beside its key in the file
    index; the row itself (`text`, hashed into `digest`) is read only for a page that shows it."""

    digest: str  # sha-256 of the row's JSON text: a page made from rows is keyed by these
    title: str
    cohort: str | None
    due: dt.date | None  # the check-in's due date; None: no check-in
    errors: tuple[Finding, ...]  # a malformed record's errors (every run reports them)


_ROW = TypeAdapter(Row)


def text(row: Row) -> str:
    return _ROW.dump_json(row).decode()


def from_text(data: str) -> Row | None:
    """A row from its JSON text, or None when the text is not a row."""
    try:
        return _ROW.validate_json(data)
    except ValueError:  # pydantic's ValidationError is one
        return None


def brief(row: Row, row_text: str | None = None) -> Brief:
    """The row's brief; `row_text`: its `text`, when already made."""
    row_text = text(row) if row_text is None else row_text
    return Brief(hashlib.sha256(row_text.encode()).hexdigest(), row.title, row.cohort,
                 row.checkin.due if row.checkin is not None else None, row.errors if row.status == "invalid" else ())


def digest(pairs: Iterable[tuple[str, Brief]]) -> str:
    """The sha-256 of (slug, row digest) pairs: the key of a page made from those rows."""
    h = hashlib.sha256()
    for slug, b in pairs:
        h.update(f"{slug}\0{b.digest}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def row_of(result: FileResult) -> Row:
    rec = result.record
    if rec is None:
        return Row(result.path, result.status, result.missing, PurePosixPath(result.path).stem, errors=result.errors)
    review = rec.review
    return Row(result.path, result.status, result.missing, rec.account, rec.stage, rec.arr, rec.rep, rec.closed,
               rec.cs_owner, rec.lost_deal_cohort, review.status if review else None,
               review.by if review else None, result.errors, pending(result))
