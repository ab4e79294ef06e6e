"""`handoff checkins`: the seed's 60-day check-in, from the records' success metrics.

A check-in is due for a *complete* record whose `success_metric.due` (default
`closed` + 60 days) falls in the `within` days after `date`: after `date`, up to
and including `date + within` (a metric due today was for yesterday's list).

Each item carries the measured value: the latest row of the metrics export dated on or
before `due`, else the record's `checkin` block when its date is on or before `due`
(the export wins when both exist), and a result: `hit` when the value reached `target`
in the direction from `baseline` to `target` (lower is better when target < baseline;
with no baseline, higher is better), `miss` when not, `pending` while not yet due or
with no value.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from handoff.authoring.metrics import Measured
from handoff.check.findings import FileResult
from handoff.record.model import Record
from handoff.record.text import plural, slugify

Result = Literal["hit", "miss", "pending"]
Number = int | float  # as the record wrote it: 14 stays 14 through the site's cache


@dataclass(frozen=True)
class Checkin:
    account: str
    slug: str
    metric: str
    baseline: Number | None
    target: Number
    due: dt.date
    owner: str  # cs_owner, or the rep when the record names no CS owner
    path: str
    rep: str = ""
    segment: str = ""
    lost_deal_cohort: str = ""
    promised_outcome: str = ""
    actual: Number | None = None
    actual_date: dt.date | None = None
    source: str | None = None  # "export" or "checkin": where `actual` came from
    note: str | None = None  # the checkin block's note: what the customer thought they bought
    note_date: dt.date | None = None  # the checkin block's date
    result: Result = "pending"
    block_value: Number | None = None  # the checkin block's value: `actual` when no export row comes first


def result_of(baseline: float | None, target: float, actual: float | None, due: dt.date, date: dt.date) -> Result:
    if actual is None or due > date:
        return "pending"
    lower_is_better = baseline is not None and target < baseline
    return "hit" if (actual <= target if lower_is_better else actual >= target) else "miss"


def actual_of(rec: Record, measured: list[Measured], due: dt.date) -> tuple[float | None, dt.date | None, str | None]:
    """The latest export value on or before `due`, else the checkin block's when dated on or before it."""
    block = rec.checkin
    return _actual(block.value if block else None, block.date if block else None, measured, due)


def _actual(value: float | None, day: dt.date | None, measured: list[Measured],
            due: dt.date) -> tuple[float | None, dt.date | None, str | None]:
    rows = [m for m in measured if m.day <= due]
    if rows:
        return rows[-1].value, rows[-1].day, "export"
    if value is not None and day is not None and day <= due:
        return value, day, "checkin"
    return None, None, None


def pending(result: FileResult) -> Checkin | None:
    """A complete record's check-in before anything is measured (its checkin block kept aside),
    or None when the record has no metric with a target. `checkins` starts from these."""
    rec = result.record
    if result.kind != "record" or result.status != "complete" or rec is None or rec.success_metric is None:
        return None
    due, sm = rec.success_due, rec.success_metric
    if due is None or sm.metric is None or sm.target is None:
        return None
    block = rec.checkin
    return Checkin(rec.account, slugify(rec.account), sm.metric, sm.baseline, sm.target, due, rec.cs_owner or rec.rep,
                   result.path, rec.rep, rec.segment, rec.lost_deal_cohort or "", rec.promised_outcome or "",
                   note=block.note if block else None, note_date=block.date if block else None,
                   block_value=block.value if block else None)


def settled(found: Iterable[Checkin | None], date: dt.date, measured: Mapping[str, list[Measured]] | None = None,
            first: dt.date | None = None, last: dt.date | None = None) -> list[Checkin]:
    """`pending` check-ins due in [first, last] (either open) with what was measured, by due date then account."""
    out = []
    for c in found:
        if c is None or (first is not None and c.due < first) or (last is not None and c.due > last):
            continue
        actual, day, source = _actual(c.block_value, c.note_date, (measured or {}).get(c.slug, []), c.due)
        # Nothing measured: `c` is already pending (most of 10,000 check-ins are left as they are).
        out.append(c if actual is None else replace(c, actual=actual, actual_date=day, source=source,
                                                    result=result_of(c.baseline, c.target, actual, c.due, date)))
    return sorted(out, key=lambda c: (c.due, c.account.casefold(), c.path))


def checkins(results: Iterable[FileResult], date: dt.date, measured: Mapping[str, list[Measured]] | None = None,
             first: dt.date | None = None, last: dt.date | None = None) -> list[Checkin]:
    """Complete records whose metric is due in [first, last] (either open), by due date then account."""
    return settled(map(pending, results), date, measured, first, last)


def window(date: dt.date, within: int) -> tuple[dt.date, dt.date]:
    """(first, last) of the check-ins due in the `within` days after `date`: (date, date + within]."""
    return date + dt.timedelta(days=1), date + dt.timedelta(days=within)


def due_checkins(results: Iterable[FileResult], date: dt.date, within: int,
                 measured: Mapping[str, list[Measured]] | None = None) -> list[Checkin]:
    """Complete records whose metric is due in (date, date + within], by due date then account."""
    return checkins(results, date, measured, *window(date, within))


def num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def as_text(found: list[Checkin], date: dt.date, within: int) -> str:
    last = date + dt.timedelta(days=within)
    if not found:
        return f"no check-ins due {date + dt.timedelta(days=1)}..{last} ({within} days after {date})\n"
    lines = [f"{plural(len(found), 'check-in')} due {date + dt.timedelta(days=1)}..{last}:"]
    for c in found:
        actual = f", actual {num(c.actual)} on {c.actual_date}" if c.actual is not None else ""
        lines.append(f"{c.due}  {c.account} ({c.owner}): {c.metric}: baseline {num(c.baseline)}, "
                     f"target {num(c.target)}{actual}  [{c.path}]")
    return "\n".join(lines) + "\n"


def item_json(c: Checkin) -> dict[str, Any]:
    return {"account": c.account, "slug": c.slug, "metric": c.metric, "baseline": c.baseline, "target": c.target,
            "due": c.due.isoformat(), "owner": c.owner, "path": c.path, "actual": c.actual,
            "actual_date": c.actual_date.isoformat() if c.actual_date else None, "result": c.result}


def as_json(found: list[Checkin], date: dt.date, within: int) -> str:
    payload = {"date": date.isoformat(), "within": within,
               "window_end": (date + dt.timedelta(days=within)).isoformat(), "checkins": [item_json(c) for c in found]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
