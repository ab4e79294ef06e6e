"""`weekly/<week>/`: the weekly review of one ISO week, with rejection rate per rep over the last weeks.

Pure functions of the figures (`handoff.weekly`): no git, no files. Every name is
escaped through `render`; the chart is inline SVG drawn here.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from handoff.site.html import join, page, render
from handoff.site.parts import Cell, table
from handoff.site.svg import INK
from handoff.weekly.model import WeekFigures, WeeklyReport

COLORS = ("#3f51b5", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#ad1457")
CHART_REPS = len(COLORS)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def rate_chart(weeks: Sequence[WeekFigures], title: str) -> Markup:
    """Rejection rate (0-100%) per rep, one line per rep, oldest week first; a week with no
    review leaves a gap in that rep's line. Reps with the most reviews first, at most 8."""
    left, top, step, plot_h = 48, 30, 64, 160
    width = max(480, left + 20 + step * max(1, len(weeks) - 1) + 180)
    height = top + plot_h + 40
    reviews: dict[str, int] = {}
    for w in weeks:
        for r in w.reps:
            reviews[r.rep] = reviews.get(r.rep, 0) + r.reviews
    reps = sorted((n for n, c in reviews.items() if c), key=lambda n: (-reviews[n], n.casefold(), n))[:CHART_REPS]
    parts = [render('<svg xmlns="http://www.w3.org/2000/svg" class="handoff-chart handoff-rates" width="{}" '
                    'height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>',
                    width, height, width, height, title, title)]
    for t in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * t // 100
        parts.append(render('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"></line><text x="{}" y="{}" '
                            'text-anchor="end" font-size="12" fill="{}">{}%</text>',
                            left, left + step * max(1, len(weeks) - 1), y, y, left - 6, y + 4, INK, t))
    for i, w in enumerate(weeks):
        parts.append(render('<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                            left + step * i, top + plot_h + 18, INK, w.week[5:]))
    for k, rep in enumerate(reps):
        color, points = COLORS[k], []
        for i, w in enumerate(weeks):
            rate = w.rep(rep).rejection_rate
            if rate is not None:
                points.append((left + step * i, top + plot_h - round(plot_h * rate)))
        path = " ".join(f"{x},{y}" for x, y in points)
        parts.append(render('<g><title>{}</title><polyline points="{}" fill="none" stroke="{}" stroke-width="2">'
                            '</polyline>{}</g>', rep, path, color,
                            join(render('<circle cx="{}" cy="{}" r="3" fill="{}"></circle>', x, y, color)
                                 for x, y in points)))
        lx, ly = left + step * max(1, len(weeks) - 1) + 24, top + 14 + 18 * k
        parts.append(render('<rect x="{}" y="{}" width="12" height="12" fill="{}"></rect><text x="{}" y="{}" '
                            'font-size="13" fill="{}">{}</text>', lx, ly - 10, color, lx + 16, ly, INK,
                            rep if len(rep) <= 24 else rep[:23] + "…"))
    if not reps:
        parts.append(render('<text x="{}" y="{}" font-size="14" fill="{}">No review in these weeks.</text>',
                            left + 10, top + plot_h // 2, INK))
    parts.append(Markup("</svg>"))
    return join(parts)


def weekly_page(report: WeeklyReport, chart_weeks: Sequence[WeekFigures], gap_href: str | None = None) -> str:
    """The page of `report.week`; `chart_weeks` (oldest first, ending with it) feed the chart."""
    w = report.week
    blocks: list[str | Markup] = [render("<h1>Weekly review {}</h1>", w.week), render(
        "<p>{} to {}. Time standard: a complete record within {} day(s) of closing. Read from git history as of "
        "{}.</p>", w.start.isoformat(), w.end.isoformat(), w.sla_days, w.end.isoformat())]
    if gap_href:
        blocks.append(render('<p><a href="{}">Back to the Gap page</a></p>', gap_href))
    before = [p.week[5:] for p in report.previous]
    rows: list[list[Cell]] = [
        [r.rep or "(no rep)", r.closed, r.complete, r.within_sla, days(r.median_days_to_complete), r.reviews,
         r.rejections, pct(r.rejection_rate), *(pct(p["rejection_rate"]) for p in report.trend(r.rep))]
        for r in w.reps]
    blocks += ["## Reps", table(["Rep", "Closed", "Complete", f"Within {w.sla_days} days",
                                 "Median days to complete", "Reviews", "Rejections", "Rejection rate",
                                 *(f"{b} rate" for b in before)], rows, "handoff-weekly-reps")
               if rows else Markup("<p>No deal closed and no record reviewed this week.</p>")]
    cs: list[list[Cell]] = [[c.cs, c.reviews, c.rejections, days(c.median_days_to_review)] for c in w.cs]
    blocks += ["## CS reviewers", table(["CS reviewer", "Reviews", "Rejections", "Median days to review"], cs,
                                        "handoff-weekly-cs") if cs else Markup("<p>No review this week.</p>")]
    blocks += [f"## Rejection rate per rep, last {len(chart_weeks)} weeks", render(
        '<figure class="handoff-figure">{}<figcaption>Rejections divided by reviews, per rep and week; no point '
        'where a rep had no review.</figcaption></figure>',
        rate_chart(chart_weeks, f"Rejection rate per rep, weeks to {w.week}"))]
    return page(f"Weekly review {w.week}", blocks)
