"""`handoff checkins --results`: every check-in that has come due, hit or miss, and the hit rates.

Do our promises hold, and where not? Hit rates by rep, by segment and by lost-deal
cohort: `rate` = hit / (hit + miss), null when both are 0 (pending ones do not count).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from handoff.authoring.checkins import Checkin, checkins, num
from handoff.authoring.metrics import read_metrics
from handoff.check.run import run_check
from handoff.record.text import one_line, plural
from handoff.repo.config import Settings

GROUPS = {"by_rep": "rep", "by_segment": "segment", "by_cohort": "lost_deal_cohort"}


def collect(root: Path, settings: Settings, date: dt.date, first: dt.date | None, last: dt.date) -> list[Checkin]:
    """The working tree's complete records due in [first, last], with their measured values.
    Raises MetricsError for an export row that cannot be read."""
    measured = read_metrics(root, settings.metrics)
    return checkins(run_check(root, []).results, date, measured, first, last)


def hit_rates(found: Iterable[Checkin], attr: str) -> dict[str, dict[str, Any]]:
    counts: dict[str, Counter[str]] = {}
    for c in found:
        counts.setdefault(str(getattr(c, attr)), Counter())[c.result] += 1
    out = {}
    for name in sorted(counts, key=lambda n: (n.casefold(), n)):
        hit, miss, pending = (counts[name][k] for k in ("hit", "miss", "pending"))
        out[name] = {"hit": hit, "miss": miss, "pending": pending,
                     "rate": round(hit / (hit + miss), 4) if hit + miss else None}
    return out


def results_json(found: list[Checkin], date: dt.date) -> dict[str, Any]:
    return {
        "date": date.isoformat(),
        "results": [{"account": c.account, "slug": c.slug, "rep": c.rep, "segment": c.segment,
                     "lost_deal_cohort": c.lost_deal_cohort, "metric": c.metric, "baseline": c.baseline,
                     "target": c.target, "due": c.due.isoformat(), "actual": c.actual,
                     "actual_date": c.actual_date.isoformat() if c.actual_date else None, "result": c.result}
                    for c in found],
        "hit_rate": {key: hit_rates(found, attr) for key, attr in GROUPS.items()},
    }


def as_json(found: list[Checkin], date: dt.date) -> str:
    return json.dumps(results_json(found, date), indent=2, ensure_ascii=False) + "\n"


def _rate(r: dict[str, Any]) -> str:
    rate = "-" if r["rate"] is None else f"{r['rate'] * 100:.0f}%"
    return f"{rate} ({r['hit']} hit, {r['miss']} miss, {r['pending']} pending)"


def as_text(found: list[Checkin], date: dt.date) -> str:
    if not found:
        return f"no check-in due on or before {date.isoformat()}\n"
    lines = [f"{plural(len(found), 'check-in')} due on or before {date.isoformat()}:"]
    for c in found:
        actual = f"actual {num(c.actual)} on {c.actual_date}" if c.actual is not None else "no value"
        lines.append(f"{c.due}  {one_line(c.account)} ({one_line(c.rep)}): {one_line(c.metric)}: baseline "
                     f"{num(c.baseline)}, target {num(c.target)}, {actual}: {c.result}")
    data = results_json(found, date)["hit_rate"]
    for key, title in (("by_rep", "rep"), ("by_segment", "segment"), ("by_cohort", "lost-deal cohort")):
        lines.append(f"Hit rate by {title}:")
        lines += [f"- {one_line(name or '(none)')}: {_rate(r)}" for name, r in data[key].items()]
    return "\n".join(lines) + "\n"
