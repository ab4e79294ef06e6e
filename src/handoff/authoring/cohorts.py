"""`handoff cohort`: the weekly lost-deal cohort files, generated from `crm/closed-lost.csv`.

For week W the look-back is the contract's 90 days ending on W's Sunday
(`check_cohort.lookback`). Deals group by segment slug, so `Logistics` and
`logistics` are one cohort; the file id is `<week>-<segment-slug>` and the
`segment` value is the spelling most rows use. `top_reasons` are ranked by
`check_cohort.rank_reasons` (count, then name), so the output passes `handoff check`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from handoff.authoring.atomic import WriteRefused, check_writable, newline_of, write_text
from handoff.record.bounds import calendar_text
from handoff.record.text import did_you_mean, one_line, slugify
from handoff.record.yamlsafe import STR, ambiguous, implicit_tag, plain_number
from handoff.repo.config import Settings
from handoff.repo.crm.exports import ExportError
from handoff.repo.crm.exports import read_lost as read_export_lost
from handoff.repo.crm.model import CrmError, LostDeal
from handoff.repo.weeks import OffCalendar, lookback, rank_reasons


@dataclass(frozen=True)
class CohortFile:
    id: str
    segment: str
    deals: tuple[LostDeal, ...]
    text: str

    @property
    def path(self) -> str:
        return f"cohorts/{self.id}.md"


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _risky(value: str) -> bool:
    return value.lower() in _WORDS or _DIGITS.fullmatch(value) is not None or ambiguous(value)


_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9]{4}-[0-9].*")
_PLAIN_TEXT: dict[str, bool] = {}


def _plain_ok(text: str) -> bool:
    """May `text` be written plain: does every reader (YAML 1.1, 1.2, handoff's own) take it as this text?"""
    ok = _PLAIN_TEXT.get(text)
    if ok is None:  # keys, segments, reasons and reps repeat on every deal: decide each text once
        ok = _PLAIN_TEXT[text] = implicit_tag(text) == STR and not _risky(text)
    return ok


def _events(value: Any, out: list[Event]) -> None:
    """YAML events for plain data, handed straight to libyaml's emitter: no Python
    representer or resolver runs per value, which dominates the cost on thousands of deals.
    Text is quoted unless `_plain_ok`; numbers and dates are written plain."""
    if isinstance(value, str):
        out.append(ScalarEvent(None, None, (_plain_ok(value), True), value))
    elif isinstance(value, bool):  # pragma: no cover - cohorts hold no booleans
        raise TypeError("booleans are not written to cohorts")
    elif isinstance(value, (int, float)):
        out.append(ScalarEvent(None, None, (True, False), plain_number(value)))
    elif isinstance(value, dt.date):
        out.append(ScalarEvent(None, None, (True, False), value.isoformat()))
    elif isinstance(value, dict):
        out.append(MappingStartEvent(None, None, True, flow_style=False))
        for key, item in value.items():
            out.append(ScalarEvent(None, None, (_plain_ok(key), True), key))
            _events(item, out)
        out.append(MappingEndEvent())
    else:
        out.append(SequenceStartEvent(None, None, True, flow_style=False))
        for item in value:
            _events(item, out)
        out.append(SequenceEndEvent())


def dump(data: dict[str, Any]) -> str:
    events: list[Event] = [StreamStartEvent(), DocumentStartEvent(explicit=False)]
    _events(data, events)
    events += [DocumentEndEvent(explicit=False), StreamEndEvent()]
    return str(yaml.emit(events, Dumper=_Dumper, allow_unicode=True, width=1000))


def parse_week(week: str) -> tuple[dt.date, dt.date]:
    """The look-back of `week`, or WriteRefused naming the form."""
    try:
        if len(week) != 8 or week[4:6] != "-W":
            raise ValueError
        return lookback(week)
    except OffCalendar:
        raise WriteRefused(f"--week {week} is off the calendar handoff works in: give a week whose Sunday "
                           f"falls {calendar_text()}") from None
    except (ValueError, OverflowError):
        raise WriteRefused(f"--week {week!r} is not an ISO week; write YYYY-Www, e.g. 2026-W46") from None


def read_lost(root: Path, window: tuple[dt.date, dt.date] | None = None, settings: Settings | None = None
              ) -> list[LostDeal]:
    """The lost deals through the one CRM reader (a v1 export streams, never held whole)."""
    try:
        return read_export_lost(root, (settings or Settings()).crm, window)
    except (CrmError, ExportError) as e:
        raise WriteRefused(str(e)) from e


def build(deals: Iterable[LostDeal], week: str, segment: str | None, settings: Settings) -> list[CohortFile]:
    """One cohort per segment with losses in the look-back of `week` (only `segment`'s when named)."""
    start, end = parse_week(week)
    want = slugify(segment) if segment is not None else None
    groups: dict[str, list[LostDeal]] = {}
    slugs: dict[str, str] = {}
    for deal in deals:
        if start <= deal.closed <= end:
            slug = slugs.get(deal.segment)
            if slug is None:
                slug = slugs[deal.segment] = slugify(deal.segment)
            if want is None or slug == want:
                groups.setdefault(slug, []).append(deal)
    files = []
    for slug, group in sorted(groups.items()):
        if not slug:
            first = group[0]
            fix = "has no letters or digits" if first.segment else \
                "is empty: the export has no segment column; map `segment` in [crm.columns] of handoff.toml"
            raise WriteRefused(f"{settings.crm.lost}:{first.line}: segment {first.segment!r} {fix}")
        group.sort(key=lambda d: (d.closed, d.account))
        name = min(Counter(d.segment for d in group).most_common(), key=lambda sc: (-sc[1], sc[0]))[0]
        files.append(CohortFile(f"{week}-{slug}", name, tuple(group), render(f"{week}-{slug}", week, name, group,
                                                                            (start, end), settings)))
    return files


def render(cohort_id: str, week: str, segment: str, deals: list[LostDeal], window: tuple[dt.date, dt.date],
           settings: Settings) -> str:
    ranked = rank_reasons([d.reason for d in deals])
    data: dict[str, Any] = {
        "id": cohort_id,
        "week": week,
        "segment": segment,
        "lost_count": len(deals),
        "top_reasons": [{"reason": r, "count": c} for r, c in ranked],
        "watch": watch_line(ranked, len(deals), segment),
        "deals": [_deal(d) for d in deals],
    }
    front = dump(data)
    return f"---\n{front}---\n{summary(deals, ranked, segment, window, settings)}\n"


def _deal(d: LostDeal) -> dict[str, Any]:
    out: dict[str, Any] = {"account": d.account, "closed": d.closed}
    if d.arr is not None:
        out["arr"] = d.arr
    out["reason"] = d.reason
    if d.competitor:
        out["competitor"] = d.competitor
    if d.rep:
        out["rep"] = d.rep
    return out


def watch_line(ranked: list[tuple[str, int]], lost: int, segment: str) -> str:
    reason, count = ranked[0]
    return f"{reason} cost {count} of {lost} lost {segment} deals; expect the same pressure at month 4-6 of renewals."


def summary(deals: list[LostDeal], ranked: list[tuple[str, int]], segment: str, window: tuple[dt.date, dt.date],
            settings: Settings) -> str:
    n = len(deals)
    arr = sum(d.arr or 0 for d in deals)
    reasons = ", ".join(f"{r} ({c})" for r, c in ranked)
    text = (f"We lost {n} {segment} deal{'s' if n != 1 else ''} in the 90 days {window[0]} to {window[1]}"
            f"{f', {settings.money(arr)} ARR' if arr else ''}. Top reasons: {reasons}.")
    rivals = Counter(d.competitor for d in deals if d.competitor).most_common()
    if rivals:
        name, count = min(rivals, key=lambda rc: (-rc[1], rc[0]))
        text += f" Most named competitor: {name} ({count})."
    return text + " Bring this to the month 4-6 check-in of every account in this segment."


@dataclass(frozen=True)
class CohortRun:
    written: tuple[CohortFile, ...]
    window: tuple[dt.date, dt.date]


def write(root: Path, week: str, segment: str | None, force: bool, settings: Settings) -> CohortRun:
    """Generate and write the cohorts of `week`; all-or-nothing refusal before the first write."""
    window = parse_week(week)
    deals = read_lost(root, window, settings)
    if segment is not None and not any(slugify(d.segment) == slugify(segment) for d in deals):
        everyone = read_lost(root, None, settings)  # rare: is the segment unknown, or only quiet this quarter?
        if not any(slugify(d.segment) == slugify(segment) for d in everyone):
            hint = did_you_mean(segment, sorted({d.segment for d in everyone})) if len(segment) <= 200 else ""
            raise WriteRefused(f"{settings.crm.lost}: no lost deals in segment `{one_line(segment)}`{hint}")
    files = build(deals, week, segment, settings)
    folder = root / "cohorts"
    for f in files:
        check_writable(folder / f"{f.id}.md", f.path, force)
    for f in files:
        target = folder / f"{f.id}.md"
        newline = newline_of(target.read_bytes()) if target.is_file() else "\n"
        write_text(target, f.text, shown=f.path, force=force, newline=newline)
    return CohortRun(tuple(files), window)
