"""The site's one door to git history, the digest and check-ins.

Everything the site needs from `handoff.history`, `handoff.digest` and
`handoff.checkins` passes through here and is turned into the small values
below, so the page modules never touch git or those modules' types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handoff.checkins import due_checkins
from handoff.findings import FileResult
from handoff.site.svg import WeekBar

WEEKS_SHOWN = 12


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
    """The Gap page's figures. `error` says why there is no digest (shown on the page);
    `fatal` is true when the figures would be wrong rather than merely absent."""

    digest: dict[str, Any] | None
    weeks: list[WeekBar] = field(default_factory=list)
    checkins: list[CheckinRow] = field(default_factory=list)
    error: str | None = None
    fatal: bool = False


def record_changes(root: Path) -> tuple[dict[str, list[ChangeRow]], str | None]:
    """Every commit touching `records/`, per file path, newest first, from one history pass."""
    try:
        from handoff.history import History, HistoryError
    except ImportError:  # pragma: no cover - until the history module lands
        return {}, "the history module is not installed"
    try:
        changes = History.open(root).file_changes(prefix="records/")
    except HistoryError as e:
        return {}, str(e)
    out = {
        path: [ChangeRow(c.sha, c.committed, c.author, c.summary) for c in rows]
        for path, rows in changes.items()
    }
    return out, None


def gap(root: Path, date: dt.date, days: int, high_arr: float, results: Sequence[FileResult],
        checkin_days: int) -> Gap:
    checkins = [
        CheckinRow(c.account, c.slug, c.metric, c.baseline, c.target, c.due, c.owner)
        for c in due_checkins(results, date, checkin_days)
    ]
    try:
        from handoff.digest import DigestError, compute_digest, weekly_series
    except ImportError:  # pragma: no cover - until the digest module lands
        return Gap(None, checkins=checkins, error="the digest module is not installed")
    try:
        digest = compute_digest(root, date, days, high_arr).to_json()
        series = weekly_series(root, date, WEEKS_SHOWN)
    except DigestError as e:
        return Gap(None, checkins=checkins, error=str(e), fatal=_fatal(str(e)))
    weeks = [WeekBar(p.week_end, p.planned, p.complete) for p in series]
    return Gap(digest, weeks, checkins)


def _fatal(message: str) -> bool:
    # A shallow clone gives wrong figures: that must fail a strict build. A repo
    # without commits yet simply has no history to show.
    return "shallow" in message.lower() or "unshallow" in message.lower()
