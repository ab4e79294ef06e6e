"""The weekly and check-in pages as (docs-relative path, markdown) for today's generator.

The one place these pages meet git and the working tree: the weekly figures come from
the same cached `History` the Gap page reads, the check-ins from the checked records
and the metrics export. A shallow clone or a repo with no history gets no weekly pages
(the Gap page already says why); an unreadable metrics export leaves check-ins without
measured values and is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from markupsafe import Markup

from handoff.authoring.checkins import checkins
from handoff.authoring.metrics import MetricsError, read_metrics
from handoff.repo.history import History, HistoryError
from handoff.site import links
from handoff.site.data import SiteData
from handoff.site.html import join, render
from handoff.site.links import Linker
from handoff.site.pages_checkins import checkins_page
from handoff.site.pages_weekly import weekly_page
from handoff.weekly.model import WeekFigures, WeeklyReport
from handoff.weekly.report import WeeklyError, weekly_reports

log = logging.getLogger("mkdocs.plugins.handoff")
WEEKS = 8
CHECKINS = "checkins.md"


def weekly(week: str) -> str:
    return f"weekly/{week}.md"


def weeks(data: SiteData) -> list[WeekFigures]:
    """The `WEEKS` weeks to the plugin's date and the 4 before them (oldest first), or none without
    a usable history. Read once per build and HEAD (the Gap page's links and the pages share it)."""
    try:
        history = History.open(data.root)
        key = (data.root, data.options.date, history.commits[-1].sha if history.commits else "")
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = weekly_reports(history, data.options.date, WEEKS + 4)
        return _CACHE[key]
    except (HistoryError, WeeklyError):
        return []


_CACHE: dict[tuple[Path, dt.date, str], list[WeekFigures]] = {}


def weekly_links(data: SiteData, linker: Linker) -> Markup:
    """Links to the weekly pages and the check-ins page, for the Gap page."""
    shown = [w for w in weeks(data)[-WEEKS:] if w.commit is not None and w.note is None]
    items = [render('<li><a href="{}">Weekly review {}</a> ({} to {})</li>', linker.to(weekly(w.week)), w.week,
                    w.start.isoformat(), w.end.isoformat()) for w in reversed(shown)]
    items.append(render('<li><a href="{}">Check-ins: promised against achieved</a></li>', linker.to(CHECKINS)))
    return render("<ul>\n{}\n</ul>", join(items, "\n"))


def pages(data: SiteData, at: Callable[[str], Linker]) -> Iterator[tuple[str, str]]:
    all_weeks = weeks(data)
    for i in range(max(0, len(all_weeks) - WEEKS), len(all_weeks)):
        w = all_weeks[i]
        if w.commit is None or w.note is not None:
            continue
        report = WeeklyReport(w, tuple(all_weeks[max(0, i - 4):i]))
        here = at(weekly(w.week))
        yield weekly(w.week), weekly_page(report, all_weeks[max(0, i - WEEKS + 1):i + 1], here.to(links.GAP))
    try:
        measured = read_metrics(data.root, data.settings.metrics)
    except MetricsError as e:
        log.warning("handoff: %s", e)
        measured = {}
    here = at(CHECKINS)
    results = [acc.result for acc in data.accounts.values()]
    found = checkins(results, data.options.date, measured, None, data.options.date)

    def link(slug: str) -> str | None:
        return here.to(links.account(slug)) if slug in data.accounts else None

    yield CHECKINS, checkins_page(found, data.options.date, link)
