"""`handoff checkins`: the seed's 60-day check-in, from the records' success metrics.

A check-in is due for a *complete* record whose `success_metric.due` (default
`closed` + 60 days) falls in the `within` days after `date`: after `date`, up to
and including `date + within` (a metric due today was for yesterday's list).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from handoff.check.findings import FileResult
from handoff.record.text import slugify


@dataclass(frozen=True)
class Checkin:
    account: str
    slug: str
    metric: str
    baseline: float | None
    target: float
    due: dt.date
    owner: str  # cs_owner, or the rep when the record names no CS owner
    path: str


def due_checkins(results: Iterable[FileResult], date: dt.date, within: int) -> list[Checkin]:
    """Complete records whose metric is due in (date, date + within], by due date then account."""
    last = date + dt.timedelta(days=within)
    out = []
    for result in results:
        rec = result.record
        if result.kind != "record" or result.status != "complete" or rec is None or rec.success_metric is None:
            continue
        due, sm = rec.success_due, rec.success_metric
        if due is None or sm.metric is None or sm.target is None or not date < due <= last:
            continue
        out.append(Checkin(rec.account, slugify(rec.account), sm.metric, sm.baseline, sm.target, due,
                           rec.cs_owner or rec.rep, result.path))
    return sorted(out, key=lambda c: (c.due, c.account.casefold(), c.path))


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def as_text(checkins: list[Checkin], date: dt.date, within: int) -> str:
    last = date + dt.timedelta(days=within)
    if not checkins:
        return f"no check-ins due {date + dt.timedelta(days=1)}..{last} ({within} days after {date})\n"
    lines = [f"{len(checkins)} check-in{'s' if len(checkins) != 1 else ''} due "
             f"{date + dt.timedelta(days=1)}..{last}:"]
    for c in checkins:
        lines.append(f"{c.due}  {c.account} ({c.owner}): {c.metric}: baseline {_num(c.baseline)}, "
                     f"target {_num(c.target)}  [{c.path}]")
    return "\n".join(lines) + "\n"


def as_json(checkins: list[Checkin], date: dt.date, within: int) -> str:
    items: list[dict[str, Any]] = []
    for c in checkins:
        item = asdict(c)
        item["due"] = c.due.isoformat()
        items.append(item)
    payload = {"date": date.isoformat(), "within": within,
               "window_end": (date + dt.timedelta(days=within)).isoformat(), "checkins": items}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
