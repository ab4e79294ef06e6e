"""Charts as SVG written at build time: no script, no web font, nothing fetched.

Every label goes through `render`, so text from a cohort is escaped. Each chart
has explicit width, height and viewBox (it has a size before any CSS loads), a
`<title>` and an aria-label for screen readers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from handoff.site.html import join, render, text

PLANNED = "#9fa8da"
COMPLETE = "#2e7d32"
BAR = "#3f51b5"
INK = "#444"


@dataclass(frozen=True)
class WeekBar:
    week_end: dt.date
    planned: int
    complete: int


def _open(width: int, height: int, title: str, cls: str) -> Markup:
    return render(
        '<svg xmlns="http://www.w3.org/2000/svg" class="handoff-chart {}" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>',
        cls, width, height, width, height, title, title,
    )


def _short(label: str, limit: int) -> str:
    clean = " ".join(text(label).split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def bar_chart(items: Sequence[tuple[str, int]], title: str) -> Markup:
    """Horizontal bars, one per (label, count), in the order given (ranked)."""
    width, label_w, row = 640, 250, 30
    height = max(1, len(items)) * row + 16
    most = max((c for _, c in items), default=0) or 1
    span = width - label_w - 60
    parts = [_open(width, height, title, "handoff-bars")]
    if not items:
        parts.append(render('<text x="0" y="24" fill="{}" font-size="14">No reasons recorded.</text>', INK))
    for i, (label, count) in enumerate(items):
        y = 8 + i * row
        bar = max(2, round(span * count / most))
        parts.append(render(
            '<g><title>{}: {}</title>'
            '<text x="{}" y="{}" text-anchor="end" fill="{}" font-size="14">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="20" rx="3" fill="{}"></rect>'
            '<text x="{}" y="{}" fill="{}" font-size="14" font-weight="bold">{}</text></g>',
            label, count, label_w - 8, y + 15, INK, _short(label, 34),
            label_w, y, bar, BAR, label_w + bar + 6, y + 15, INK, count,
        ))
    parts.append(Markup("</svg>"))
    return join(parts)


def _ticks(most: int) -> list[int]:
    if most <= 5:
        return list(range(0, most + 1))
    step = 10 ** int(math.log10(most))
    for mult in (1, 2, 5, 10):
        if most / (step * mult) <= 5:
            step *= mult
            break
    return list(range(0, most + step, step))


def weekly_chart(points: Sequence[WeekBar], title: str) -> Markup:
    """Grouped bars per week: planned handoffs and complete records, oldest week first."""
    left, right, top, bottom = 40, 10, 34, 40
    group = 44 if len(points) <= 16 else 26
    width = max(480, left + right + group * max(1, len(points)))
    height = 260
    plot_h = height - top - bottom
    ticks = _ticks(max((max(p.planned, p.complete) for p in points), default=0))
    most = ticks[-1] or 1
    parts = [_open(width, height, title, "handoff-weekly")]
    parts.append(render(
        '<rect x="{}" y="6" width="12" height="12" fill="{}"></rect><text x="{}" y="17" font-size="13" fill="{}">'
        'Planned</text><rect x="{}" y="6" width="12" height="12" fill="{}"></rect>'
        '<text x="{}" y="17" font-size="13" fill="{}">Complete</text>',
        left, PLANNED, left + 16, INK, left + 90, COMPLETE, left + 106, INK,
    ))
    for t in ticks:
        y = top + plot_h - round(plot_h * t / most)
        parts.append(render(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"></line>'
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
            left, width - right, y, y, left - 6, y + 4, INK, t,
        ))
    if not points:
        parts.append(render('<text x="{}" y="{}" font-size="14" fill="{}">No planned handoffs yet.</text>',
                            left + 10, top + plot_h // 2, INK))
    bar_w = (group - 8) // 2
    every = max(1, math.ceil(len(points) / 12))
    for i, p in enumerate(points):
        x = left + 4 + i * group
        label = p.week_end.strftime("%b %d")
        tip = f"Week ending {p.week_end.isoformat()}: {p.planned} planned, {p.complete} complete"
        parts.append(render('<g><title>{}</title>', tip))
        for j, (value, colour) in enumerate(((p.planned, PLANNED), (p.complete, COMPLETE))):
            h = round(plot_h * value / most)
            parts.append(render('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                                x + j * bar_w, top + plot_h - h, bar_w, h, colour))
        if i % every == 0:
            parts.append(render('<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                                x + bar_w, height - bottom + 16, INK, label))
        parts.append(Markup("</g>"))
    parts.append(Markup("</svg>"))
    return join(parts)
