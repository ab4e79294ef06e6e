"""Plan -> Fact -> Gap as of a day, from git history (CONTRACT.md, "The digest").

Plan: rows of `crm/closed-won.csv` whose `closed` lies in the N days ending on D.
Fact: which of those deals have `records/<slug>.md`, complete or partial.
Gap: the named missing and partial accounts, and who to talk to. Everything is
read from the tree of the commit `History.as_of(D)` picks, so nothing in the
working tree, the index or later commits changes the answer for an earlier D.
A record that does not parse counts as present and partial, and is named.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from handoff.check.findings import FileResult
from handoff.check.record import INCOMPLETE_CODES
from handoff.digest.model import Digest, MissingAccount, PartialAccount, Rejection
from handoff.digest.state import RECORDS, Line, Snapshot, check, snapshots
from handoff.record.bounds import MAX_DAYS, calendar_text, in_calendar, week_ends
from handoff.record.model import AI_ASSIST
from handoff.record.parse import Document
from handoff.record.text import is_placeholder, slugify
from handoff.repo.asof import Parsed, parsed
from handoff.repo.config import MAX_ARR
from handoff.repo.crm.model import WonDeal
from handoff.repo.history import ZERO, Change, Commit, History, HistoryError
from handoff.repo.window import LineWalk

__all__ = ["Digest", "DigestError", "WeekPoint", "compute_digest", "week_ends", "weekly_series"]


class DigestError(ValueError):
    """The digest cannot be computed; the message is one line for the user."""


@dataclass(frozen=True)
class WeekPoint:
    week_end: dt.date
    planned: int
    present: int
    complete: int


def _history(root: Path | History) -> History:
    if isinstance(root, History):
        return root
    try:
        return History.open(root)
    except HistoryError as e:
        raise DigestError(str(e)) from None


def _as_of(history: Line, date: dt.date) -> Commit:
    commit = history.as_of(date)
    if commit is None:
        if not history.commits:
            raise DigestError("no commit yet on this branch; commit the records and crm/closed-won.csv first")
        first = min(c.day for c in history.commits)
        raise DigestError(f"no commit on or before {date.isoformat()} (the first is of {first.isoformat()})")
    return commit


def _plan(snap: Snapshot, first: dt.date, last: dt.date) -> list[WonDeal]:
    return [d for d in snap.won if first <= d.closed <= last]


def compute_digest(root: Path | History, date: dt.date, days: int | None = None,
                   high_arr: float | None = None) -> Digest:
    """The digest as of `date`. `days`/`high_arr` left None come from `handoff.toml` as of
    that day, else the contract's defaults (7, 50000). Raises DigestError for every refusal."""
    if not in_calendar(date):
        raise DigestError(f"--date {date.isoformat()} is off the calendar: give a date {calendar_text()}")
    if isinstance(root, History):
        return _digest(root, date, days, high_arr)
    try:
        walk = LineWalk.open(root)
    except HistoryError as e:
        raise DigestError(str(e)) from None
    try:
        return _digest(walk, date, days, high_arr)
    except HistoryError as e:
        raise DigestError(str(e)) from None
    finally:
        walk.close()


def _digest(history: Line, date: dt.date, days: int | None, high_arr: float | None) -> Digest:
    commit = _as_of(history, date)
    snap = snapshots(history, [commit])[commit.sha]
    if isinstance(snap, str):
        raise DigestError(snap)
    days = snap.settings.days if days is None else days
    high = snap.settings.high_arr if high_arr is None else high_arr
    if not (1 <= days <= MAX_DAYS and math.isfinite(high) and 0 <= high <= MAX_ARR):
        raise DigestError(f"--days must be 1 to {MAX_DAYS} and --high-arr 0 to {MAX_ARR:,.0f}")
    first = date - dt.timedelta(days=days - 1)
    plan = _plan(snap, first, date)
    results = check(history, [(snap, (slugify(d.account) for d in plan))])[0]
    return _figures(date, days, first, high, snap, plan, results, _rejections(history, commit, first, date))


def _figures(date: dt.date, days: int, first: dt.date, high: float, snap: Snapshot, plan: list[WonDeal],
             results: dict[str, FileResult], rejections: list[Rejection]) -> Digest:
    missing: list[str] = []
    details: list[MissingAccount] = []
    present: list[str] = []
    partial: list[PartialAccount] = []
    skipped: Counter[str] = Counter()
    for deal in plan:
        slug = slugify(deal.account)
        result = results.get(slug)
        rec = result.record if result else None
        rep = deal.rep or (rec.rep if rec else "")
        if result is None:
            missing.append(deal.account)
            late = (date - deal.closed).days
            details.append(MissingAccount(deal.account, slug, rep, deal.arr, deal.closed, late,
                                          late > snap.settings.sla_days))
        else:
            present.append(deal.account)
            if result.status == "complete":
                continue
            problem = next((f.text() for f in result.errors if f.code not in INCOMPLETE_CODES), None)
            arr = deal.arr if deal.arr or rec is None else rec.arr
            partial.append(PartialAccount(deal.account, slug, rep, arr, result.missing, problem))
        if rep:
            skipped[rep] += 1
    blanks = {str(n): 0 for n in range(1, 8)} | {AI_ASSIST: 0}
    for p in partial:
        for item in p.missing_fields:
            blanks[str(item)] += 1
    rejecters = Counter(r.by for r in rejections)
    return Digest(date=date, days=days, window_start=first, high_arr=high, settings=snap.settings,
                  commit=snap.commit, planned=len(plan), present_accounts=_sorted(present),
                  missing_accounts=_sorted(missing),
                  partial_accounts=tuple(sorted(partial, key=lambda p: _key(p.account))),
                  blank_fields=blanks, top_skipper=_top(skipped), top_rejecter=_top(rejecters),
                  rejections=tuple(rejections),
                  missing_details=tuple(sorted(details, key=lambda m: _key(m.account))))



def _key(name: str) -> tuple[str, str]:
    return name.casefold(), name


def _sorted(names: list[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=_key))


def _top(counts: Counter[str]) -> tuple[str, int] | None:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], *_key(kv[0])))
    return ranked[0] if ranked else None


def _review(doc: Document | None) -> tuple[str | None, str | None]:
    review = doc.data.get("review") if doc is not None else None
    if not isinstance(review, dict):
        return None, None
    status, by = review.get("status"), review.get("by")
    return (status if isinstance(status, str) else None,
            by.strip() if isinstance(by, str) and not is_placeholder(by) else None)


def _doc(found: dict[str, Parsed], sha: str) -> Document | None:
    doc = found.get(sha, (0, None))[1]
    return doc if isinstance(doc, Document) else None


def _rejections(history: Line, upto: Commit, first: dt.date, last: dt.date) -> list[Rejection]:
    """Commits of the line from `upto` back to the first one committed before `first` (by position,
    see `handoff.repo.window`), committed in [first, last], that turn a record's `review.status`
    into `rejected`; each credited to the new version's `review.by`."""
    lo, hi = first.toordinal(), last.toordinal()
    window: list[Commit] = []
    for c in history.back_from(upto):
        if c.day_ordinal < lo:
            break
        if c.day_ordinal <= hi:
            window.append(c)
    changes = [ch for c in reversed(window) for ch in history.changes(c)
               if ch.new != ZERO and ch.path.startswith(RECORDS) and ch.path.endswith(".md")
               and "/" not in ch.path[len(RECORDS):]]
    # Cheap filter first: only blobs that say `rejected` somewhere are parsed.
    new = history.blobs(ch.new for ch in changes)
    turned = [ch for ch in changes if b"rejected" in new.get(ch.new, b"")]
    before = _before(history, turned)
    docs = parsed(history, [ch.new for ch in turned] + [b for b in before.values() if b != ZERO])
    out: list[Rejection] = []
    for ch in turned:
        doc = _doc(docs, ch.new)
        status, by = _review(doc)
        if status != "rejected" or by is None or _review(_doc(docs, before[id(ch)]))[0] == "rejected":
            continue
        account = doc.data.get("account") if doc is not None else None
        stem = ch.path[len(RECORDS):-3]
        out.append(Rejection(account if isinstance(account, str) else stem, stem, by, ch.sha, ch.commit.day))
    return out


def _before(history: Line, changes: list[Change]) -> dict[int, str]:
    """The blob each change replaced; for a restored file, the one it held before its removal,
    so that removing and restoring a rejected record is no new rejection."""
    return {id(ch): ch.old if ch.old != ZERO else _before_removal(history, ch) for ch in changes}


def _before_removal(history: Line, added: Change) -> str:
    """For a file that `added` brings (back): the blob an earlier commit removed, else ZERO.
    Walks back only for a restored record that says `rejected`, which is rare."""
    older = history.back_from(added.commit)
    next(older)  # the commit of `added` itself
    for commit in older:
        for ch in history.changes(commit):
            if ch.path == added.path:
                return ch.old if ch.new == ZERO else ZERO
    return ZERO


def weekly_series(root: Path | History, end: dt.date, weeks: int, days: int = 7) -> list[WeekPoint]:
    """Planned, present and complete handoffs for each of the `weeks` weeks ending on a Sunday,
    the last being the last Sunday on or before `end`, each as of its Sunday, from the one
    history pass. A week with no commit yet or no usable CRM export counts zero."""
    history = _history(root)
    ends = week_ends(end, weeks)
    commits = {e: history.as_of(e) for e in ends}
    snaps = snapshots(history, list({c.sha: c for c in commits.values() if c is not None}.values()))
    usable: list[tuple[dt.date, Snapshot, list[WonDeal]]] = []
    for e, c in commits.items():
        snap = snaps.get(c.sha) if c is not None else None
        if isinstance(snap, Snapshot):
            usable.append((e, snap, _plan(snap, e - dt.timedelta(days=days - 1), e)))
    checked = check(history, [(snap, (slugify(d.account) for d in plan)) for _, snap, plan in usable])
    points = {e: WeekPoint(e, 0, 0, 0) for e in ends}
    for (e, _snap, plan), results in zip(usable, checked, strict=True):
        found = [results.get(slugify(d.account)) for d in plan]
        points[e] = WeekPoint(e, len(plan), sum(r is not None for r in found),
                              sum(r is not None and r.status == "complete" for r in found))
    return [points[e] for e in ends]

