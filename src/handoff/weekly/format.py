"""The weekly review printed: `text` (a manager's scan), `markdown` (a chat message or pull
request) and `json` (the contract's keys, plus a `trend` per rep and the commit used).

Names come from CRM exports and records: in text they are kept to one line, in markdown
every character markdown or HTML would act on is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from handoff.record.text import md, one_line, plural
from handoff.weekly.model import RepFigures, WeekFigures, WeeklyReport


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def days(value: float | None) -> str:
    return "-" if value is None else f"{value:g} day{'' if value == 1 else 's'}"


def _header(w: WeekFigures) -> str:
    return (f"Weekly review {w.week}: {w.start.isoformat()} to {w.end.isoformat()}; time standard: a complete "
            f"record within {plural(w.sla_days, 'day')} of closing")


def source_line(w: WeekFigures) -> str:
    if w.commit is None:
        return "no commit yet"
    when = w.commit.committed.strftime("%Y-%m-%d %H:%M %z")
    return f"commit {w.commit.sha[:8]} ({when}), the last on this branch on or before {w.end.isoformat()}"


def rep_line(r: RepFigures, sla: int) -> str:
    return (f"{r.closed} closed, {r.complete} complete, {r.within_sla} within {plural(sla, 'day')}, median "
            f"{days(r.median_days_to_complete)} to complete; {plural(r.reviews, 'review')}, "
            f"{plural(r.rejections, 'rejection')}, rejection rate {pct(r.rejection_rate)}")


def trend_line(report: WeeklyReport, rep: str) -> str:
    return ", ".join(f"{p['week'][5:]} {pct(p['rejection_rate'])} ({p['complete']}/{p['closed']} complete)"
                     for p in report.trend(rep))


def as_text(report: WeeklyReport) -> str:
    w = report.week
    lines = [_header(w), "Reps:"]
    for r in w.reps:
        lines.append(f"- {one_line(r.rep or '(no rep)')}: {rep_line(r, w.sla_days)}")
        if report.previous:
            before = plural(len(report.previous), "week")
            lines.append(f"  rejection rate in the {before} before: {trend_line(report, r.rep)}")
    if not w.reps:
        lines.append("- none: no deal closed and no record reviewed this week")
    lines.append("CS reviewers:")
    lines += [f"- {one_line(c.cs)}: {plural(c.reviews, 'review')}, {plural(c.rejections, 'rejection')}, median "
              f"{days(c.median_days_to_review)} from complete record to review" for c in w.cs]
    if not w.cs:
        lines.append("- none: no review committed this week")
    lines.append(f"From git: {source_line(w)}")
    return "\n".join(lines) + "\n"


def as_markdown(report: WeeklyReport) -> str:
    w = report.week
    before = " | ".join(p.week[5:] for p in report.previous)
    out = [f"### Weekly review {w.week}", "",
           f"{w.start.isoformat()} to {w.end.isoformat()}; time standard {plural(w.sla_days, 'day')}. "
           f"Read from {source_line(w)}.", "",
           f"| Rep | Closed | Complete | Within {w.sla_days}d | Median days to complete | Reviews | Rejections "
           f"| Rejection rate |{f' {before} |' if before else ''}",
           "|---|--:|--:|--:|--:|--:|--:|--:|" + "--:|" * len(report.previous)]
    for r in w.reps:
        trend = "".join(f" {pct(p['rejection_rate'])} |" for p in report.trend(r.rep))
        med = "-" if r.median_days_to_complete is None else f"{r.median_days_to_complete:g}"
        out.append(f"| {md(r.rep or '(no rep)')} | {r.closed} | {r.complete} | {r.within_sla} | {med} | {r.reviews} "
                   f"| {r.rejections} | {pct(r.rejection_rate)} |{trend}")
    out += ["", "| CS reviewer | Reviews | Rejections | Median days to review |", "|---|--:|--:|--:|"]
    for c in w.cs:
        med = "-" if c.median_days_to_review is None else f"{c.median_days_to_review:g}"
        out.append(f"| {md(c.cs)} | {c.reviews} | {c.rejections} | {med} |")
    return "\n".join(out) + "\n"


def as_json(report: WeeklyReport) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[WeeklyReport], str]] = {"text": as_text, "markdown": as_markdown, "json": as_json}
