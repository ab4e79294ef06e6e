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

from handoff.authoring.checkins import Checkin, settled
from handoff.authoring.metrics import Measured, MetricsError, read_metrics
from handoff.record.bounds import week_of
from handoff.repo.history import History, HistoryError
from handoff.site import links
from handoff.site.data import SiteData
from handoff.site.html import join, render
from handoff.site.links import Linker
from handoff.site.pages_checkins import checkins_page
from handoff.site.pages_weekly import weekly_page
from handoff.site.rows import digest
from handoff.weekly.model import WeekFigures, WeeklyReport

log = logging.getLogger("mkdocs.plugins.handoff")
WEEKS = 8
CHECKINS = "checkins.md"


def weekly(week: str) -> str:
    return f"weekly/{week}.md"


def _history(data: SiteData) -> History | None:
    try:
        return History.open(data.root)  # the one the Gap page read: cached in memory per HEAD
    except HistoryError:
        return None


def shown_weeks(data: SiteData) -> list[tuple[str, dt.date, dt.date, str]]:
    """(week, start, end, sha of the commit as of its end) for the `WEEKS` ISO weeks to the site's
    date that have a commit by their end, oldest first. Cheap: no figures are computed."""
    history = _history(data)
    if history is None:
        return []
    out = []
    for k in reversed(range(WEEKS)):
        week, start, end = week_of(data.options.date - dt.timedelta(weeks=k))
        commit = history.as_of(end)
        if commit is not None:
            out.append((week, start, end, commit.sha))
    return out


def weeks(data: SiteData) -> list[WeekFigures]:
    """The `WEEKS` weeks to the site's date and the 4 before them (oldest first), or none without
    a usable history. Computed at most once per build and HEAD, and only when a weekly page is
    rendered (an unchanged page is not: see `planned`)."""
    history = _history(data)
    if history is None:
        return []
    key = (data.root, data.options.date, history.commits[-1].sha if history.commits else "")
    if key not in _CACHE:
        from handoff.weekly.report import WeeklyError, weekly_reports  # here: only a weekly page rendered reads it

        _CACHE.clear()
        try:
            _CACHE[key] = weekly_reports(history, data.options.date, WEEKS + 4)
        except WeeklyError:
            _CACHE[key] = []
    return _CACHE[key]


_CACHE: dict[tuple[Path, dt.date, str], list[WeekFigures]] = {}


def weekly_links(data: SiteData, linker: Linker) -> Markup:
    """Links to the weekly pages and the check-ins page, for the Gap page."""
    items = [render('<li><a href="{}">Weekly review {}</a> ({} to {})</li>', linker.to(weekly(week)), week,
                    start.isoformat(), end.isoformat()) for week, start, end, _sha in reversed(shown_weeks(data))]
    items.append(render('<li><a href="{}">Check-ins: promised against achieved</a></li>', linker.to(CHECKINS)))
    return render("<ul>\n{}\n</ul>", join(items, "\n"))


def planned(data: SiteData, at: Callable[[str], Linker]) -> Iterator[tuple[str, Callable[[], str], object]]:
    """(path, how to render, what it is made from) for the weekly pages and the check-ins page.
    A weekly page is read as of its week's end, so what it is made from is the commits as of the
    ends of the weeks it shows (its chart's eight and the four of its trend): a new commit leaves
    the pages of earlier weeks as they were, unrendered. The check-ins page is made from every
    record and the metrics export: what it shows, and which accounts have a page to link to."""
    shown = shown_weeks(data)
    history = _history(data)
    for week, _start, end, _sha in shown:
        reads = [history.as_of(end - dt.timedelta(weeks=k)) for k in range(WEEKS + 4)] if history else []
        inputs = (week, data.settings, [c.sha if c else None for c in reads])
        yield weekly(week), _weekly_maker(data, at, week), inputs
    measured = _measured(data)
    rows = digest((slug, acc.brief) for slug, acc in data.due(None, data.options.date))
    yield CHECKINS, lambda: _checkins(data, at, _due(data, measured)), (data.options.date, measured, rows,
                                                                       data.slugs_digest)


def _weekly_maker(data: SiteData, at: Callable[[str], Linker], week: str) -> Callable[[], str]:
    def make() -> str:
        all_weeks = weeks(data)
        i = next((n for n, w in enumerate(all_weeks) if w.week == week), None)
        here = at(weekly(week))
        if i is None:  # no figures could be read: say so rather than leave a dead link
            return render("<h1>Weekly review {}</h1>\n<p>No figures: history cannot be read.</p>", week)
        w = all_weeks[i]
        report = WeeklyReport(w, tuple(all_weeks[max(0, i - 4):i]))
        return weekly_page(report, all_weeks[max(0, i - WEEKS + 1):i + 1], here.to(links.GAP))
    return make


def _measured(data: SiteData) -> dict[str, list[Measured]]:
    try:
        return read_metrics(data.root, data.settings.metrics)
    except MetricsError as e:
        log.warning("handoff: %s", e)
        return {}


def _due(data: SiteData, measured: dict[str, list[Measured]]) -> list[Checkin]:
    """Every check-in due by the site's date, with what was measured: the check-ins page's content."""
    return settled((acc.row.checkin for _slug, acc in data.due(None, data.options.date)), data.options.date,
                   measured, None, data.options.date)


def _checkins(data: SiteData, at: Callable[[str], Linker], found: list[Checkin]) -> str:
    here = at(CHECKINS)

    def link(slug: str) -> str | None:
        return here.to(links.account(slug)) if slug in data.accounts else None

    return checkins_page(found, data.options.date, link)
