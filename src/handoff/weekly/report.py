"""The weekly review's figures (CONTRACT.md, `handoff weekly`), for the ISO week holding a day.

Per rep: Plan deals closed in the week (the CRM export as of the week's end), how many
have a complete record as of the week's end, how many of those became complete within
`sla_days` of closing, the median days to complete, and the reviews and rejections of
the rep's records committed in the week. Per CS reviewer: reviews, rejections and the
median days from a record's first complete commit to the review. Days are calendar
days, each commit's day in its committer's own time zone, as the digest reads dates.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from handoff.record.bounds import DATE_MAX, DATE_MIN, week_of
from handoff.record.text import slugify
from handoff.repo.config import Settings
from handoff.repo.history import ZERO, History, HistoryError
from handoff.weekly.facts import BlobFacts
from handoff.weekly.kept import KeptWeeks, key
from handoff.weekly.model import CsFigures, RepFigures, WeekFigures, WeeklyReport
from handoff.weekly.state import State, WeeklyError, states
from handoff.weekly.timeline import Timeline

__all__ = ["WeeklyError", "WeeklyReport", "weekly_report", "weekly_reports"]
FIRST_DAY, LAST_DAY = DATE_MIN, DATE_MAX


def _history(root: Path | History) -> History:
    if isinstance(root, History):
        return root
    try:  # the disk cache the site keeps (.handoff/cache/): read again only from its head on
        return History.open(root, cache=True)
    except HistoryError as e:
        raise WeeklyError(str(e)) from None


def median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def weekly_reports(root: Path | History, day: dt.date, count: int, cache: bool = True) -> list[WeekFigures]:
    """The figures of the `count` ISO weeks ending with the week holding `day`, oldest first.
    A week with no commit by its end, or no usable CRM export then, has no deals (its reason in `note`).
    With `cache`, what each record version says is kept by blob under `.handoff/cache/` (weekly.facts),
    and so are the figures of each week (weekly.kept): a new commit recomputes only its own week."""
    history = _history(root)
    weeks = [week_of(day - dt.timedelta(weeks=k)) for k in reversed(range(count))]
    ends = {w[0]: history.as_of(w[2]) for w in weeks}
    commits = sorted({c.sha: c for c in ends.values() if c is not None}.values(), key=lambda c: c.index)
    found: dict[str, State | str] = {}
    newest: State | None = None
    for c in reversed(commits):  # the newest usable state's settings decide completeness for every week
        if c.sha not in found:
            found.update(states(history, [c] if not found else commits, cache))
        at = found[c.sha]
        if isinstance(at, State):
            newest = at
            break
    settings = newest.settings if newest is not None else Settings()
    kept = KeptWeeks(history.root if cache else None)
    keys = {name: key(name, start, end, at_end, settings)
            for name, start, end in weeks if (at_end := ends[name]) is not None}
    out: list[WeekFigures | None] = [kept.get(keys[w[0]], history) if w[0] in keys else None for w in weeks]
    if None in out:
        needed = {e.sha: e for w, f in zip(weeks, out, strict=True) if f is None and (e := ends[w[0]]) is not None}
        found.update(states(history, [e for sha, e in needed.items() if sha not in found], cache))
        last = commits[-1] if commits else None
        facts = BlobFacts(history, history.root if cache else None)
        timeline = Timeline(history, last, settings.extra_keys, settings.max_file_bytes, facts) if last else None
        for i, (name, start, end) in enumerate(weeks):
            if out[i] is not None:
                continue
            commit = ends[name]
            state = found.get(commit.sha) if commit is not None else None
            if timeline is None or commit is None or not isinstance(state, State):
                note = state if isinstance(state, str) else f"no commit on or before {end.isoformat()}"
                out[i] = WeekFigures(name, start, end, settings.sla_days, (), (), commit, note)
                continue
            out[i] = figures = _week(timeline, state, name, start, end)
            kept.put(keys[name], figures)
        facts.save()
        kept.save()
    return [w for w in out if w is not None]


@dataclass
class _Rep:
    closed: int = 0
    complete: int = 0
    within: int = 0
    days: list[int] = field(default_factory=list)
    reviews: int = 0
    rejections: int = 0


def _week(timeline: Timeline, state: State, name: str, start: dt.date, end: dt.date) -> WeekFigures:
    sla, max_bytes = state.settings.sla_days, state.settings.max_file_bytes
    plan = [d for d in state.won if start <= d.closed <= end]
    stems = [slugify(d.account) for d in plan]
    shas = [state.records.get(s, ZERO) for s in stems]
    facts = timeline.facts.get(shas, max_bytes)
    done = timeline.complete([(s, sha, state.commit.index) for s, sha in zip(stems, shas, strict=True)],
                             state.settings.extra_keys, max_bytes)
    firsts = timeline.first_complete(s for s, ok in zip(stems, done, strict=True) if ok)
    reps: dict[str, _Rep] = defaultdict(_Rep)
    for deal, stem, sha, complete in zip(plan, stems, shas, done, strict=True):
        found = facts.get(sha)
        rep = reps[(deal.rep or (found.rep_raw if found is not None and found.ok else "")).strip()]
        rep.closed += 1
        if not complete:
            continue
        rep.complete += 1
        first = firsts.get(stem)
        if first is not None and first.index <= state.commit.index:
            days = max(0, first.day_ordinal - deal.closed.toordinal())
            rep.days.append(days)
            rep.within += days <= sla
    cs: dict[str, list[int | None]] = defaultdict(list)
    cs_rejections: dict[str, int] = defaultdict(int)
    for review in timeline.reviews(start.toordinal(), end.toordinal(), state.commit):
        rep = reps[review.rep]
        rep.reviews += 1
        rep.rejections += review.status == "rejected"
        cs[review.by].append(review.days)
        cs_rejections[review.by] += review.status == "rejected"
    rep_rows = tuple(RepFigures(n, r.closed, r.complete, r.within, median(r.days), r.reviews, r.rejections)
                     for n, r in sorted(reps.items(), key=lambda kv: (kv[0].casefold(), kv[0])))
    cs_rows = tuple(CsFigures(n, len(days), cs_rejections[n], median([d for d in days if d is not None]))
                    for n, days in sorted(cs.items(), key=lambda kv: (kv[0].casefold(), kv[0])))
    return WeekFigures(name, start, end, sla, rep_rows, cs_rows, state.commit, None, state.settings.currency)


def weekly_report(root: Path | History, day: dt.date, trend: int = 4, cache: bool = True) -> WeeklyReport:
    """The week holding `day`, with the `trend` weeks before it beside each rep. Raises WeeklyError."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise WeeklyError(f"--date must lie between {FIRST_DAY} and {LAST_DAY}")
    history = _history(root)
    weeks = weekly_reports(history, day, trend + 1, cache)
    this = weeks[-1]
    if this.commit is None:
        if not history.commits:
            raise WeeklyError("no commit yet on this branch; commit the records and crm/closed-won.csv first")
        first = min(c.day for c in history.commits)
        raise WeeklyError(f"no commit on or before {this.end.isoformat()} (the first is of {first.isoformat()})")
    if this.note is not None:
        raise WeeklyError(this.note)
    return WeeklyReport(this, tuple(weeks[:-1]))
