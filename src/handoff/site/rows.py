"""What the site's index pages show of one record, kept apart from its full check result.

The home page, the accounts and cohorts lists, the Gap's check-ins and the check-ins page
each read a few fields of every record. A `Row` is those fields, made from the record's
check result by `row_of` and nothing else, so it is kept in the cache under the same
key as the result (the record's bytes, path and the repo's context). An incremental
`handoff pages` then reads 10,000 rows (one JSON file, validated in one pass) and loads a
full result only for a page it renders; the index pages are built from rows alone, so
they cannot show a field a row does not carry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath

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


_PAIRS = TypeAdapter(list[tuple[str, Row]])


def digest(pairs: list[tuple[str, Row]]) -> str:
    """The sha-256 of (slug, row) pairs, for the key of a page made from them (pydantic's
    encoder: 10,000 rows in milliseconds, where `repr` takes a third of a second)."""
    return hashlib.sha256(_PAIRS.dump_json(pairs)).hexdigest()


def row_of(result: FileResult) -> Row:
    rec = result.record
    if rec is None:
        return Row(result.path, result.status, result.missing, PurePosixPath(result.path).stem, errors=result.errors)
    review = rec.review
    return Row(result.path, result.status, result.missing, rec.account, rec.stage, rec.arr, rec.rep, rec.closed,
               rec.cs_owner, rec.lost_deal_cohort, review.status if review else None,
               review.by if review else None, result.errors, pending(result))
