"""`checkins/`: promised against achieved at the 60-day check-in, and the hit rates.

Pure functions of the check-ins (`handoff.authoring.checkins`): no files read here.
Every value from a record is escaped through `render`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from markupsafe import Markup

from handoff.authoring.checkin_results import GROUPS, hit_rates
from handoff.authoring.checkins import Checkin, num
from handoff.site.html import page, render
from handoff.site.parts import Cell, a, table

NOTE_WEEKS = 4
_BADGE = {"hit": "handoff-ok", "miss": "handoff-bad", "pending": "handoff-none"}


def _result(result: str) -> Markup:
    return render('<span class="handoff-badge {}">{}</span>', _BADGE.get(result, ""), result)


def _rates(found: Sequence[Checkin], attr: str, title: str) -> Markup:
    rows: list[list[Cell]] = [[name or "(none)", r["hit"], r["miss"], r["pending"],
                               "—" if r["rate"] is None else f"{r['rate'] * 100:.0f}%"]
                              for name, r in hit_rates(found, attr).items()]
    return table([title, "Hit", "Miss", "Pending", "Hit rate"], rows, "handoff-hit-rates")


def checkins_page(found: Sequence[Checkin], date: dt.date, link: Callable[[str], str | None] = lambda _s: None,
                  note_weeks: int = NOTE_WEEKS) -> str:
    """Every check-in due on or before `date`; `link(slug)` gives an account page's address, if any."""
    def name(c: Checkin) -> Cell:
        href = link(c.slug)
        return a(href, c.account) if href else c.account

    blocks: list[str | Markup] = [render("<h1>Check-ins as of {}</h1>", date.isoformat()), Markup(
        "<p>What the rep promised at close, the success metric's baseline and target, and the value measured at "
        "the check-in. Hit: the value reached the target, in the direction from baseline to target (lower is "
        "better when the target is below the baseline; with no baseline, higher is better). Pending: not yet "
        "measured.</p>")]
    rows: list[list[Cell]] = [
        [name(c), c.promised_outcome, c.metric, num(c.baseline) if c.baseline is not None else "—", num(c.target),
         c.due.isoformat(), num(c.actual) if c.actual is not None else "—",
         c.actual_date.isoformat() if c.actual_date else "—", _result(c.result)] for c in found]
    blocks += ["## Promised against achieved", table(
        ["Account", "Promised outcome", "Metric", "Baseline", "Target", "Due", "Actual", "Measured", "Result"], rows,
        "handoff-checkin-results") if rows else Markup("<p>No check-in has come due yet.</p>")]
    titles = {"by_rep": "Rep", "by_segment": "Segment", "by_cohort": "Lost-deal cohort"}
    for key, attr in GROUPS.items():
        if found:
            blocks += [f"## Hit rate by {titles[key].lower()}", _rates(found, attr, titles[key])]
    since = date - dt.timedelta(weeks=note_weeks)
    notes = sorted((c for c in found if c.note and c.note_date and since < c.note_date <= date),
                   key=lambda c: (c.note_date or date, c.account.casefold()), reverse=True)
    blocks.append(f"## What customers thought they bought (last {note_weeks} weeks)")
    blocks.append(table(["Account", "Rep", "Noted", "Note"], [[name(c), c.rep, (c.note_date or date).isoformat(),
                                                               c.note or ""] for c in notes], "handoff-notes")
                  if notes else Markup("<p>No expectation-mismatch note in these weeks.</p>"))
    return page(f"Check-ins as of {date.isoformat()}", blocks)
