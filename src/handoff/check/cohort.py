"""Check one lost-deal cohort file: shape, `id` = file name, counts that agree with `deals`."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import ValidationError

from handoff.check.findings import FileResult, Finding, unreadable
from handoff.record.bounds import calendar_text
from handoff.record.model import Cohort
from handoff.record.parse import Document, ParseError
from handoff.record.pydantic_errors import type_errors
from handoff.record.text import did_you_mean, looks_like_html, one_line
from handoff.repo.weeks import LOOKBACK_DAYS, OffCalendar, lookback, rank_reasons, week_end

COHORT_KEYS = tuple(Cohort.model_fields)
__all__ = ["COHORT_KEYS", "LOOKBACK_DAYS", "check_cohort", "lookback", "rank_reasons", "week_end"]


def check_cohort(path: str, stem: str, parsed: Document | ParseError) -> FileResult:
    if isinstance(parsed, ParseError):
        return unreadable(path, "cohort", parsed.line, parsed.code, parsed.message)
    doc = parsed
    found: list[Finding] = []

    def add(loc: tuple[str | int, ...], code: str, message: str, severity: str = "error") -> None:
        found.append(Finding(path, doc.line_of(*loc) if loc else 1, code, message, severity))  # type: ignore[arg-type]

    for key in doc.data:
        if key not in COHORT_KEYS:
            add((key,), "unknown-key", f"unknown key `{key}`{did_you_mean(key, COHORT_KEYS)}")
    try:
        cohort = Cohort.model_validate({k: v for k, v in doc.data.items() if k in COHORT_KEYS})
    except ValidationError as e:
        for loc, message in type_errors(e, skip_missing_keys=False):
            add(loc, "missing-key" if message.startswith("missing key") else "type", message)
        return FileResult(path, "cohort", "invalid", findings=tuple(found))

    if cohort.id != stem:
        add(("id",), "id-mismatch", f"`id` must equal the file name `{one_line(stem)}`")
    window: tuple[dt.date, dt.date] | None = None
    try:
        window = lookback(cohort.week)
    except OffCalendar:
        add(("week",), "date-range", f"`week` {cohort.week} is off the calendar handoff works in: "
            f"its Sunday must fall {calendar_text()}")
    except ValueError:
        add(("week",), "type", f"`week` {cohort.week} is not an ISO week")
    if cohort.lost_count != len(cohort.deals):
        listed_deals = len(cohort.deals)
        add(("lost_count",), "count-mismatch", f"lost_count is {cohort.lost_count} but `deals` lists {listed_deals}")
    ranked = rank_reasons([d.reason for d in cohort.deals])
    listed = [(r.reason, r.count) for r in cohort.top_reasons]
    if listed != ranked and not _same_up_to_ties(listed, ranked, cohort):
        want = ", ".join(f"{r} ({c})" for r, c in ranked) or "none"
        add(("top_reasons",), "reasons-mismatch", f"top_reasons must match `deals`: {want}")
    if window is not None:
        start, end = window
        for i, deal in enumerate(cohort.deals):
            if not start <= deal.closed <= end:
                add(("deals", i, "closed"), "outside-window",
                    f"deal {i + 1} closed {deal.closed}, outside the 90 days {start}..{end}", "warning")
    for key in ("watch", "segment"):
        value = getattr(cohort, key)
        if isinstance(value, str) and looks_like_html(value):
            add((key,), "html", f"`{key}` contains HTML or script; it will be shown as plain text", "warning")
    errors = any(f.severity == "error" for f in found)
    return FileResult(path, "cohort", "invalid" if errors else "valid", findings=tuple(found), cohort=cohort,
                      body=doc.body)


def _same_up_to_ties(listed: list[tuple[str, int]], ranked: list[tuple[str, int]], cohort: Cohort) -> bool:
    """Reasons tied on count may be listed in any order, and a tie at the cut-off may pick either."""
    counts = Counter(d.reason for d in cohort.deals)
    if len(listed) != len(ranked) or len({r for r, _ in listed}) != len(listed):
        return False
    if any(counts.get(r) != c for r, c in listed):
        return False
    return [c for _, c in listed] == [c for _, c in ranked]
