"""What every channel says: the digest as a `Brief`, with the Gap's accounts named.

The figures are the digest's own (`handoff.digest`), worded as `handoff digest` words
them. The Gap names each missing and partial account with its rep and ARR, highest ARR
first, and a link to its site page when `[site] url` is set: a partial record always has
a page; a missing one only once its record exists in the working tree (the site is built
from it), else the link would lead nowhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from handoff.digest.compute import DigestError, compute_digest
from handoff.digest.format import fact_line, plan_line, rejecter_line, skipper_line
from handoff.digest.model import Digest
from handoff.digest.state import RECORDS
from handoff.notify.errors import NotifyError
from handoff.record.model import item_label
from handoff.record.text import one_line, plural


@dataclass(frozen=True)
class Named:
    """One account of the Gap, as every channel names it."""

    account: str  # one line, at most 80 characters
    rep: str
    arr: str  # in the repo's currency: `$72,000`
    high: bool  # ARR strictly above the digest's high-ARR line
    missing: str  # partial: `missing field 5 (risk flags), field 7 (...)`; no record: empty
    url: str | None  # the account's site page

    def what(self) -> str:
        """`: missing field 5 (risk flags)` for a partial record, nothing for a missing one."""
        return f": {self.missing}" if self.missing else ""

    def rep_part(self) -> str:
        return f"rep {self.rep}, " if self.rep else ""

    def arr_part(self) -> str:
        return f"{self.arr} ARR" + (", high ARR" if self.high else "")

    def detail(self) -> str:
        """`rep Raj Patel, $72,000 ARR, high ARR`."""
        return self.rep_part() + self.arr_part()


@dataclass(frozen=True)
class Brief:
    date: str
    title: str  # `Handoff digest for 2026-11-23`
    subject: str  # `Handoff digest 2026-11-23: 3 missing, 4 partial (2 above $50,000)`
    plan: str
    fact: str
    gap: str
    missing: tuple[Named, ...]
    partial: tuple[Named, ...]
    skipper: str
    rejecter: str
    source: str  # the commit the figures come from
    gap_url: str | None


def fit(lines: Sequence[str], limit: int, tail: Callable[[int], str], most: int, sep: int = 1) -> list[str]:
    """The first lines whose total length (each plus `sep`) with `tail(rest)` stays within
    `limit`, at most `most` of them; `tail(n)` ("and n more") is appended when n > 0."""
    kept: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        rest = len(lines) - i - 1
        after = len(tail(rest)) + sep if rest else 0
        if len(kept) >= most or used + len(line) + sep + after > limit:
            return [*kept, tail(len(lines) - len(kept))]
        kept.append(line)
        used += len(line) + sep
    return kept


def _arr_first(items: list[tuple[float, Named]]) -> tuple[Named, ...]:
    return tuple(n for _, n in sorted(items, key=lambda t: (-t[0], t[1].account.casefold(), t[1].account)))


def brief_of(d: Digest, site_url: str, pages: Callable[[str], bool]) -> Brief:
    """The Brief of digest `d` (its missing accounts carry the Plan's reps and ARR);
    `pages(slug)` tells whether the site has that account's page."""
    money = d.settings.money
    base = site_url.rstrip("/")
    missing: list[tuple[float, Named]] = []
    for m in d.missing_details:
        url = f"{base}/accounts/{m.slug}/" if base and pages(m.slug) else None
        missing.append((m.arr, Named(one_line(m.account), one_line(m.rep), money(m.arr), m.arr > d.high_arr, "",
                                     url)))
    partial = [(p.arr, Named(one_line(p.account), one_line(p.rep), money(p.arr), p.arr > d.high_arr,
                             "malformed record" if p.problem else
                             "missing " + ", ".join(item_label(m) for m in p.missing_fields),
                             f"{base}/accounts/{p.slug}/" if base else None)) for p in d.partial_accounts]
    high = money(d.high_arr)
    gap = f"{plural(d.missing, 'account')} with no record, {plural(d.partial, 'account')} with a partial record"
    gap += f" ({len(d.partial_high)} above {high} ARR)" if d.partial else ""
    when = d.commit.committed.strftime("%Y-%m-%d %H:%M %z")
    return Brief(
        date=d.date.isoformat(), title=f"Handoff digest for {d.date.isoformat()}",
        subject=f"Handoff digest {d.date.isoformat()}: {d.missing} missing, {d.partial} partial "
                f"({len(d.partial_high)} above {high})",
        plan=plan_line(d, "→"), fact=fact_line(d, "→"), gap=gap,
        missing=_arr_first(missing), partial=_arr_first(partial),
        skipper=skipper_line(d, one_line), rejecter=rejecter_line(d, one_line),
        source=f"deals closed-won {d.window_start.isoformat()} to {d.date.isoformat()}, "
               f"from commit {d.commit.sha[:8]} ({when})",
        gap_url=f"{base}/gap/" if base else None)


def build_brief(root: Path, date: dt.date, days: int | None, high_arr: float | None, site_url: str) -> Brief:
    """The digest as of `date`, as `handoff digest` computes it, made a Brief."""
    try:
        d = compute_digest(root, date, days, high_arr)  # reads back from HEAD only as far as the window
    except DigestError as e:
        raise NotifyError(str(e)) from None
    return brief_of(d, site_url, lambda slug: (root / RECORDS / f"{slug}.md").is_file())
