"""The site's one door to git history, the digest and check-ins.

Everything the site needs from `handoff.repo.history`, `handoff.digest.compute` and
`handoff.authoring.checkins` passes through here and is turned into the small values
below, so the page modules never touch git or those modules' types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from handoff.authoring.checkins import settled
from handoff.authoring.checkins import window as window  # the Gap's check-in window, for SiteData
from handoff.record.bounds import week_ends
from handoff.repo.history import SHALLOW_FIX, Change, History, HistoryError
from handoff.repo.logcache import read_json, write_json
from handoff.site.rows import Row
from handoff.site.svg import WeekBar

WEEKS_SHOWN = 12
GAP_CACHE, GAP_FORMAT = "gap.json", 1


@dataclass(frozen=True)
class ChangeRow:
    sha: str
    when: dt.datetime
    author: str
    summary: str


@dataclass(frozen=True)
class CheckinRow:
    account: str
    slug: str
    metric: str
    baseline: float | None
    target: float | None
    due: dt.date
    owner: str


@dataclass(frozen=True)
class Gap:
    """The Gap page's figures; `error` says why there is no digest (shown on the page)."""

    digest: dict[str, Any] | None
    weeks: list[WeekBar] = field(default_factory=list)
    checkins: list[CheckinRow] = field(default_factory=list)
    error: str | None = None


def open_history(root: Path) -> tuple[History | None, str | None, bool]:
    """The repo's history, read once for the whole build, or why not and whether that is fatal:
    a shallow clone would give wrong figures, so it must fail a strict build; a folder without
    git, or without commits yet, simply has no history to show."""
    try:
        history = History.open(root, allow_shallow=True, cache=True)
    except HistoryError as e:
        return None, str(e), False
    if history.is_shallow():
        return None, f"this is a shallow clone, so history as of a date is incomplete; {SHALLOW_FIX}", True
    return history, None, False


def top_level(root: Path) -> Path | None:
    """The git top level holding `root` (where `.handoff/cache/` lives), or None outside git."""
    return History.top_level(root)


class Changes:
    """The commits that changed one record, newest first: their ids at once (a page's key),
    their rows only when the page is rendered."""

    def __init__(self, found: Sequence[Change] = ()) -> None:
        self._found = found

    @cached_property
    def shas(self) -> tuple[str, ...]:
        return tuple(c.commit.sha for c in self._found)

    @cached_property
    def rows(self) -> tuple[ChangeRow, ...]:
        return tuple(ChangeRow(c.commit.sha, c.commit.committed, c.commit.author, c.commit.summary)
                     for c in self._found)


def record_changes(history: History) -> dict[str, Changes]:
    """Every commit of the first-parent line touching `records/`, per file path, newest first."""
    return {path: Changes(found) for path, found in history.file_changes(prefix="records/").items()}


def due_rows(rows: Iterable[Row], date: dt.date, within: int) -> list[CheckinRow]:
    """The check-ins of `rows` due in the `within` days after `date`, by due date then account."""
    return [CheckinRow(c.account, c.slug, c.metric, c.baseline, c.target, c.due, c.owner)
            for c in settled((r.checkin for r in rows), date, None, *window(date, within))]


def gap(history: History | None, date: dt.date, days: int | None, high_arr: float | None) -> Gap:
    """The digest as of `date` and the weekly series, from the same `history` (no check-ins:
    those come from the working tree). `days`/`high_arr` left None follow `handoff.toml` as of `date`."""
    if history is None:
        return Gap(None)
    # The figures follow from the commits as of `date` and as of each week's end: kept under their ids.
    ends = week_ends(date, WEEKS_SHOWN)
    key = repr((GAP_FORMAT, date, days, high_arr, [(c.sha if c else None) for c in map(history.as_of, [date, *ends])]))
    cached = read_json(history.root, GAP_CACHE)
    if isinstance(cached, dict) and cached.get("key") == key:
        try:
            weeks = [WeekBar(dt.date.fromisoformat(e), int(p), int(c)) for e, p, c in cached["weeks"]]
            return Gap(cached["digest"], weeks, error=cached["error"])
        except (KeyError, TypeError, ValueError):
            pass
    from handoff.digest.compute import DigestError, compute_digest, weekly_series  # here: read only on a miss

    try:
        digest = compute_digest(history, date, days, high_arr).to_json()
        series = weekly_series(history, date, WEEKS_SHOWN)
    except DigestError as e:
        write_json(history.root, GAP_CACHE, {"key": key, "digest": None, "weeks": [], "error": str(e)})
        return Gap(None, error=str(e))
    weeks = [WeekBar(p.week_end, p.planned, p.complete) for p in series]
    write_json(history.root, GAP_CACHE, {"key": key, "digest": digest, "error": None,
                                         "weeks": [[w.week_end.isoformat(), w.planned, w.complete] for w in weeks]})
    return Gap(digest, weeks)
